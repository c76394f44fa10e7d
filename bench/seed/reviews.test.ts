import pg from 'pg'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { reviews } from '@eduplatform/plugin-reviews'
import { createTestEngine, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setRatingStats } from './courses.ts'
import { seedEnrollments } from './enrollment.ts'
import { seedPayments, type SeedCourse } from './payments.ts'
import { seedReviews } from './reviews.ts'

let t: TestEngine
let client: pg.Client
const seeded: SeedCourse[] = []
let studentIds: string[]

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), payments(), reviews()] })
  client = new pg.Client({ connectionString: t.databaseUrl })
  await client.connect()
  const teacher = await t.asTeacher()
  studentIds = (await Promise.all(Array.from({ length: 30 }, () => t.asStudent()))).map((s) => s.user.id)
  for (let i = 0; i < 5; i++) {
    const priceCents = i === 4 ? 1900 : 0
    const c = (await teacher.inject({ method: 'POST', url: '/api/v1/courses', payload: { title: `Seeded ${i}`, priceCents, currency: 'USD' } })).json()
    const m = (await teacher.inject({ method: 'POST', url: `/api/v1/courses/${c.id}/modules`, payload: { title: 'M' } })).json()
    const lessonIds: string[] = []
    for (let k = 0; k < 3; k++) {
      lessonIds.push((await teacher.inject({ method: 'POST', url: `/api/v1/modules/${m.id}/lessons`, payload: { title: `L${k}`, body: 'x' } })).json().id)
    }
    await teacher.inject({ method: 'PATCH', url: `/api/v1/courses/${c.id}`, payload: { status: 'published' } })
    seeded.push({ id: c.id, priceCents, currency: 'USD', lessonIds })
  }
  const paid = await seedPayments(client, { students: studentIds, courses: seeded, count: 10, seed: 3 })
  await seedEnrollments(client, { students: studentIds, courses: seeded, payments: paid, count: 120, seed: 3 })
})
afterAll(async () => {
  await client?.end()
  await t?.close()
})

const fingerprint = async () => (await client.query(
  `SELECT md5(string_agg(id::text || course_id || author_id || rating || comment || hidden || coalesce(reply_body, '') || created_at::text, '|' ORDER BY id)) AS f,
          count(*)::int AS n FROM reviews`)).rows[0]

describe('seedReviews', () => {
  it('writes reviews of enrolled, not refunded students with exact figures on the courses, deterministically', async () => {
    const progress: number[] = []
    const result = await seedReviews(client, { count: 80, seed: 11, onProgress: (done) => progress.push(done) })
    expect(result.reviews).toBe(80)
    expect(progress.at(-1)).toBe(80)
    await setRatingStats(client, result.statsByCourse)

    const { rows: outsiders } = await client.query(
      `SELECT r.id FROM reviews r LEFT JOIN enrollments e ON e.student_id = r.author_id AND e.course_id = r.course_id
       WHERE e.id IS NULL OR e.status = 'refunded'`)
    expect(outsiders).toEqual([])
    // The trigger-kept table as the trigger would have left it, and the courses' figures exact.
    const { rows: mismatches } = await client.query(
      `WITH truth AS (SELECT course_id, count(*)::int AS n, sum(rating)::int AS s, round(avg(rating), 2) AS avg FROM reviews WHERE NOT hidden GROUP BY course_id)
       SELECT c.id FROM courses c LEFT JOIN truth ON truth.course_id = c.id LEFT JOIN review_course_stats st ON st.course_id = c.id
       WHERE c.review_count <> coalesce(truth.n, 0) OR c.avg_rating <> coalesce(truth.avg, 0)
          OR coalesce(st.review_count, 0) <> coalesce(truth.n, 0) OR coalesce(st.rating_sum, 0) <> coalesce(truth.s, 0)`)
    expect(mismatches).toEqual([])
    const { rows: [{ reviewed }] } = await client.query('SELECT count(*)::int AS reviewed FROM courses WHERE review_count > 0')
    expect(reviewed).toBe(result.statsByCourse.size)

    // The API serves seeded rows like its own, and a new review moves the seeded figures exactly.
    const course = seeded[0]!
    const summary = (await t.inject({ method: 'GET', url: `/api/v1/courses/${course.id}/reviews/summary` })).json()
    const list = (await t.inject({ method: 'GET', url: `/api/v1/courses/${course.id}/reviews?limit=100` })).json()
    expect(list.items).toHaveLength(summary.reviewCount)
    expect(summary.reviewCount).toBe(result.statsByCourse.get(course.id)?.reviewCount)

    const before = await fingerprint()
    await client.query('TRUNCATE reviews, review_course_stats')
    const again = await seedReviews(client, { count: 80, seed: 11 })
    expect(await fingerprint()).toEqual(before)
    expect(again.statsByCourse).toEqual(result.statsByCourse)
    const other = await seedReviews(client, { count: 0, seed: 12 })
    expect(other.reviews).toBe(0)
    await client.query('TRUNCATE reviews, review_course_stats')
    await seedReviews(client, { count: 80, seed: 12 })
    expect((await fingerprint()).f).not.toBe(before.f)
  })
})
