-- A module's lesson count, kept by the statement that adds or removes one of its lessons (as the course's
-- module_count, lesson_count and duration_minutes are): a new lesson's position is the count read from the
-- locked course's module row, and the course's counters move by what the statement wrote, so no write
-- counts a course's or a module's lessons again. Backfilled here, with the course counters made exact.
ALTER TABLE course_modules ADD COLUMN lesson_count integer NOT NULL DEFAULT 0 CHECK (lesson_count >= 0);

UPDATE course_modules m SET lesson_count = l.n
FROM (SELECT module_id, count(*)::int AS n FROM course_lessons GROUP BY module_id) l
WHERE l.module_id = m.id;

UPDATE courses c SET module_count = s.modules, lesson_count = s.lessons, duration_minutes = s.minutes
FROM (
  SELECT c.id,
    (SELECT count(*)::int FROM course_modules m WHERE m.course_id = c.id) AS modules,
    (SELECT count(*)::int FROM course_lessons l WHERE l.course_id = c.id) AS lessons,
    (SELECT coalesce(sum(duration_minutes), 0)::int FROM course_lessons l WHERE l.course_id = c.id) AS minutes
  FROM courses c
) s
WHERE s.id = c.id AND (c.module_count, c.lesson_count, c.duration_minutes) IS DISTINCT FROM (s.modules, s.lessons, s.minutes);
