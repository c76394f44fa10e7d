import { randomUUID } from 'node:crypto'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quizzes } from '../src/index.ts'
import { API, enroll, expectProblem, getQuiz, makeQuizCourse, putQuiz, rightAnswers, sampleQuiz, sql, submit } from './helpers.ts'

let t: TestEngine
let teacher: Actor

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), payments({ provider: 'mock' }), quizzes()], config: { logLevel: 'error' } })
  teacher = await t.asTeacher()
})
afterAll(async () => t?.close())

async function quizWithStudent(quiz = sampleQuiz()) {
  const c = await makeQuizCourse(teacher)
  const put = await putQuiz(teacher, c.quizLessonId, quiz)
  expect(put.statusCode, put.body).toBe(200)
  const ids = (put.json().questions as Array<{ id: string }>).map((q) => q.id)
  const student = await t.asStudent()
  await enroll(student, c.courseId)
  return { c, ids, student }
}

const completeLesson = (student: Actor, lessonId: string) => student.inject({ method: 'POST', url: `${API}/progress/lessons/${lessonId}/complete` })
const myAttempts = (student: Actor, lessonId: string, query = '') => student.inject({ method: 'GET', url: `${API}/lessons/${lessonId}/quiz/attempts/me${query}` })

describe('POST /lessons/:id/quiz/attempts', () => {
  it('reads and grades the current quiz through the lesson id in capitals after a replacement (no stale cached quiz)', async () => {
    const { c, student } = await quizWithStudent()
    const shouted = c.quizLessonId.toUpperCase()
    expect((await getQuiz(student, shouted)).json().questions).toHaveLength(4)
    const put = await putQuiz(teacher, c.quizLessonId, sampleQuiz({ questions: [{ type: 'true_false', prompt: 'Replaced', answer: false }] }))
    expect(put.statusCode, put.body).toBe(200)
    const [newId] = (put.json().questions as Array<{ id: string }>).map((q) => q.id)
    const read = (await getQuiz(student, shouted)).json()
    expect(read.questions.map((q: { id: string }) => q.id)).toEqual([newId])
    const res = await submit(student, shouted, [{ questionId: newId!, answer: false }])
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ score: 100, passed: true })
  })

  it('grades on the server, returns right answers and explanations, and a pass completes the lesson', async () => {
    const { c, ids, student } = await quizWithStudent()
    const graded = t.captureEvents('quiz.attempt.graded')
    const res = await submit(student, c.quizLessonId, rightAnswers(ids))
    expect(res.statusCode, res.body).toBe(201)
    const body = res.json()
    expect(body).toEqual({
      id: expect.any(String), lessonId: c.quizLessonId, score: 100, passed: true, passScore: 75, submittedAt: expect.any(String),
      results: [
        { questionId: ids[0], type: 'single', prompt: 'Pick B', options: ['A', 'B', 'C'], answer: [1], correct: true, correctAnswer: [1], explanation: 'B is the second letter.' },
        { questionId: ids[1], type: 'multiple', prompt: 'Pick the vowels', options: ['a', 'b', 'e'], answer: [2, 0], correct: true, correctAnswer: [0, 2], explanation: 'a and e are vowels.' },
        { questionId: ids[2], type: 'true_false', prompt: 'The sky is blue', answer: true, correct: true, correctAnswer: true },
        { questionId: ids[3], type: 'short_text', prompt: 'Capital of France?', answer: '  PARIS ', correct: true, correctAnswer: ['Paris'], explanation: 'Paris, since the 10th century.' },
      ],
    })
    // Completed before the reply: no waiting for the outbox.
    const progress = await student.inject({ method: 'GET', url: `${API}/progress/courses/${c.courseId}` })
    expect(progress.json().completedLessonIds).toEqual([c.quizLessonId])
    await graded.waitFor(1)
    expect(graded.payloads.filter((p) => p.studentId === student.user.id)).toEqual([{
      attemptId: body.id, lessonId: c.quizLessonId, courseId: c.courseId, studentId: student.user.id, score: 100, passed: true,
      results: ids.map((questionId) => ({ questionId, correct: true })),
    }])
    const quiz = (await getQuiz(student, c.quizLessonId)).json()
    expect(quiz).toMatchObject({ attemptsUsed: 1, passed: true })
  })

  it('emits quiz.passed once per student and quiz, on the first pass', async () => {
    const { c, ids, student } = await quizWithStudent()
    const passedEvents = t.captureEvents('quiz.passed')
    const graded = t.captureEvents('quiz.attempt.graded')
    await submit(student, c.quizLessonId, [])
    const first = (await submit(student, c.quizLessonId, rightAnswers(ids))).json()
    await submit(student, c.quizLessonId, rightAnswers(ids))
    await graded.waitFor(3)
    await t.drainEvents()
    expect(passedEvents.payloads.filter((p) => p.studentId === student.user.id)).toEqual([
      { attemptId: first.id, lessonId: c.quizLessonId, courseId: c.courseId, studentId: student.user.id, score: 100 },
    ])
    expect(graded.payloads.filter((p) => p.studentId === student.user.id).map((p) => String(p.passed)).sort()).toEqual(['false', 'true', 'true'])
    expect(await sql(t, 'SELECT attempts_used, best_score FROM quiz_progress WHERE student_id = ?', [student.user.id])).toEqual([{ attempts_used: 3, best_score: 100 }])
  })

  it('scores the percent of questions right, rounded down; left-out questions are wrong; a fail completes nothing', async () => {
    const { c, ids, student } = await quizWithStudent()
    const res = await submit(student, c.quizLessonId, [
      { questionId: ids[0]!, answer: [1] },
      { questionId: ids[1]!, answer: [0] },
      { questionId: ids[3]!, answer: 'Lyon' },
    ])
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ score: 25, passed: false })
    expect(res.json().results.map((r: { correct: boolean; answer: unknown }) => [r.correct, r.answer])).toEqual([[true, [1]], [false, [0]], [false, null], [false, 'Lyon']])
    const three = await submit(student, c.quizLessonId, rightAnswers(ids).slice(0, 3))
    expect(three.json()).toMatchObject({ score: 75, passed: true })
    const none = await quizWithStudent({ ...sampleQuiz(), passScore: 0 })
    expect((await submit(none.student, none.c.quizLessonId, [])).json()).toMatchObject({ score: 0, passed: true })
    const twoOfThree = await quizWithStudent({ passScore: 67, questions: sampleQuiz().questions.slice(0, 3) })
    const r = await submit(twoOfThree.student, twoOfThree.c.quizLessonId, rightAnswers(twoOfThree.ids).slice(0, 2))
    expect(r.json()).toMatchObject({ score: 66, passed: false })
    expect((await student.inject({ method: 'GET', url: `${API}/progress/courses/${twoOfThree.c.courseId}` })).statusCode).toBe(403)
    const p = await twoOfThree.student.inject({ method: 'GET', url: `${API}/progress/courses/${twoOfThree.c.courseId}` })
    expect(p.json().completedLessonIds).toEqual([])
  })

  it('matches short answers ignoring case, spacing and Unicode form', async () => {
    const { c, ids, student } = await quizWithStudent({
      passScore: 100,
      questions: [{ type: 'short_text', prompt: 'City?', answer: ['New  York', 'Café'] }],
    })
    const tries: Array<[string, boolean]> = [
      ['new york', true], ['  NEW\tYORK\n', true], ['ＮＥＷ ＹＯＲＫ', true], ['cafe\u0301', true], ['CAFÉ', true],
      ['newyork', false], ['cafe', false], ['', false], ['   ', false],
    ]
    for (const [answer, correct] of tries) {
      const res = await submit(student, c.quizLessonId, [{ questionId: ids[0]!, answer }])
      expect(res.statusCode, res.body).toBe(201)
      expect(res.json().results[0].correct, JSON.stringify(answer)).toBe(correct)
    }
  })

  it('refuses answers that name other questions, repeat one, or have the wrong form, storing nothing', async () => {
    const { c, ids, student } = await quizWithStudent()
    const other = await quizWithStudent()
    const cases: Array<[Array<{ questionId: string; answer: unknown }>, string, string]> = [
      [[{ questionId: other.ids[0]!, answer: [1] }], 'body.answers.0.questionId', 'is not a question of this quiz'],
      [[{ questionId: ids[0]!, answer: [1] }, { questionId: ids[0]!.toUpperCase(), answer: [2] }], 'body.answers.1.questionId', 'answers the same question as answers.0'],
      [[{ questionId: ids[0]!, answer: [0, 1] }], 'body.answers.0.answer', 'must name at most one option for a single question'],
      [[{ questionId: ids[0]!, answer: [3] }], 'body.answers.0.answer', 'must point at existing options (0..2)'],
      [[{ questionId: ids[1]!, answer: [0, 0] }], 'body.answers.0.answer', 'must not name an option twice'],
      [[{ questionId: ids[2]!, answer: 'true' }], 'body.answers.0.answer', 'must be true or false for a true_false question'],
      [[{ questionId: ids[3]!, answer: true }], 'body.answers.0.answer', 'must be text for a short_text question'],
      [[{ questionId: ids[1]!, answer: 'a' }], 'body.answers.0.answer', 'must be an array of option indexes for a multiple question'],
      // The text branch of the union (the answer's type) says why, not the array branch ("must be array").
      [[{ questionId: ids[3]!, answer: 'x'.repeat(1001) }], 'body.answers.0.answer', 'must NOT have more than 1000 characters'],
    ]
    for (const [answers, field, message] of cases) {
      const res = await submit(student, c.quizLessonId, answers)
      expectProblem(res, 400, 'EDU_VALIDATION')
      expect(res.json().errors, field).toEqual([{ field, message }])
    }
    // Refused by the schema before the quiz is looked at.
    for (const [answer, field] of [[{ questionId: ids[0]!, answer: 1 }, 'body.answers.0.answer'], [{ questionId: 'q1', answer: [1] }, 'body.answers.0.questionId']] as const) {
      const res = await submit(student, c.quizLessonId, [answer])
      expectProblem(res, 400, 'EDU_VALIDATION')
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field)
    }
    expectProblem(await student.inject({ method: 'POST', url: `${API}/lessons/${c.quizLessonId}/quiz/attempts`, payload: { answers: [], extra: 1 } }), 400)
    expect(await sql(t, 'SELECT id FROM quiz_attempts WHERE student_id = ?', [student.user.id])).toEqual([])
    expect(await sql(t, 'SELECT attempts_used FROM quiz_progress WHERE student_id = ?', [student.user.id])).toEqual([])
  })

  it('is for enrolled students only: 403 for others, refunded included; 401 anonymous; 404 unknown or draft', async () => {
    const { c, ids } = await quizWithStudent()
    const outsider = await t.asStudent()
    expectProblem(await submit(outsider, c.quizLessonId, rightAnswers(ids)), 403, 'EDU_QUIZZES_NOT_ENROLLED')
    expectProblem(await myAttempts(outsider, c.quizLessonId), 403, 'EDU_QUIZZES_NOT_ENROLLED')
    expectProblem(await submit(teacher, c.quizLessonId, rightAnswers(ids)), 403)
    expectProblem(await submit(teacher, c.quizLessonId, [{ questionId: 'bad', answer: {} }]), 403)
    expectProblem(await t.inject({ method: 'POST', url: `${API}/lessons/${c.quizLessonId}/quiz/attempts`, payload: { answers: [] } }), 401)
    expectProblem(await submit(outsider, '0190a8a0-0000-7000-8000-000000000000', []), 404, 'EDU_QUIZZES_LESSON_NOT_FOUND')
    const draft = await makeQuizCourse(teacher, { publish: false })
    expectProblem(await submit(outsider, draft.quizLessonId, []), 404, 'EDU_QUIZZES_LESSON_NOT_FOUND')
    const noQuiz = await makeQuizCourse(teacher)
    await enroll(outsider, noQuiz.courseId)
    expectProblem(await submit(outsider, noQuiz.quizLessonId, []), 404, 'EDU_QUIZZES_QUIZ_NOT_FOUND')
    expectProblem(await submit(outsider, noQuiz.textLessonId, []), 404, 'EDU_QUIZZES_QUIZ_NOT_FOUND')

    // A refunded student: bought the course, then an admin refunded it.
    const paid = await makeQuizCourse(teacher, { priceCents: 1900 })
    const paidIds = (await putQuiz(teacher, paid.quizLessonId, sampleQuiz())).json().questions.map((q: { id: string }) => q.id)
    const buyer = await t.asStudent()
    const payment = await buyer.inject({ method: 'POST', url: `${API}/payments`, headers: { 'idempotency-key': randomUUID() }, payload: { courseId: paid.courseId } })
    expect(payment.statusCode, payment.body).toBe(201)
    expect((await submit(buyer, paid.quizLessonId, [])).statusCode).toBe(201)
    const refund = await (await t.asAdmin()).inject({ method: 'POST', url: `${API}/payments/${payment.json().id}/refund` })
    expect(refund.statusCode, refund.body).toBe(200)
    await t.drainEvents()
    expectProblem(await submit(buyer, paid.quizLessonId, rightAnswers(paidIds)), 403, 'EDU_QUIZZES_NOT_ENROLLED')
    expect(await sql(t, 'SELECT count(*)::int AS n FROM quiz_attempts WHERE student_id = ?', [buyer.user.id])).toEqual([{ n: 1 }])
  })

  it('answers 409 once the attempts are used up', async () => {
    const { c, ids, student } = await quizWithStudent(sampleQuiz({ maxAttempts: 2 }))
    expect((await submit(student, c.quizLessonId, [])).statusCode).toBe(201)
    expect((await submit(student, c.quizLessonId, [])).statusCode).toBe(201)
    const third = await submit(student, c.quizLessonId, rightAnswers(ids))
    expectProblem(third, 409, 'EDU_QUIZZES_ATTEMPTS_USED_UP')
    expect(third.json().detail).toBe('All 2 attempt(s) at this quiz are used')
    expect((await getQuiz(student, c.quizLessonId)).json()).toMatchObject({ maxAttempts: 2, attemptsUsed: 2, passed: false })
    // The teacher raises the limit: one more attempt.
    await putQuiz(teacher, c.quizLessonId, sampleQuiz({ maxAttempts: 3, questions: sampleQuiz().questions.map((q, i) => ({ ...q, id: ids[i] })) }))
    expect((await submit(student, c.quizLessonId, rightAnswers(ids))).json()).toMatchObject({ passed: true })
    expectProblem(await submit(student, c.quizLessonId, rightAnswers(ids)), 409, 'EDU_QUIZZES_ATTEMPTS_USED_UP')
  })

  it('holds the attempt limit under 20 parallel submissions', async () => {
    const { c, ids, student } = await quizWithStudent(sampleQuiz({ maxAttempts: 3 }))
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => submit(student, c.quizLessonId, i % 2 ? rightAnswers(ids) : [])))
    const codes = results.map((r) => r.statusCode).sort()
    expect(codes).toEqual([...Array(3).fill(201), ...Array(17).fill(409)])
    expect(await sql(t, 'SELECT count(*)::int AS n FROM quiz_attempts WHERE student_id = ? AND lesson_id = ?', [student.user.id, c.quizLessonId])).toEqual([{ n: 3 }])
    expect(await sql(t, 'SELECT attempts_used FROM quiz_progress WHERE student_id = ? AND lesson_id = ?', [student.user.id, c.quizLessonId])).toEqual([{ attempts_used: 3 }])
  })

  it('makes exactly one attempt the first pass when passing attempts arrive together', async () => {
    const { c, ids, student } = await quizWithStudent()
    const passedEvents = t.captureEvents('quiz.passed')
    const results = await Promise.all(Array.from({ length: 10 }, () => submit(student, c.quizLessonId, rightAnswers(ids))))
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(201))
    await t.drainEvents()
    const mine = passedEvents.payloads.filter((p) => p.studentId === student.user.id)
    expect(mine).toHaveLength(1)
    expect(await sql(t, 'SELECT attempts_used, passed_attempt_id FROM quiz_progress WHERE student_id = ?', [student.user.id]))
      .toEqual([{ attempts_used: 10, passed_attempt_id: mine[0]!.attemptId }])
  })

  it('keeps past attempts as graded when the quiz is edited', async () => {
    const { c, ids, student } = await quizWithStudent()
    const before = (await submit(student, c.quizLessonId, rightAnswers(ids))).json()
    const edited = await putQuiz(teacher, c.quizLessonId, {
      passScore: 100,
      questions: [
        { id: ids[0], type: 'single', prompt: 'Pick C', options: ['A', 'B', 'C'], answer: [2], explanation: 'Changed.' },
        { type: 'true_false', prompt: 'New question', answer: false },
      ],
    })
    expect(edited.statusCode, edited.body).toBe(200)
    const listed = (await myAttempts(student, c.quizLessonId)).json()
    expect(listed.items).toEqual([before])
    expect(listed.items[0].results[0]).toMatchObject({ prompt: 'Pick B', correctAnswer: [1], correct: true, explanation: 'B is the second letter.' })
    expect(await sql(t, 'SELECT quiz_version, score, passed FROM quiz_attempts WHERE id = ?', [before.id])).toEqual([{ quiz_version: 1, score: 100, passed: true }])
    // A new attempt is graded against the new quiz.
    const after = (await submit(student, c.quizLessonId, [{ questionId: ids[0]!, answer: [1] }])).json()
    expect(after).toMatchObject({ score: 0, passed: false, passScore: 100 })
    expect(after.results.map((r: { questionId: string }) => r.questionId)).toEqual([ids[0], expect.any(String)])
  })
})

