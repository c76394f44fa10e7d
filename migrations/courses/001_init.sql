-- Courses plugin: categories, courses, modules, lessons.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE course_categories (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The starter set; admins add more with POST /categories.
INSERT INTO course_categories (id, slug, name, position) VALUES
  (gen_random_uuid(), 'programming', 'Programming', 1),
  (gen_random_uuid(), 'data-science', 'Data Science', 2),
  (gen_random_uuid(), 'design', 'Design & Art', 3),
  (gen_random_uuid(), 'business', 'Business', 4),
  (gen_random_uuid(), 'languages', 'Languages', 5),
  (gen_random_uuid(), 'music', 'Music', 6),
  (gen_random_uuid(), 'photography', 'Photography & Video', 7),
  (gen_random_uuid(), 'marketing', 'Marketing', 8),
  (gen_random_uuid(), 'devops', 'DevOps & Cloud', 9),
  (gen_random_uuid(), 'mathematics', 'Mathematics', 10),
  (gen_random_uuid(), 'personal-development', 'Personal Development', 11),
  (gen_random_uuid(), 'health', 'Health & Fitness', 12);

CREATE TABLE courses (
  id uuid PRIMARY KEY,
  teacher_id uuid NOT NULL REFERENCES edu_users (id) ON DELETE RESTRICT,
  category_id uuid REFERENCES course_categories (id) ON DELETE RESTRICT,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  slug text NOT NULL UNIQUE,
  description text NOT NULL DEFAULT '',
  level text NOT NULL DEFAULT 'beginner' CHECK (level IN ('beginner', 'intermediate', 'advanced')),
  price_cents integer NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
  currency text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  cover_image_url text CHECK (cover_image_url LIKE 'https://%'),
  language text NOT NULL DEFAULT 'en',
  tags text[] NOT NULL DEFAULT '{}',
  duration_minutes integer NOT NULL DEFAULT 0 CHECK (duration_minutes >= 0),
  module_count integer NOT NULL DEFAULT 0 CHECK (module_count >= 0),
  lesson_count integer NOT NULL DEFAULT 0 CHECK (lesson_count >= 0),
  enrollment_count integer NOT NULL DEFAULT 0 CHECK (enrollment_count >= 0),
  avg_rating numeric(3, 2) NOT NULL DEFAULT 0 CHECK (avg_rating BETWEEN 0 AND 5),
  review_count integer NOT NULL DEFAULT 0 CHECK (review_count >= 0),
  -- What `q` searches: typo-tolerant word similarity over title and description.
  search_text text GENERATED ALWAYS AS (title || ' ' || description) STORED,
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status = 'draft' OR published_at IS NOT NULL)
);

-- One index per catalogue sort, only over what the catalogue shows.
CREATE INDEX courses_published_newest ON courses (published_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX courses_published_price ON courses (price_cents, id) WHERE status = 'published';
CREATE INDEX courses_published_rating ON courses (avg_rating DESC, review_count DESC, id DESC) WHERE status = 'published';
CREATE INDEX courses_published_popular ON courses (enrollment_count DESC, id DESC) WHERE status = 'published';
CREATE INDEX courses_published_category ON courses (category_id, published_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX courses_teacher ON courses (teacher_id, created_at DESC, id DESC);
CREATE INDEX courses_title_trgm ON courses USING gin (title gin_trgm_ops);
CREATE INDEX courses_search_trgm ON courses USING gin (search_text gin_trgm_ops);

CREATE TABLE course_modules (
  id uuid PRIMARY KEY,
  course_id uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 0),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Reordering renumbers in one transaction; the check runs at commit.
  CONSTRAINT course_modules_position UNIQUE (course_id, position) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE course_lessons (
  id uuid PRIMARY KEY,
  course_id uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  module_id uuid NOT NULL REFERENCES course_modules (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 0),
  title text NOT NULL,
  type text NOT NULL DEFAULT 'text' CHECK (type IN ('text', 'video', 'quiz')),
  body text NOT NULL DEFAULT '',
  body_html text NOT NULL DEFAULT '',
  video_url text CHECK (video_url LIKE 'https://%'),
  duration_minutes integer NOT NULL DEFAULT 0 CHECK (duration_minutes >= 0),
  is_preview boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT course_lessons_position UNIQUE (module_id, position) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX course_lessons_course ON course_lessons (course_id);
