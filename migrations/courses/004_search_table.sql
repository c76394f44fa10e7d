-- Search reads a narrow table of its own. A broad search ("understanding", "getting started") matches
-- thousands of courses, and ranking them read each one's whole `courses` row (~1 kB with the
-- description and the vector): at 100,000 courses the heap outgrew the buffer cache and such a search
-- took 15-30 ms. `course_search` holds only what a search filters, sorts and ranks on, for published
-- courses only: about half the bytes, and it stays cached. `courses` keeps it current by trigger.
CREATE TABLE course_search (
  id uuid PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
  search_vector tsvector NOT NULL,
  level text NOT NULL,
  category_id uuid,
  price_cents integer NOT NULL,
  avg_rating numeric(3, 2) NOT NULL,
  review_count integer NOT NULL,
  enrollment_count integer NOT NULL,
  published_at timestamptz NOT NULL
) WITH (fillfactor = 90); -- room on each page for count updates to stay HOT

INSERT INTO course_search (id, search_vector, level, category_id, price_cents, avg_rating, review_count, enrollment_count, published_at)
SELECT id, search_vector, level, category_id, price_cents, avg_rating, review_count, enrollment_count, published_at
FROM courses WHERE status = 'published';

CREATE INDEX course_search_filtered ON course_search USING gin (search_vector, level, category_id);

-- Title weight A, description weight B, 'simple' config (no stemming, no stop words), as before.
CREATE FUNCTION course_search_vector(title text, description text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('simple'::regconfig, title), 'A') || setweight(to_tsvector('simple'::regconfig, description), 'B')
$$;

-- A published course has its row; any other status has none. A change that leaves the text alone
-- (a count, a price) updates the row without building the vector again.
CREATE FUNCTION course_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status <> 'published' THEN
    DELETE FROM course_search WHERE id = NEW.id;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'published' AND OLD.title = NEW.title AND OLD.description = NEW.description THEN
    UPDATE course_search SET level = NEW.level, category_id = NEW.category_id, price_cents = NEW.price_cents,
        avg_rating = NEW.avg_rating, review_count = NEW.review_count, enrollment_count = NEW.enrollment_count,
        published_at = NEW.published_at
      WHERE id = NEW.id;
    IF FOUND THEN
      RETURN NULL;
    END IF;
  END IF;
  INSERT INTO course_search (id, search_vector, level, category_id, price_cents, avg_rating, review_count, enrollment_count, published_at)
  VALUES (NEW.id, course_search_vector(NEW.title, NEW.description), NEW.level, NEW.category_id, NEW.price_cents,
          NEW.avg_rating, NEW.review_count, NEW.enrollment_count, NEW.published_at)
  ON CONFLICT (id) DO UPDATE SET search_vector = EXCLUDED.search_vector, level = EXCLUDED.level,
    category_id = EXCLUDED.category_id, price_cents = EXCLUDED.price_cents, avg_rating = EXCLUDED.avg_rating,
    review_count = EXCLUDED.review_count, enrollment_count = EXCLUDED.enrollment_count, published_at = EXCLUDED.published_at;
  RETURN NULL;
END
$$;
CREATE TRIGGER courses_search_insert AFTER INSERT ON courses
  FOR EACH ROW WHEN (NEW.status = 'published') EXECUTE FUNCTION course_search_sync();
CREATE TRIGGER courses_search_update AFTER UPDATE ON courses
  FOR EACH ROW WHEN (
    (OLD.status, OLD.title, OLD.description, OLD.level, OLD.category_id, OLD.price_cents, OLD.avg_rating,
     OLD.review_count, OLD.enrollment_count, OLD.published_at)
    IS DISTINCT FROM
    (NEW.status, NEW.title, NEW.description, NEW.level, NEW.category_id, NEW.price_cents, NEW.avg_rating,
     NEW.review_count, NEW.enrollment_count, NEW.published_at))
  EXECUTE FUNCTION course_search_sync();

-- The word list now grows from what is searchable: published courses' words (drafts' words wait).
-- The functions of migration 002 read `search_vector` of the new rows, which these rows have too.
DROP TRIGGER courses_search_words_insert ON courses;
DROP TRIGGER courses_search_words_update ON courses;
CREATE TRIGGER course_search_words_insert AFTER INSERT ON course_search
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION course_search_words_of_inserted();
-- Row by row, and only when the text changed: a count update must not walk the words.
CREATE TRIGGER course_search_words_update AFTER UPDATE OF search_vector ON course_search
  FOR EACH ROW WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector)
  EXECUTE FUNCTION course_search_words_of_updated();

-- The full-text column on `courses` was stored for every course and rebuilt on every update of the
-- row (an enrollment count, too); the search table has it now.
DROP INDEX courses_search_filtered;
DROP INDEX courses_search;
ALTER TABLE courses DROP COLUMN search_vector;

ANALYZE course_search;
