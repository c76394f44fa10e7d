-- A course's enrollment count moved by another plugin's statement (an enrollment written with its count in
-- one round trip): `SELECT courses_adjust_enrollment_count(course, delta)` as a CTE of that statement.
-- Never below 0. An unknown course raises no_data_found (P0002), which undoes the whole statement, as the
-- transactional adjustEnrollmentCount's 404 undoes its transaction.
CREATE FUNCTION courses_adjust_enrollment_count(course uuid, delta integer) RETURNS uuid
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  UPDATE courses SET enrollment_count = GREATEST(enrollment_count + delta, 0) WHERE id = course;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = format('no course %s', course);
  END IF;
  RETURN course;
END
$$;
