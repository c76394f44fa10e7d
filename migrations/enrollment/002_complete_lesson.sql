-- Completing a lesson in one round trip. Each statement of a PL/pgSQL function takes a fresh snapshot
-- (READ COMMITTED), so after waiting for the enrollment row lock the count sees every completion
-- committed before it: parallel completions of a student's last lessons complete the course once.
CREATE FUNCTION enrollment_complete_lesson(p_student uuid, p_course uuid, p_lesson uuid, p_lessons uuid[])
RETURNS TABLE (enrollment_id uuid, state text, inserted boolean, completed integer, completes_now boolean, completed_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
  v_id uuid;
  v_status text;
  v_inserted boolean;
  v_done integer;
  v_total integer := coalesce(cardinality(p_lessons), 0);
  v_now boolean;
  v_completed_at timestamptz;
BEGIN
  SELECT e.id, e.status, e.completed_at INTO v_id, v_status, v_completed_at
    FROM enrollments e WHERE e.student_id = p_student AND e.course_id = p_course FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT NULL::uuid, 'none'::text, false, 0, false, NULL::timestamptz;
    RETURN;
  END IF;
  IF v_status = 'refunded' THEN
    RETURN QUERY SELECT v_id, v_status, false, 0, false, v_completed_at;
    RETURN;
  END IF;
  INSERT INTO lesson_progress (enrollment_id, lesson_id) VALUES (v_id, p_lesson) ON CONFLICT DO NOTHING;
  v_inserted := FOUND;
  SELECT count(*)::int INTO v_done FROM lesson_progress lp WHERE lp.enrollment_id = v_id AND lp.lesson_id = ANY(p_lessons);
  v_now := v_status = 'active' AND v_total > 0 AND v_done = v_total;
  IF v_inserted OR v_now THEN
    UPDATE enrollments e SET completed_lessons = v_done, last_activity_at = now(), updated_at = now(),
        status = CASE WHEN v_now THEN 'completed' ELSE e.status END,
        completed_at = CASE WHEN v_now THEN now() ELSE e.completed_at END
      WHERE e.id = v_id RETURNING e.status, e.completed_at INTO v_status, v_completed_at;
  END IF;
  RETURN QUERY SELECT v_id, v_status, v_inserted, v_done, v_now, v_completed_at;
END
$$;
