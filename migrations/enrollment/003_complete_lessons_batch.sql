-- Completions that arrive together are committed together: one statement, one transaction and one
-- WAL flush for a batch instead of one each. Items run in (student, course) order, so two batches
-- lock enrollment rows in the same order and cannot deadlock each other; each item is the single
-- completion of migration 002, with its fresh snapshot per statement. `p_lesson_lists` holds each
-- item's course lesson ids, comma-separated.
CREATE FUNCTION enrollment_complete_lessons(p_students uuid[], p_courses uuid[], p_lessons uuid[], p_lesson_lists text[])
RETURNS TABLE (item integer, enrollment_id uuid, state text, inserted boolean, completed integer, completes_now boolean, completed_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
  i integer;
BEGIN
  FOR i IN
    SELECT o.i FROM generate_subscripts(p_students, 1) AS o(i) ORDER BY p_students[o.i], p_courses[o.i], o.i
  LOOP
    RETURN QUERY SELECT i, s.* FROM enrollment_complete_lesson(
      p_students[i], p_courses[i], p_lessons[i], string_to_array(p_lesson_lists[i], ',')::uuid[]) AS s;
  END LOOP;
END
$$;
