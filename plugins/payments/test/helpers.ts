import { randomUUID } from 'node:crypto'
import type { Actor, TestEngine } from '@eduplatform/core/testing'
import { expect } from 'vitest'

export interface TestCourse {
  courseId: string
  moduleId: string
  lessonIds: string[]
}

/** A published course built through the courses plugin's public API. */
export async function makeCourse(teacher: Actor, options: { priceCents?: number; currency?: string; lessons?: number; publish?: boolean } = {}): Promise<TestCourse> {
  const { priceCents = 4999, currency = 'EUR', lessons = 2, publish = true } = options
  const created = await teacher.inject({
    method: 'POST',
    url: '/api/v1/courses',
    payload: { title: `Paid course ${randomUUID().slice(0, 8)}`, description: 'Worth it', priceCents, currency },
  })
  expect(created.statusCode, created.body).toBe(201)
  const courseId = created.json().id as string
  const mod = await teacher.inject({ method: 'POST', url: `/api/v1/courses/${courseId}/modules`, payload: { title: 'Module' } })
  expect(mod.statusCode, mod.body).toBe(201)
  const moduleId = mod.json().id as string
  const lessonIds: string[] = []
  for (let i = 0; i < lessons; i++) {
    const res = await teacher.inject({ method: 'POST', url: `/api/v1/modules/${moduleId}/lessons`, payload: { title: `Lesson ${i + 1}`, type: 'text', body: 'Text.' } })
    expect(res.statusCode, res.body).toBe(201)
    lessonIds.push(res.json().id)
  }
  if (publish) {
    const res = await teacher.inject({ method: 'PATCH', url: `/api/v1/courses/${courseId}`, payload: { status: 'published' } })
    expect(res.statusCode, res.body).toBe(200)
  }
  return { courseId, moduleId, lessonIds }
}

export const pay = (student: Actor, courseId: string, key: string | null = randomUUID(), extra: Record<string, unknown> = {}) =>
  student.inject({
    method: 'POST',
    url: '/api/v1/payments',
    payload: { courseId, ...extra },
    headers: key === null ? {} : { 'idempotency-key': key },
  })

export async function sql<T = Record<string, any>>(t: TestEngine, query: string, params: unknown[] = []): Promise<T[]> {
  return t.app.orm.em.fork().execute(query, params) as Promise<T[]>
}

export function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): any; body: string }, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status)
  expect(String(res.headers['content-type'])).toContain('application/problem+json')
  if (code) expect(res.json().code).toBe(code)
}
