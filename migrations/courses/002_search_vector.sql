-- Search becomes full text with spelling correction, as the pg_trgm documentation suggests for text
-- search: `search_vector` (title weight A, description weight B, 'simple' config: no stemming, no
-- stop words) behind a GIN index, and the catalogue's distinct words in `course_search_words` behind a
-- trigram index. A query word that is not in the list is replaced by its nearest words in it.
-- Rechecking trigram word similarity over whole descriptions cost ~70 µs a row; this does not.

-- The trigram indexes go first, so the rewrite below does not rebuild them.
DROP INDEX courses_search_trgm;
DROP INDEX courses_title_trgm;
ALTER TABLE courses DROP COLUMN search_text;

ALTER TABLE courses ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple'::regconfig, title), 'A') || setweight(to_tsvector('simple'::regconfig, description), 'B')
) STORED;
CREATE INDEX courses_search ON courses USING gin (search_vector);

-- Words only ever get added: a word no course uses any more finds nothing, which is harmless.
-- GiST, not GIN: the nearest words are found by ordering on distance (`word <-> token`).
CREATE TABLE course_search_words (word text PRIMARY KEY);
CREATE INDEX course_search_words_trgm ON course_search_words USING gist (word gist_trgm_ops);

INSERT INTO course_search_words (word)
SELECT DISTINCT w FROM courses, unnest(tsvector_to_array(search_vector)) AS w ORDER BY w;

-- New words of inserted and edited courses join the list. Inserted in word order, so concurrent
-- writers adding the same new words wait on each other instead of deadlocking.
CREATE FUNCTION course_search_words_of_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO course_search_words (word)
  SELECT DISTINCT w FROM inserted, unnest(tsvector_to_array(inserted.search_vector)) AS w ORDER BY w
  ON CONFLICT (word) DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER courses_search_words_insert AFTER INSERT ON courses
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION course_search_words_of_inserted();

CREATE FUNCTION course_search_words_of_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO course_search_words (word)
  SELECT w FROM unnest(tsvector_to_array(NEW.search_vector)) AS w ORDER BY w
  ON CONFLICT (word) DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER courses_search_words_update AFTER UPDATE OF title, description ON courses
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM NEW.description)
  EXECUTE FUNCTION course_search_words_of_updated();

-- The planner needs the new column's statistics (lexeme frequencies) to choose between indexes.
ANALYZE courses, course_search_words;
