import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '../../plugins/courses/src/index.ts'
import { seedCourses, setEnrollmentCounts, setRatingStats } from './courses.ts'

let t: TestEngine
let client: pg.Client
let teachers: string[]

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses()] })
  teachers = []
  for (let i = 0; i < 3; i++) teachers.push((await t.asTeacher()).user.id)
  client = new pg.Client({ connectionString: t.databaseUrl })
  await client.connect()
})
afterAll(async () => {
  await client?.end()
  await t?.close()
})

const fingerprint = async () => {
  const { rows } = await client.query(`SELECT
    (SELECT md5(string_agg(id::text || teacher_id::text || title || slug || description || level || price_cents || status || array_to_string(tags, ',') || lesson_count || coalesce(published_at::text, ''), '|' ORDER BY id)) FROM courses) AS c,
    (SELECT md5(string_agg(id::text || course_id::text || position || title, '|' ORDER BY id)) FROM course_modules) AS m,
    (SELECT md5(string_agg(id::text || module_id::text || position || title || type || md5(body) || is_preview, '|' ORDER BY id)) FROM course_lessons) AS l`)
  return rows[0]
}
const indexes = async () => (await client.query(`SELECT indexname FROM pg_indexes WHERE tablename IN ('courses', 'course_modules', 'course_lessons') ORDER BY 1`)).rows.map((r) => r.indexname)

describe('seedCourses', () => {
  it('fills courses, modules and lessons with exact counters, contiguous positions and its indexes back', async () => {
    const before = await indexes()
    const progress: number[] = []
    const result = await seedCourses(client, { courses: 200, teachers, seed: 42, onProgress: (done) => progress.push(done) })
    expect(result.courses).toBe(200)
    expect(progress.at(-1)).toBe(200)
    expect(await indexes()).toEqual(before)

    const { rows: [counts] } = await client.query(`SELECT
      (SELECT count(*)::int FROM courses) AS courses, (SELECT count(*)::int FROM course_modules) AS modules, (SELECT count(*)::int FROM course_lessons) AS lessons,
      (SELECT count(*)::int FROM courses WHERE status = 'published') AS published, (SELECT count(DISTINCT category_id)::int FROM courses) AS categories,
      (SELECT count(*)::int FROM courses WHERE price_cents = 0) AS free, (SELECT count(DISTINCT teacher_id)::int FROM courses) AS teachers`)
    expect(counts).toMatchObject({ courses: 200, modules: result.modules, lessons: result.lessons, published: result.published.length, categories: 12, teachers: 3 })
    expect(result.modules).toBeGreaterThanOrEqual(600)
    expect(result.modules).toBeLessThanOrEqual(1000)
    expect(result.lessons).toBeGreaterThanOrEqual(result.modules * 5)
    expect(result.lessons).toBeLessThanOrEqual(result.modules * 10)
    expect(counts.free).toBeGreaterThan(30)
    expect(counts.free).toBeLessThan(110)

    const { rows: wrong } = await client.query(`SELECT c.id FROM courses c
      WHERE lesson_count <> (SELECT count(*) FROM course_lessons l WHERE l.course_id = c.id)
         OR module_count <> (SELECT count(*) FROM course_modules m WHERE m.course_id = c.id)
         OR duration_minutes <> (SELECT coalesce(sum(duration_minutes), 0) FROM course_lessons l WHERE l.course_id = c.id)
         OR (SELECT count(*) FROM course_lessons l WHERE l.course_id = c.id AND is_preview) <> 1`)
    expect(wrong).toEqual([])
    const { rows: wrongModules } = await client.query(
      'SELECT m.id FROM course_modules m WHERE lesson_count <> (SELECT count(*) FROM course_lessons l WHERE l.module_id = m.id)')
    expect(wrongModules).toEqual([])
    const { rows: gaps } = await client.query(`SELECT module_id FROM course_lessons GROUP BY module_id HAVING max(position) <> count(*) - 1 OR min(position) <> 0
      UNION ALL SELECT course_id FROM course_modules GROUP BY course_id HAVING max(position) <> count(*) - 1 OR min(position) <> 0`)
    expect(gaps).toEqual([])
    const { rows: orphans } = await client.query(`SELECT count(*)::int AS n FROM course_lessons l LEFT JOIN course_modules m ON m.id = l.module_id WHERE m.id IS NULL OR m.course_id <> l.course_id`)
    expect(orphans[0].n).toBe(0)
    expect(result.published[0]!.lessonIds.length).toBeGreaterThanOrEqual(15)
  })

  it('serves the seeded catalogue through the API: search, detail, curriculum, preview lesson', async () => {
    const { rows: [course] } = await client.query(`SELECT id, title FROM courses WHERE status = 'published' ORDER BY id LIMIT 1`)
    const typo = course.title.split(' ').map((w: string) => (w.length > 5 ? w.slice(0, -2) + w.at(-1) + w.at(-2) : w)).join(' ')
    const found = await t.inject({ method: 'GET', url: `/api/v1/courses?q=${encodeURIComponent(typo)}&limit=100` })
    expect(found.statusCode).toBe(200)
    expect(found.json().items.map((i: { id: string }) => i.id)).toContain(course.id)
    const curriculum = (await t.inject({ method: 'GET', url: `/api/v1/courses/${course.id}/curriculum` })).json()
    const preview = curriculum.modules[0].lessons[0]
    expect(preview.isPreview).toBe(true)
    const lesson = await t.inject({ method: 'GET', url: `/api/v1/lessons/${preview.id}` })
    expect(lesson.statusCode).toBe(200)
    expect(lesson.json().bodyHtml).toContain('<h2>')
    expect(lesson.json().bodyHtml).not.toContain('<script')
  })

  it('is deterministic under the seed, refuses to seed twice, and varies with the seed', async () => {
    const first = await fingerprint()
    await expect(seedCourses(client, { courses: 200, teachers, seed: 42 })).rejects.toThrow(/fresh database/)
    expect(await fingerprint()).toEqual(first)
    await client.query('TRUNCATE courses CASCADE')
    await seedCourses(client, { courses: 200, teachers, seed: 42 })
    expect(await fingerprint()).toEqual(first)
    await client.query('TRUNCATE courses CASCADE')
    await seedCourses(client, { courses: 200, teachers, seed: 43 })
    expect((await fingerprint()).c).not.toEqual(first.c)
  })

  it('sets enrollment counts and rating stats in bulk', async () => {
    const { rows } = await client.query(`SELECT id FROM courses ORDER BY id LIMIT 2`)
    await setEnrollmentCounts(client, new Map([[rows[0].id, 5], [rows[1].id, 7]]))
    await setRatingStats(client, new Map([[rows[0].id, { avgRating: 4.333, reviewCount: 3 }]]))
    const { rows: after } = await client.query(`SELECT enrollment_count, avg_rating::float8 AS avg, review_count FROM courses WHERE id = ANY($1) ORDER BY id`, [[rows[0].id, rows[1].id]])
    expect(after).toEqual([{ enrollment_count: 5, avg: 4.33, review_count: 3 }, { enrollment_count: 7, avg: 0, review_count: 0 }])
  })
})
