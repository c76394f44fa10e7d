import { randomUUID } from 'node:crypto'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import type { Actor, TestEngine } from '@eduplatform/core/testing'
import { expect } from 'vitest'
import { notifications } from '../src/index.ts'

/** The plugins a notifications test runs with. */
export const plugins = (options: Parameters<typeof notifications>[0] = {}) => [courses(), enrollment(), payments({ provider: 'mock' }), notifications(options)]

export interface TestCourse {
  courseId: string
  moduleId: string
  lessonIds: string[]
  title: string
}

/** A course built through the courses plugin's public API; published unless told otherwise. */
export async function makeCourse(teacher: Actor, options: { priceCents?: number; title?: string; publish?: boolean } = {}): Promise<TestCourse> {
  const title = options.title ?? `Course ${randomUUID().slice(0, 8)}`
  const created = await teacher.inject({
    method: 'POST',
    url: '/api/v1/courses',
    payload: { title, description: 'About things', priceCents: options.priceCents ?? 0, currency: 'EUR' },
  })
  expect(created.statusCode, created.body).toBe(201)
  const courseId = created.json().id as string
  const mod = await teacher.inject({ method: 'POST', url: `/api/v1/courses/${courseId}/modules`, payload: { title: 'Module' } })
  expect(mod.statusCode, mod.body).toBe(201)
  const moduleId = mod.json().id as string
  const lessonIds = [await addLesson(teacher, moduleId, 'Lesson 1')]
  if (options.publish !== false) {
    const res = await teacher.inject({ method: 'PATCH', url: `/api/v1/courses/${courseId}`, payload: { status: 'published' } })
    expect(res.statusCode, res.body).toBe(200)
  }
  return { courseId, moduleId, lessonIds, title }
}

export async function addLesson(teacher: Actor, moduleId: string, title: string): Promise<string> {
  const res = await teacher.inject({ method: 'POST', url: `/api/v1/modules/${moduleId}/lessons`, payload: { title, type: 'text', body: 'Text.' } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().id as string
}

export async function enroll(student: Actor, courseId: string): Promise<void> {
  const res = await student.inject({ method: 'POST', url: '/api/v1/enrollments', payload: { courseId } })
  expect(res.statusCode, res.body).toBe(201)
}

export async function pay(student: Actor, courseId: string) {
  const res = await student.inject({ method: 'POST', url: '/api/v1/payments', payload: { courseId }, headers: { 'idempotency-key': randomUUID() } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as { id: string }
}

/** The actor's notifications (first page, newest first). */
export async function feed(who: Actor, query = ''): Promise<Array<Record<string, any>>> {
  const res = await who.inject({ method: 'GET', url: `/api/v1/notifications/me${query}` })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().items
}

export async function unreadCount(who: Actor): Promise<number> {
  const res = await who.inject({ method: 'GET', url: '/api/v1/notifications/me/unread-count' })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().count
}

export async function sql<T = Record<string, any>>(t: TestEngine, query: string, params: unknown[] = []): Promise<T[]> {
  return t.app.orm.em.fork().execute(query, params) as Promise<T[]>
}

export function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): any; body: string }, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status)
  expect(String(res.headers['content-type'])).toContain('application/problem+json')
  if (code) expect(res.json().code).toBe(code)
}
