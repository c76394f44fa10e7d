import type { Actor, TestEngine } from '@eduplatform/core/testing'
import { expect } from 'vitest'

export interface TestCourse {
  courseId: string
  moduleId: string
  lessonIds: string[]
}

/** A course built through the courses plugin's public API, published unless told otherwise. */
export async function makeCourse(
  teacher: Actor,
  options: { priceCents?: number; currency?: string; lessons?: number; publish?: boolean; title?: string } = {},
): Promise<TestCourse> {
  const { priceCents = 0, currency = 'USD', lessons = 3, publish = true } = options
  const created = await teacher.inject({
    method: 'POST',
    url: '/api/v1/courses',
    payload: { title: options.title ?? `Course ${Math.random().toString(36).slice(2, 8)}`, description: 'A test course', priceCents, currency },
  })
  expect(created.statusCode, created.body).toBe(201)
  const courseId = created.json().id as string
  const mod = await teacher.inject({ method: 'POST', url: `/api/v1/courses/${courseId}/modules`, payload: { title: 'Module 1' } })
  expect(mod.statusCode, mod.body).toBe(201)
  const moduleId = mod.json().id as string
  const lessonIds: string[] = []
  for (let i = 0; i < lessons; i++) lessonIds.push(await addLesson(teacher, moduleId, `Lesson ${i + 1}`))
  if (publish) {
    const res = await teacher.inject({ method: 'PATCH', url: `/api/v1/courses/${courseId}`, payload: { status: 'published' } })
    expect(res.statusCode, res.body).toBe(200)
  }
  return { courseId, moduleId, lessonIds }
}

export async function addLesson(teacher: Actor, moduleId: string, title = 'Another lesson', isPreview = false): Promise<string> {
  const res = await teacher.inject({
    method: 'POST',
    url: `/api/v1/modules/${moduleId}/lessons`,
    payload: { title, type: 'text', body: `# ${title}\n\nSome text.`, isPreview },
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().id as string
}

export const enroll = (student: Actor, courseId: string) =>
  student.inject({ method: 'POST', url: '/api/v1/enrollments', payload: { courseId } })

export const complete = (student: Actor, lessonId: string) =>
  student.inject({ method: 'POST', url: `/api/v1/progress/lessons/${lessonId}/complete` })

export const progress = (student: Actor, courseId: string) =>
  student.inject({ method: 'GET', url: `/api/v1/progress/courses/${courseId}` })

export async function sql<T = Record<string, unknown>>(t: TestEngine, query: string, params: unknown[] = []): Promise<T[]> {
  return t.app.orm.em.fork().execute(query, params) as Promise<T[]>
}

export function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): any; body: string }, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status)
  expect(String(res.headers['content-type'])).toContain('application/problem+json')
  if (code) expect(res.json().code).toBe(code)
}
