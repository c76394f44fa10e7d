-- One enrollment per student and course; refunded ones are kept (history) but grant no access.
CREATE TABLE enrollments (
  id uuid PRIMARY KEY,
  student_id uuid NOT NULL REFERENCES edu_users (id) ON DELETE CASCADE,
  course_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'refunded')),
  source text NOT NULL CHECK (source IN ('free', 'payment')),
  payment_id uuid,
  completed_lessons integer NOT NULL DEFAULT 0 CHECK (completed_lessons >= 0),
  last_activity_at timestamptz,
  completed_at timestamptz,
  refunded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT enrollments_student_course UNIQUE (student_id, course_id)
);
-- Keyset pages: a student's enrollments (newest first) and a course's students.
CREATE INDEX enrollments_student_page ON enrollments (student_id, id);
CREATE INDEX enrollments_course_page ON enrollments (course_id, id);

-- A completed lesson; rows of lessons deleted later stay, and reads count only lessons that still exist.
CREATE TABLE lesson_progress (
  enrollment_id uuid NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
  lesson_id uuid NOT NULL,
  completed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (enrollment_id, lesson_id)
);
