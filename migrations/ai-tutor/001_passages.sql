-- AI tutor: lessons split into passages for grounded answers, searched with PostgreSQL full text search.
-- `text` is a verbatim slice of the lesson body (what a citation quotes). The English configuration stems and drops
-- stop words; the lesson title is part of every passage's vector (weight B) so a passage is found by its topic too.
CREATE TABLE ai_passages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  course_id uuid NOT NULL,
  lesson_id uuid NOT NULL,
  position integer NOT NULL,
  lesson_title text NOT NULL,
  text text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, text), 'A') || setweight(to_tsvector('english'::regconfig, lesson_title), 'B')
  ) STORED,
  UNIQUE (lesson_id, position)
);
CREATE INDEX ai_passages_tsv ON ai_passages USING gin (tsv);
CREATE INDEX ai_passages_course ON ai_passages (course_id);

-- Which version (content fingerprint) of each lesson the passages were made from; one row per lesson, text or not.
CREATE TABLE ai_indexed_lessons (
  lesson_id uuid PRIMARY KEY,
  course_id uuid NOT NULL,
  version text NOT NULL,
  indexed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ai_indexed_lessons_course ON ai_indexed_lessons (course_id);
