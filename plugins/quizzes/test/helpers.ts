import type { Actor, TestEngine } from '@eduplatform/core/testing'
import { expect } from 'vitest'
import type { QuizInput } from '../src/schemas.ts'

export const API = '/api/v1'

export interface QuizCourse {
  courseId: string
  moduleId: string
  textLessonId: string
  quizLessonId: string
}

/** A course (published unless told otherwise) with a text lesson and a quiz lesson, built through the public API. */
export async function makeQuizCourse(teacher: Actor, options: { publish?: boolean; priceCents?: number; previewQuiz?: boolean } = {}): Promise<QuizCourse> {
  const created = await teacher.inject({ method: 'POST', url: `${API}/courses`, payload: { title: `Quiz course ${Math.random().toString(36).slice(2, 8)}`, priceCents: options.priceCents ?? 0 } })
  expect(created.statusCode, created.body).toBe(201)
  const courseId = created.json().id as string
  const mod = await teacher.inject({ method: 'POST', url: `${API}/courses/${courseId}/modules`, payload: { title: 'Module 1' } })
  expect(mod.statusCode, mod.body).toBe(201)
  const moduleId = mod.json().id as string
  const text = await teacher.inject({ method: 'POST', url: `${API}/modules/${moduleId}/lessons`, payload: { title: 'Reading', type: 'text', body: 'Some text.' } })
  expect(text.statusCode, text.body).toBe(201)
  const quiz = await teacher.inject({
    method: 'POST', url: `${API}/modules/${moduleId}/lessons`,
    payload: { title: 'Check', type: 'quiz', body: 'Answer the questions.', isPreview: options.previewQuiz ?? false },
  })
  expect(quiz.statusCode, quiz.body).toBe(201)
  if (options.publish ?? true) {
    const pub = await teacher.inject({ method: 'PATCH', url: `${API}/courses/${courseId}`, payload: { status: 'published' } })
    expect(pub.statusCode, pub.body).toBe(200)
  }
  return { courseId, moduleId, textLessonId: text.json().id, quizLessonId: quiz.json().id }
}

/** A quiz with one question of every type; its answers are [1], [0, 2], true and "Paris". */
export const sampleQuiz = (overrides: Partial<QuizInput> = {}): QuizInput => ({
  passScore: 75,
  questions: [
    { type: 'single', prompt: 'Pick B', options: ['A', 'B', 'C'], answer: [1], explanation: 'B is the second letter.' },
    { type: 'multiple', prompt: 'Pick the vowels', options: ['a', 'b', 'e'], answer: [0, 2], explanation: 'a and e are vowels.' },
    { type: 'true_false', prompt: 'The sky is blue', answer: true },
    { type: 'short_text', prompt: 'Capital of France?', answer: ['Paris'], explanation: 'Paris, since the 10th century.' },
  ],
  ...overrides,
})

export const putQuiz = (actor: Actor, lessonId: string, quiz: unknown) =>
  actor.inject({ method: 'PUT', url: `${API}/lessons/${lessonId}/quiz`, payload: quiz as object })

export const getQuiz = (actor: Actor | TestEngine, lessonId: string, query = '') =>
  actor.inject({ method: 'GET', url: `${API}/lessons/${lessonId}/quiz${query}` })

export const submit = (actor: Actor, lessonId: string, answers: Array<{ questionId: string; answer: unknown }>) =>
  actor.inject({ method: 'POST', url: `${API}/lessons/${lessonId}/quiz/attempts`, payload: { answers } })

export const enroll = async (student: Actor, courseId: string) => {
  const res = await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId } })
  expect(res.statusCode, res.body).toBe(201)
}

/** Right answers for `sampleQuiz`, given its question ids in order. */
export const rightAnswers = (ids: string[]) => [
  { questionId: ids[0]!, answer: [1] },
  { questionId: ids[1]!, answer: [2, 0] },
  { questionId: ids[2]!, answer: true },
  { questionId: ids[3]!, answer: '  PARIS ' },
]

export async function sql<T = Record<string, unknown>>(t: TestEngine, query: string, params: unknown[] = []): Promise<T[]> {
  return t.app.orm.em.fork().execute(query, params) as Promise<T[]>
}

export function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): any; body: string }, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status)
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
  if (code) expect(res.json().code).toBe(code)
}
