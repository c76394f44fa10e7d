import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type autocannon from 'autocannon'
import { createTestDatabase } from '../core/src/testing/database.ts'
import { json } from './lib/api.ts'
import { spawnEngine } from './lib/engine.ts'
import { load, type LoadResult } from './lib/load.ts'

const ADMIN = { email: 'bench-admin@example.com', password: 'bench-password-123' }
const PASSWORD = 'bench-password-123'
/** One student per connection. */
const STUDENTS = 50
/** Ten questions, every type, as a teacher would write a lesson check. */
const QUESTIONS = Array.from({ length: 10 }, (_, i) => [
  { type: 'single', prompt: `Question ${i}: pick the second`, options: ['first', 'second', 'third', 'fourth'], answer: [1], explanation: 'The second one.' },
  { type: 'multiple', prompt: `Question ${i}: pick first and third`, options: ['first', 'second', 'third', 'fourth'], answer: [0, 2] },
  { type: 'true_false', prompt: `Question ${i}: true?`, answer: true },
  { type: 'short_text', prompt: `Question ${i}: type "Photosynthesis"`, answer: ['photosynthesis', 'photo synthesis'], explanation: 'Case and spacing do not matter.' },
][i % 4]!)

/** A fresh, empty database: on the server in DATABASE_URL when set, else the embedded PostgreSQL in a temporary directory. */
async function freshDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const db = await createTestDatabase(process.env.DATABASE_URL)
    return { env: { DATABASE_URL: db.url, JWT_SECRET: 'bench-quizzes-secret-0123456789abcdef' }, drop: () => db.drop() }
  }
  const dir = await mkdtemp(join(tmpdir(), 'edu-bench-quizzes-'))
  return { env: { EDU_DATA_DIR: dir, DATABASE_URL: '' }, drop: () => rm(dir, { recursive: true, force: true }) }
}

async function call<T>(url: string, method: string, path: string, token: string | undefined, body?: unknown): Promise<T> {
  return json<T>(await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }))
}

/** Through the public API: a verified teacher's published course with one quiz lesson and its quiz, and enrolled students. */
async function prepare(url: string) {
  const admin = await call<{ accessToken: string }>(url, 'POST', '/auth/login', undefined, ADMIN)
  const teacher = await call<{ user: { id: string }; accessToken: string }>(url, 'POST', '/auth/register', undefined,
    { email: 'bench-teacher@example.com', password: PASSWORD, name: 'Bench Teacher', role: 'teacher' })
  await call(url, 'PATCH', `/admin/users/${teacher.user.id}/verify`, admin.accessToken, {})
  const t = teacher.accessToken
  const course = await call<{ id: string }>(url, 'POST', '/courses', t, { title: 'Quiz bench course' })
  const module = await call<{ id: string }>(url, 'POST', `/courses/${course.id}/modules`, t, { title: 'Module' })
  const lesson = await call<{ id: string }>(url, 'POST', `/modules/${module.id}/lessons`, t, { title: 'Check', type: 'quiz', body: 'Ten questions.' })
  await call(url, 'PATCH', `/courses/${course.id}`, t, { status: 'published' })
  const quiz = await call<{ questions: Array<{ id: string; type: string }> }>(url, 'PUT', `/lessons/${lesson.id}/quiz`, t, { passScore: 70, questions: QUESTIONS })
  const tokens: string[] = []
  for (let i = 0; i < STUDENTS; i += 5) {
    tokens.push(...(await Promise.all(Array.from({ length: Math.min(5, STUDENTS - i) }, async (_, j) => {
      const s = await call<{ accessToken: string }>(url, 'POST', '/auth/register', undefined,
        { email: `bench-student-${i + j}@example.com`, password: PASSWORD, name: `Student ${i + j}`, role: 'student' })
      await call(url, 'POST', '/enrollments', s.accessToken, { courseId: course.id })
      return s.accessToken
    }))))
  }
  return { lessonId: lesson.id, questions: quiz.questions, tokens }
}

/** Right answers to every question, or (for the odd students) wrong answers to half of them: half the attempts pass. */
function answersFor(questions: Array<{ id: string; type: string }>, passing: boolean) {
  return questions.map((q, i) => {
    const right = passing || i % 2 === 0
    const answer = { single: right ? [1] : [0], multiple: right ? [2, 0] : [0], true_false: right, short_text: right ? '  Photo  Synthesis ' : 'chlorophyll' }[q.type]
    return { questionId: q.id, answer }
  })
}

/** Requests taken in turn from one shared list of students, so concurrent connections act as different students. */
function rotating(method: 'GET' | 'POST', path: string, tokens: string[], bodies?: string[]): autocannon.Request[] {
  let next = 0
  return [{
    method,
    path,
    setupRequest: (req) => {
      const i = next++ % tokens.length
      const headers = { ...req.headers, authorization: `Bearer ${tokens[i]}`, ...(bodies ? { 'content-type': 'application/json' } : {}) }
      return { ...req, method, path, headers, ...(bodies ? { body: bodies[i] } : {}) }
    },
  }]
}

/**
 * Quiz attempts graded on the server (10 questions of every type, half passing, each pass completing the
 * lesson through the enrollment service), and the student's read of the quiz, at 50 connections on a fresh
 * database: needs no seed.
 */
export async function measureQuizzes(options: { durationSeconds: number; port: number }): Promise<LoadResult[]> {
  const db = await freshDatabase()
  const engine = await spawnEngine('bench/lib/engine-server.ts', {
    ...db.env, PORT: String(options.port), EDU_DEMO: '0', EDU_ADMIN_EMAIL: ADMIN.email, EDU_ADMIN_PASSWORD: ADMIN.password,
  })
  try {
    const { lessonId, questions, tokens } = await prepare(engine.url)
    const attemptBodies = tokens.map((_, i) => JSON.stringify({ answers: answersFor(questions, i % 2 === 0) }))
    const attempts = rotating('POST', `/api/v1/lessons/${lessonId}/quiz/attempts`, tokens, attemptBodies)
    const reads = rotating('GET', `/api/v1/lessons/${lessonId}/quiz`, tokens)
    return [
      await load({ name: 'GET /lessons/:id/quiz (enrolled student)', url: engine.url, requests: reads, durationSeconds: options.durationSeconds }),
      await load({ name: 'POST /lessons/:id/quiz/attempts (10 questions, half passing)', url: engine.url, requests: attempts, durationSeconds: options.durationSeconds }),
    ]
  } finally {
    await engine.stop()
    await db.drop()
  }
}
