-- AI tutor: spaced-repetition review of the quiz questions a student has answered (FSRS, through ts-fsrs).
-- One item per student and question; `card` is the FSRS memory state (stability, difficulty, reps, lapses, state,
-- last review), `due` when it is next due. `last_attempt_id` makes the attempt handler idempotent.
CREATE TABLE ai_review_items (
  id uuid PRIMARY KEY,
  student_id uuid NOT NULL,
  course_id uuid NOT NULL,
  lesson_id uuid NOT NULL,
  question_id uuid NOT NULL,
  card jsonb NOT NULL,
  due timestamptz NOT NULL,
  last_attempt_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (student_id, question_id)
);
-- "Due now" for one student, oldest first.
CREATE INDEX ai_review_items_due ON ai_review_items (student_id, due, id);
-- A refund removes a student's items of one course.
CREATE INDEX ai_review_items_course ON ai_review_items (course_id, student_id);
