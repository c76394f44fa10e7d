-- The attempt that first passed: set once (COALESCE under the row lock), so exactly one attempt per
-- student and quiz is the first pass, even when several passing attempts commit together.
ALTER TABLE quiz_progress ADD COLUMN passed_attempt_id uuid;
