-- A completion batch as one statement outside a transaction, for when only a course completion has an
-- event to record (`lesson.completed` has no subscribers): the batch of migration 003, refused as a whole
-- (SQLSTATE EDU01, nothing of it kept) when an item would complete its course, so that the caller runs it
-- again in a transaction that records `course.completed` with it.
CREATE FUNCTION enrollment_complete_lessons_unless_completing(p_students uuid[], p_courses uuid[], p_lessons uuid[], p_lesson_lists text[])
RETURNS TABLE (item integer, enrollment_id uuid, state text, inserted boolean, completed integer, completes_now boolean, completed_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT * FROM enrollment_complete_lessons(p_students, p_courses, p_lessons, p_lesson_lists) LOOP
    IF r.completes_now THEN
      RAISE EXCEPTION 'a lesson completion of this batch completes its course' USING ERRCODE = 'EDU01';
    END IF;
    item := r.item; enrollment_id := r.enrollment_id; state := r.state; inserted := r.inserted;
    completed := r.completed; completes_now := r.completes_now; completed_at := r.completed_at;
    RETURN NEXT;
  END LOOP;
END
$$;
