import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import config from '../../edu.config.ts'

const API = '/api/v1'
let t: TestEngine
let teacher: Actor
let students: Actor[]
let courseId: string
let moduleId: string

beforeAll(async () => {
  // Every built-in plugin, each subscribing to lesson events, on a pool of 4.
  t = await createTestEngine({
    plugins: config.plugins,
    config: { database: { pool: { max: 4 } }, auth: { jwtSecret: randomBytes(32).toString('hex'), rateLimit: { max: 1_000_000, timeWindowMs: 60_000 } } },
  })
  teacher = await t.asTeacher()
  const course = await teacher.inject({ method: 'POST', url: `${API}/courses`, payload: { title: 'Busy course' } })
  courseId = course.json().id
  moduleId = (await teacher.inject({ method: 'POST', url: `${API}/courses/${courseId}/modules`, payload: { title: 'Module' } })).json().id
  await teacher.inject({ method: 'POST', url: `${API}/modules/${moduleId}/lessons`, payload: { title: 'First', body: 'Text.', isPreview: true } })
  expect((await teacher.inject({ method: 'PATCH', url: `${API}/courses/${courseId}`, payload: { status: 'published' } })).statusCode).toBe(200)
  students = [await t.asStudent(), await t.asStudent(), await t.asStudent()]
  for (const s of students) expect((await s.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId } })).statusCode).toBe(201)
  await t.drainEvents()
})
afterAll(async () => {
  await t?.close()
})

describe('teacher writes under load', () => {
  it('answers 30 lesson writes sent at once on a pool of 4, and delivers each of their events once to every subscriber', async () => {
    const writes = await Promise.all(Array.from({ length: 30 }, (_, i) => teacher.inject({
      method: 'POST', url: `${API}/modules/${moduleId}/lessons`, payload: { title: `Lesson ${i + 1}`, body: `Lesson ${i + 1} is about knots number ${i + 1}.` },
    })))
    expect(writes.map((w) => w.statusCode)).toEqual(Array.from({ length: 30 }, () => 201))
    await t.drainEvents()

    const rows = await t.app.orm.em.fork().execute<Array<{ subscriber: string; delivered: number; attempts: number; lessons: number }>>(
      `SELECT subscriber, count(*) FILTER (WHERE status = 'delivered')::int AS delivered, max(attempts)::int AS attempts,
              count(DISTINCT payload->>'lessonId')::int AS lessons
       FROM edu_outbox WHERE event = 'lesson.changed' AND payload->>'lessonId' = ANY(string_to_array(?, ',')) GROUP BY subscriber ORDER BY subscriber`,
      [writes.map((w) => w.json().id).join(',')])
    const subscribers = t.app.events.subscriberIds().filter((id) => t.app.events.subscriber(id)!.event === 'lesson.changed').sort()
    // The AI tutor, enrollment, notifications, quizzes and reviews subscribe; enrollment's and quizzes' take
    // deleted lessons only (their `when`), so a new lesson gets no row of theirs.
    expect(subscribers).toHaveLength(5)
    const takers = ['ai-tutor.index-lesson', 'notifications.on-lesson-changed', 'reviews.refresh-lesson-count']
    expect(takers.every((id) => subscribers.includes(id))).toBe(true)
    expect(rows).toEqual(takers.map((subscriber) => ({ subscriber, delivered: 30, attempts: 1, lessons: 30 })))

    // The students hear of the new lessons once, in one notification of the day's lessons.
    for (const s of students) {
      const feed = (await s.inject({ method: 'GET', url: `${API}/notifications/me?limit=100` })).json().items as Array<{ type: string; data: { lessonIds: string[] } }>
      const added = feed.filter((n) => n.type === 'lesson.added')
      expect(added).toHaveLength(1)
      expect(new Set(added[0]!.data.lessonIds).size).toBe(30)
    }
    expect(t.app.edu.connectionGuard.violations).toEqual([])
  })
})
