-- A lesson's quiz (lessons of type `quiz`). `version` grows with every replacement, so an attempt
-- names the quiz it was graded against.
CREATE TABLE quizzes (
  lesson_id uuid PRIMARY KEY,
  course_id uuid NOT NULL,
  pass_score integer NOT NULL CHECK (pass_score BETWEEN 0 AND 100),
  max_attempts integer CHECK (max_attempts >= 1),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quizzes_course ON quizzes (course_id);

-- The questions of a quiz, in order. `answer` is the authoring form (option indexes, a boolean or the
-- accepted answers); it never leaves the server before a student submits.
CREATE TABLE quiz_questions (
  id uuid PRIMARY KEY,
  lesson_id uuid NOT NULL REFERENCES quizzes (lesson_id) ON DELETE CASCADE,
  position integer NOT NULL,
  type text NOT NULL CHECK (type IN ('single', 'multiple', 'true_false', 'short_text')),
  prompt text NOT NULL,
  options jsonb,
  answer jsonb NOT NULL,
  explanation text
);
CREATE INDEX quiz_questions_lesson ON quiz_questions (lesson_id, position);

-- A graded attempt with a snapshot of what was graded (prompts, options, answers, explanations), so
-- later edits of the quiz never rewrite it. Ids are UUIDv7: newest first is `id DESC`.
CREATE TABLE quiz_attempts (
  id uuid PRIMARY KEY,
  lesson_id uuid NOT NULL,
  course_id uuid NOT NULL,
  student_id uuid NOT NULL REFERENCES edu_users (id) ON DELETE CASCADE,
  quiz_version integer NOT NULL,
  pass_score integer NOT NULL,
  score integer NOT NULL CHECK (score BETWEEN 0 AND 100),
  passed boolean NOT NULL,
  graded jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quiz_attempts_student_lesson ON quiz_attempts (student_id, lesson_id, id);

-- One row per student and quiz: the attempt counter that enforces the attempt limit in one statement
-- (INSERT … ON CONFLICT DO UPDATE … WHERE attempts_used < limit), and whether the student has passed,
-- which the lesson completion guard reads by primary key.
CREATE TABLE quiz_progress (
  student_id uuid NOT NULL REFERENCES edu_users (id) ON DELETE CASCADE,
  lesson_id uuid NOT NULL,
  attempts_used integer NOT NULL CHECK (attempts_used >= 0),
  best_score integer NOT NULL CHECK (best_score BETWEEN 0 AND 100),
  passed_at timestamptz,
  PRIMARY KEY (student_id, lesson_id)
);
