import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { quizzes } from '@eduplatform/plugin-quizzes'
import { aiTutor } from '../src/index.ts'
import { API, expectProblem } from './fixtures.ts'

let t: TestEngine
let teacher: Actor
let admin: Actor
let courseId: string
let quizLessonId: string
let questionIds: string[]

const QUIZ = {
  passScore: 50,
  questions: [
    { type: 'single', prompt: 'Where does photosynthesis happen?', options: ['Roots', 'Chloroplasts'], answer: [1], explanation: 'In the chloroplasts.' },
    { type: 'true_false', prompt: 'Plants release oxygen.', answer: true },
    { type: 'short_text', prompt: 'Name the green pigment.', answer: ['chlorophyll'] },
  ],
}

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), payments({ provider: 'mock' }), quizzes(), aiTutor({ provider: 'offline' })] })
  teacher = await t.asTeacher()
  admin = await t.asAdmin()
  const course = await teacher.inject({ method: 'POST', url: `${API}/courses`, payload: { title: 'Botany', priceCents: 1500, currency: 'USD' } })
  courseId = course.json().id
  const mod = await teacher.inject({ method: 'POST', url: `${API}/courses/${courseId}/modules`, payload: { title: 'Leaves' } })
  const lesson = await teacher.inject({ method: 'POST', url: `${API}/modules/${mod.json().id}/lessons`, payload: { title: 'Check yourself', type: 'quiz', body: 'A short quiz.' } })
  quizLessonId = lesson.json().id
  const quiz = await teacher.inject({ method: 'PUT', url: `${API}/lessons/${quizLessonId}/quiz`, payload: QUIZ })
  expect(quiz.statusCode, quiz.body).toBe(200)
  questionIds = quiz.json().questions.map((q: { id: string }) => q.id)
  expect((await teacher.inject({ method: 'PATCH', url: `${API}/courses/${courseId}`, payload: { status: 'published' } })).statusCode).toBe(200)
})
afterAll(async () => t?.close())

async function buyAndAttempt(): Promise<{ student: Actor; paymentId: string }> {
  const student = await t.asStudent()
  const paid = await student.inject({ method: 'POST', url: `${API}/payments`, payload: { courseId }, headers: { 'idempotency-key': `k-${student.user.id}` } })
  expect(paid.statusCode, paid.body).toBe(201)
  await t.drainEvents()
  // Right, right, wrong: the wrong one is due again within minutes, the right ones later.
  const attempt = await student.inject({
    method: 'POST', url: `${API}/lessons/${quizLessonId}/quiz/attempts`,
    payload: { answers: [{ questionId: questionIds[0], answer: [1] }, { questionId: questionIds[1], answer: true }, { questionId: questionIds[2], answer: 'xylem' }] },
  })
  expect(attempt.statusCode, attempt.body).toBe(201)
  await t.drainEvents()
  return { student, paymentId: paid.json().id }
}

const queueOf = (student: Actor) => student.inject({ method: 'GET', url: `${API}/ai/review-queue` })

