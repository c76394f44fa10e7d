import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { expect } from 'vitest'
import { reviews } from '../src/index.ts'

export const engine = () => createTestEngine({ plugins: [courses(), enrollment(), payments({ provider: 'mock' }), reviews()], config: { logLevel: (process.env.TEST_LOG_LEVEL ?? 'silent') as 'silent' } })

export interface TestCourse {
  courseId: string
  lessonIds: string[]
}

/** A published course built through the courses plugin's public API. */
export async function makeCourse(teacher: Actor, options: { priceCents?: number; lessons?: number } = {}): Promise<TestCourse> {
  const { priceCents = 0, lessons = 4 } = options
  const created = await teacher.inject({
    method: 'POST', url: '/api/v1/courses',
    payload: { title: `Course ${Math.random().toString(36).slice(2, 8)}`, description: 'A test course', priceCents, currency: 'USD' },
  })
  expect(created.statusCode, created.body).toBe(201)
  const courseId = created.json().id as string
  const mod = await teacher.inject({ method: 'POST', url: `/api/v1/courses/${courseId}/modules`, payload: { title: 'Module 1' } })
  expect(mod.statusCode, mod.body).toBe(201)
  const lessonIds: string[] = []
  for (let i = 0; i < lessons; i++) {
    const res = await teacher.inject({
      method: 'POST', url: `/api/v1/modules/${mod.json().id}/lessons`,
      payload: { title: `Lesson ${i + 1}`, type: 'text', body: `# Lesson ${i + 1}` },
    })
    expect(res.statusCode, res.body).toBe(201)
    lessonIds.push(res.json().id)
  }
  const published = await teacher.inject({ method: 'PATCH', url: `/api/v1/courses/${courseId}`, payload: { status: 'published' } })
  expect(published.statusCode, published.body).toBe(200)
  return { courseId, lessonIds }
}

export async function enrolledStudent(t: TestEngine, courseId: string, name?: string): Promise<Actor> {
  const student = await t.asStudent(name ? { name } : undefined)
  const res = await student.inject({ method: 'POST', url: '/api/v1/enrollments', payload: { courseId } })
  expect(res.statusCode, res.body).toBe(201)
  return student
}

export const postReview = (actor: Actor, courseId: string, payload: unknown) =>
  actor.inject({ method: 'POST', url: `/api/v1/courses/${courseId}/reviews`, payload: payload as object })

export async function review(actor: Actor, courseId: string, rating: number, comment = ''): Promise<string> {
  const res = await postReview(actor, courseId, { rating, comment })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().id as string
}

export async function sql<T = Record<string, unknown>>(t: TestEngine, query: string, params: unknown[] = []): Promise<T[]> {
  return t.app.orm.em.fork().execute(query, params) as Promise<T[]>
}

/** What the reviews plugin stores and what the courses plugin shows, for "nothing changed" checks. */
export async function snapshot(t: TestEngine, courseId: string) {
  const reviewsRows = await sql(t, `SELECT id, rating, comment, hidden, hidden_reason, reply_body, updated_at::text FROM reviews WHERE course_id = ? ORDER BY id`, [courseId])
  const stats = await sql(t, 'SELECT * FROM review_course_stats WHERE course_id = ?', [courseId])
  const course = await sql(t, 'SELECT avg_rating::text, review_count FROM courses WHERE id = ?', [courseId])
  const outbox = await sql(t, `SELECT count(*)::int AS n FROM edu_outbox WHERE event LIKE 'review.%'`)
  return { reviewsRows, stats, course, outbox }
}

export function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): any; body: string }, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status)
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
  if (code) expect(res.json().code).toBe(code)
}

/** The course as the courses plugin shows it. */
export async function courseFigures(t: TestEngine, courseId: string) {
  const res = await t.inject({ method: 'GET', url: `/api/v1/courses/${courseId}` })
  expect(res.statusCode, res.body).toBe(200)
  const { avgRating, reviewCount } = res.json()
  return { avgRating, reviewCount }
}
