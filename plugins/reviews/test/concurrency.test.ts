import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestEngine } from '@eduplatform/core/testing'
import { courseFigures, engine, enrolledStudent, makeCourse, postReview, sql, type TestCourse } from './helpers.ts'

let t: TestEngine
let teacher: Actor
let c: TestCourse
let students: Actor[]

/** PostgreSQL's own rounding of the mean of the visible ratings (numeric, half away from zero). */
async function exactAverage(courseId: string): Promise<{ avg: number; n: number }> {
  const [row] = await sql<{ avg: string; n: number }>(t,
    'SELECT coalesce(round(avg(rating)::numeric, 2), 0)::text AS avg, count(*)::int AS n FROM reviews WHERE course_id = ? AND NOT hidden', [courseId])
  return { avg: Number(row!.avg), n: row!.n }
}

beforeAll(async () => {
  t = await engine()
  teacher = await t.asTeacher({ verified: true })
  c = await makeCourse(teacher, { lessons: 1 })
  students = []
  for (let i = 0; i < 50; i++) students.push(await enrolledStudent(t, c.courseId))
})
afterAll(async () => t?.close())

describe('the course figures under concurrency', () => {
  it('50 students reviewing one course at once give the exact average and count', async () => {
    // 1..5 cycled over 43 students (126), then 7 fives (35): 161 / 50 = 3.22
    const ratings = students.map((_, i) => (i < 43 ? (i % 5) + 1 : 5))
    const results = await Promise.all(students.map((s, i) => postReview(s, c.courseId, { rating: ratings[i], comment: `#${i}` })))
    expect(results.map((r) => r.statusCode)).toEqual(students.map(() => 201))
    const sum = ratings.reduce((a, b) => a + b, 0)
    expect(sum).toBe(161)
    expect(await exactAverage(c.courseId)).toEqual({ avg: 3.22, n: 50 })
    expect(await courseFigures(t, c.courseId)).toEqual({ avgRating: 3.22, reviewCount: 50 })
    const [stats] = await sql(t, 'SELECT review_count, rating_sum FROM review_course_stats WHERE course_id = ?', [c.courseId])
    expect(stats).toEqual({ review_count: 50, rating_sum: 161 })
  })

  it('concurrent edits, deletes and moderation keep it exact', async () => {
    const admin = await t.asAdmin()
    const ids = (await sql<{ id: string; author_id: string }>(t, 'SELECT id, author_id FROM reviews WHERE course_id = ? ORDER BY created_at, id', [c.courseId]))
    const byAuthor = new Map(students.map((s) => [s.user.id, s]))
    const work = ids.map(({ id, author_id }, i) => {
      const author = byAuthor.get(author_id)!
      if (i % 4 === 0) return author.inject({ method: 'PATCH', url: `/api/v1/reviews/${id}`, payload: { rating: 1 } })
      if (i % 4 === 1) return author.inject({ method: 'DELETE', url: `/api/v1/reviews/${id}` })
      if (i % 4 === 2) return admin.inject({ method: 'PATCH', url: `/api/v1/reviews/${id}/moderation`, payload: { hidden: true } })
      return author.inject({ method: 'PATCH', url: `/api/v1/reviews/${id}`, payload: { rating: 5, comment: 'better' } })
    })
    const results = await Promise.all(work)
    expect(results.map((r) => r.statusCode)).toEqual(ids.map((_, i) => (i % 4 === 1 ? 204 : 200)))
    const exact = await exactAverage(c.courseId)
    // 13 edited to 1, 12 edited to 5; 13 deleted, 12 hidden.
    expect(exact).toEqual({ avg: 2.92, n: 25 })
    expect(await courseFigures(t, c.courseId)).toEqual({ avgRating: exact.avg, reviewCount: 25 })
    const summary = await t.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/reviews/summary` })
    expect(summary.json()).toEqual({ courseId: c.courseId, avgRating: 2.92, reviewCount: 25, histogram: { 1: 13, 2: 0, 3: 0, 4: 0, 5: 12 } })
  })

  it("the catalogue's rating sort and minRating filter use the exact figures", async () => {
    const better = await makeCourse(teacher, { lessons: 1 })
    const fan = await enrolledStudent(t, better.courseId)
    expect((await postReview(fan, better.courseId, { rating: 4, comment: '' })).statusCode).toBe(201)
    const atLeast = await t.inject({ method: 'GET', url: '/api/v1/courses?minRating=3&limit=100' })
    expect(atLeast.json().items.map((i: { id: string }) => i.id)).toEqual([better.courseId])
    const bySort = await t.inject({ method: 'GET', url: '/api/v1/courses?sort=rating&limit=2' })
    expect(bySort.json().items.map((i: { id: string; avgRating: number }) => [i.id, i.avgRating])).toEqual([[better.courseId, 4], [c.courseId, 2.92]])
  })

  it('one student posting four times at once gets one review (201) and three 409s', async () => {
    const c2 = await makeCourse(teacher, { lessons: 1 })
    const student = await enrolledStudent(t, c2.courseId)
    const results = await Promise.all([1, 2, 3, 4].map((rating) => postReview(student, c2.courseId, { rating, comment: '' })))
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409])
    const rating = results.find((r) => r.statusCode === 201)!.json().rating
    expect(await courseFigures(t, c2.courseId)).toEqual({ avgRating: rating, reviewCount: 1 })
  })
})