describe('GET /lessons/:id/quiz/attempts/me', () => {
  it('lists my attempts newest first in pages, never another student\'s', async () => {
    const { c, ids, student } = await quizWithStudent()
    const other = await t.asStudent()
    await enroll(other, c.courseId)
    await submit(other, c.quizLessonId, rightAnswers(ids))
    const made: string[] = []
    for (let i = 0; i < 3; i++) made.push((await submit(student, c.quizLessonId, i === 2 ? rightAnswers(ids) : [])).json().id)
    const first = await myAttempts(student, c.quizLessonId, '?limit=2')
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json().items.map((a: { id: string }) => a.id)).toEqual([made[2], made[1]])
    expect(first.json().items[0]).toMatchObject({ score: 100, passed: true })
    const second = await myAttempts(student, c.quizLessonId, `?limit=2&cursor=${first.json().nextCursor}`)
    expect(second.json()).toEqual({ items: [expect.objectContaining({ id: made[0], score: 0 })], nextCursor: null })
    expectProblem(await myAttempts(student, c.quizLessonId, '?cursor=nonsense'), 400)
    const fresh = await t.asStudent()
    await enroll(fresh, c.courseId)
    expect((await myAttempts(fresh, c.quizLessonId)).json()).toEqual({ items: [], nextCursor: null })
  })
})