describe('spaced-repetition review queue', () => {
  it('schedules every answered question with FSRS: nothing due at once, a wrong answer due within minutes', async () => {
    const { student } = await buyAndAttempt()
    const now = await queueOf(student)
    expect(now.statusCode, now.body).toBe(200)
    expect(now.json()).toEqual({ items: [] })
    const rows = await t.app.orm.em.fork().execute<Array<{ question_id: string; minutes: number }>>(
      `SELECT question_id, extract(epoch FROM due - now()) / 60 AS minutes FROM ai_review_items WHERE student_id = ? ORDER BY due`, [student.user.id])
    expect(rows).toHaveLength(3)
    // The wrongly answered question comes back first.
    expect(rows[0]!.question_id).toBe(questionIds[2])
    expect(rows.slice(1).map((r) => r.question_id).sort()).toEqual([questionIds[0], questionIds[1]].sort())
    expect(Number(rows[0]!.minutes)).toBeLessThan(10)
    expect(Number(rows[1]!.minutes)).toBeGreaterThan(5)
  })

  it('moves every item on with a later attempt, once per attempt however often it is delivered', async () => {
    const { student } = await buyAndAttempt()
    const items = () => t.app.orm.em.fork().execute<Array<{ question_id: string; reps: number; last_attempt_id: string }>>(
      `SELECT question_id, (card->>'reps')::int AS reps, last_attempt_id FROM ai_review_items WHERE student_id = ? ORDER BY question_id`, [student.user.id])
    expect((await items()).map((r) => r.reps)).toEqual([1, 1, 1])
    const second = await student.inject({
      method: 'POST', url: `${API}/lessons/${quizLessonId}/quiz/attempts`,
      payload: { answers: [{ questionId: questionIds[0], answer: [1] }, { questionId: questionIds[1], answer: true }, { questionId: questionIds[2], answer: 'chlorophyll' }] },
    })
    expect(second.statusCode, second.body).toBe(201)
    await t.drainEvents()
    const after = await items()
    expect(after.map((r) => [r.reps, r.last_attempt_id])).toEqual([[2, second.json().id], [2, second.json().id], [2, second.json().id]])
    // The same event delivered again (at-least-once) changes nothing.
    const redelivered = await t.app.orm.em.fork().execute<Array<{ payload: unknown }>>(
      `SELECT payload FROM edu_outbox WHERE event = 'quiz.attempt.graded' AND subscriber = 'ai-tutor.review-attempt' AND payload->>'attemptId' = ?`, [second.json().id])
    expect(redelivered).toHaveLength(1)
    await t.app.orm.em.fork().execute(
      `UPDATE edu_outbox SET status = 'pending', delivered_at = NULL, available_at = now() WHERE event = 'quiz.attempt.graded' AND subscriber = 'ai-tutor.review-attempt' AND payload->>'attemptId' = ?`, [second.json().id])
    await t.drainEvents()
    expect(await items()).toEqual(after)
  })

  it('lists due items with the question as students see it, never its answer, and reschedules on a grade', async () => {
    const { student } = await buyAndAttempt()
    await t.app.orm.em.fork().execute(`UPDATE ai_review_items SET due = now() - interval '1 minute' WHERE student_id = ?`, [student.user.id])
    const res = await queueOf(student)
    expect(res.statusCode).toBe(200)
    const items = res.json().items as Array<{ id: string; lessonId: string; question: Record<string, unknown>; due: string }>
    expect(items).toHaveLength(3)
    expect(items.map((i) => i.question.id).sort()).toEqual([...questionIds].sort())
    const single = items.find((i) => i.question.id === questionIds[0])!
    expect(single).toMatchObject({ lessonId: quizLessonId, question: { id: questionIds[0], type: 'single', prompt: 'Where does photosynthesis happen?', options: ['Roots', 'Chloroplasts'] } })
    expect(Object.keys(single.question).sort()).toEqual(['id', 'options', 'prompt', 'type'])
    expect(res.body).not.toContain('explanation')
    expect(res.body).not.toContain('chlorophyll')

    const graded = await student.inject({ method: 'POST', url: `${API}/ai/review-queue/${single.id}`, payload: { grade: 'easy' } })
    expect(graded.statusCode, graded.body).toBe(200)
    expect(graded.json().id).toBe(single.id)
    expect(new Date(graded.json().due).getTime()).toBeGreaterThan(Date.now() + 24 * 3600 * 1000)
    const after = await queueOf(student)
    expect(after.json().items.map((i: { id: string }) => i.id)).not.toContain(single.id)
    expect(after.json().items).toHaveLength(2)
  })

  it('grades an item once each time it falls due: five grades at once move it once, the others are 409', async () => {
    const { student } = await buyAndAttempt()
    const [row] = await t.app.orm.em.fork().execute<Array<{ id: string }>>('SELECT id FROM ai_review_items WHERE student_id = ? LIMIT 1', [student.user.id])
    const notDue = await student.inject({ method: 'POST', url: `${API}/ai/review-queue/${row!.id}`, payload: { grade: 'good' } })
    expectProblem(notDue, 409, 'EDU_AI_REVIEW_ITEM_NOT_DUE')
    await t.app.orm.em.fork().execute(`UPDATE ai_review_items SET due = now() - interval '1 minute' WHERE id = ?`, [row!.id])
    const cardBefore = await t.app.orm.em.fork().execute<Array<{ card: { reps: number } }>>('SELECT card FROM ai_review_items WHERE id = ?', [row!.id])
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => student.inject({ method: 'POST', url: `${API}/ai/review-queue/${row!.id}`, payload: { grade: 'good' } })))
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409])
    const [after] = await t.app.orm.em.fork().execute<Array<{ card: { reps: number }; due: Date }>>('SELECT card, due FROM ai_review_items WHERE id = ?', [row!.id])
    expect(after!.card.reps).toBe(cardBefore[0]!.card.reps + 1)
    expect(new Date(after!.due).toISOString()).toBe(results.find((r) => r.statusCode === 200)!.json().due)
  })

  it("refuses other students' items (404), bad grades (400) and non-students (403)", async () => {
    const { student } = await buyAndAttempt()
    const [row] = await t.app.orm.em.fork().execute<Array<{ id: string }>>('SELECT id FROM ai_review_items WHERE student_id = ? LIMIT 1', [student.user.id])
    const other = await t.asStudent()
    expectProblem(await other.inject({ method: 'POST', url: `${API}/ai/review-queue/${row!.id}`, payload: { grade: 'good' } }), 404, 'EDU_AI_REVIEW_ITEM_NOT_FOUND')
    const bad = await student.inject({ method: 'POST', url: `${API}/ai/review-queue/${row!.id}`, payload: { grade: 'perfect' } })
    expectProblem(bad, 400)
    expect(bad.json().errors).toEqual([{ field: 'body.grade', message: expect.any(String) }])
    expectProblem(await teacher.inject({ method: 'GET', url: `${API}/ai/review-queue` }), 403)
    expectProblem(await student.inject({ method: 'GET', url: `${API}/ai/review-queue?limit=101` }), 400)
  })

  it('drops the items of questions an edit removed from the quiz', async () => {
    const { student } = await buyAndAttempt()
    await t.app.orm.em.fork().execute(`UPDATE ai_review_items SET due = now() - interval '1 minute' WHERE student_id = ?`, [student.user.id])
    // Keep the first question (by id), replace the other two.
    const edited = { ...QUIZ, questions: [{ id: questionIds[0], ...QUIZ.questions[0]! }, { type: 'true_false', prompt: 'Roots absorb water.', answer: true }] }
    const put = await teacher.inject({ method: 'PUT', url: `${API}/lessons/${quizLessonId}/quiz`, payload: edited })
    expect(put.statusCode, put.body).toBe(200)
    const res = await queueOf(student)
    expect(res.json().items.map((i: { question: { id: string } }) => i.question.id)).toEqual([questionIds[0]])
    const left = await t.app.orm.em.fork().execute<Array<{ question_id: string }>>('SELECT question_id FROM ai_review_items WHERE student_id = ?', [student.user.id])
    expect(left.map((r) => r.question_id)).toEqual([questionIds[0]])
    // Later students answer the quiz as it now is.
    const restore = await teacher.inject({ method: 'PUT', url: `${API}/lessons/${quizLessonId}/quiz`, payload: QUIZ })
    questionIds = restore.json().questions.map((q: { id: string }) => q.id)
  })

  it('refuses to grade an item whose question left the quiz (404), changing nothing', async () => {
    const { student } = await buyAndAttempt()
    const rows = () => t.app.orm.em.fork().execute<Array<{ id: string; question_id: string; card: unknown; due: Date }>>(
      'SELECT id, question_id, card, due FROM ai_review_items WHERE student_id = ? ORDER BY id', [student.user.id])
    const edited = { ...QUIZ, questions: [{ id: questionIds[0], ...QUIZ.questions[0]! }] }
    expect((await teacher.inject({ method: 'PUT', url: `${API}/lessons/${quizLessonId}/quiz`, payload: edited })).statusCode).toBe(200)
    const before = await rows()
    const gone = before.find((r) => r.question_id === questionIds[1])!
    const res = await student.inject({ method: 'POST', url: `${API}/ai/review-queue/${gone.id}`, payload: { grade: 'easy' } })
    expectProblem(res, 404, 'EDU_AI_REVIEW_ITEM_NOT_FOUND')
    expect(await rows()).toEqual(before)
    const restore = await teacher.inject({ method: 'PUT', url: `${API}/lessons/${quizLessonId}/quiz`, payload: QUIZ })
    questionIds = restore.json().questions.map((q: { id: string }) => q.id)
  })

  it('removes the items of a refunded enrollment', async () => {
    const { student, paymentId } = await buyAndAttempt()
    const count = async () => (await t.app.orm.em.fork().execute<Array<{ n: number }>>('SELECT count(*)::int AS n FROM ai_review_items WHERE student_id = ?', [student.user.id]))[0]!.n
    expect(await count()).toBe(3)
    const refund = await admin.inject({ method: 'POST', url: `${API}/payments/${paymentId}/refund` })
    expect(refund.statusCode, refund.body).toBe(200)
    await t.drainEvents()
    expect(await count()).toBe(0)
    expect((await queueOf(student)).json()).toEqual({ items: [] })
  })
})