describe('lesson completion', () => {
  it('refuses POST /progress/lessons/:id/complete on a quiz lesson until a passing attempt', async () => {
    const { c, ids, student } = await quizWithStudent()
    const refused = await completeLesson(student, c.quizLessonId)
    expectProblem(refused, 409, 'EDU_ENROLLMENT_COMPLETION_REFUSED')
    expect(refused.json().detail).toBe(`Lesson ${c.quizLessonId} is complete once its quiz is passed: submit an attempt (POST /api/v1/lessons/${c.quizLessonId}/quiz/attempts)`)
    expect((await completeLesson(student, c.textLessonId)).json()).toMatchObject({ completed: 1, total: 2, status: 'active' })
    expect((await submit(student, c.quizLessonId, [{ questionId: ids[0]!, answer: [0] }])).json()).toMatchObject({ passed: false })
    expectProblem(await completeLesson(student, c.quizLessonId), 409, 'EDU_ENROLLMENT_COMPLETION_REFUSED')
    const completed = t.captureEvents('course.completed')
    expect((await submit(student, c.quizLessonId, rightAnswers(ids))).json().passed).toBe(true)
    await completed.waitFor(1)
    expect(completed.payloads.filter((p) => p.studentId === student.user.id)).toHaveLength(1)
    const again = await completeLesson(student, c.quizLessonId)
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json()).toEqual({ completed: 2, total: 2, percent: 100, status: 'completed', courseId: c.courseId })
  })

  it('keeps the not-enrolled answers ahead of the guard, and lets a quiz lesson without a quiz complete', async () => {
    const { c } = await quizWithStudent()
    const outsider = await t.asStudent()
    expectProblem(await completeLesson(outsider, c.quizLessonId), 403, 'EDU_ENROLLMENT_NOT_ENROLLED')
    const empty = await makeQuizCourse(teacher)
    const student = await t.asStudent()
    await enroll(student, empty.courseId)
    expect((await completeLesson(student, empty.quizLessonId)).json()).toMatchObject({ completed: 1, total: 2 })
  })
})
