import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quizzes } from '../src/index.ts'
import { API, enroll, expectProblem, getQuiz, makeQuizCourse, putQuiz, sampleQuiz, sql } from './helpers.ts'

let t: TestEngine
let teacher: Actor

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), quizzes()], config: { logLevel: 'error' } })
  teacher = await t.asTeacher()
})
afterAll(async () => t?.close())

/** The field names of a 400's `errors`. */
const fields = (res: { json(): { errors?: Array<{ field: string }> } }) => (res.json().errors ?? []).map((e) => e.field)

describe('PUT /lessons/:id/quiz', () => {
  it('stores the quiz as one document and answers it with question ids and answers', async () => {
    const c = await makeQuizCourse(teacher)
    const res = await putQuiz(teacher, c.quizLessonId, sampleQuiz({ maxAttempts: 3 }))
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ lessonId: c.quizLessonId, passScore: 75, maxAttempts: 3 })
    expect(body.questions).toHaveLength(4)
    expect(body.questions[0]).toEqual({ id: expect.any(String), type: 'single', prompt: 'Pick B', options: ['A', 'B', 'C'], answer: [1], explanation: 'B is the second letter.' })
    expect(body.questions[1]).toEqual({ id: expect.any(String), type: 'multiple', prompt: 'Pick the vowels', options: ['a', 'b', 'e'], answer: [0, 2], explanation: 'a and e are vowels.' })
    expect(body.questions[2]).toEqual({ id: expect.any(String), type: 'true_false', prompt: 'The sky is blue', answer: true })
    expect(body.questions[3]).toEqual({ id: expect.any(String), type: 'short_text', prompt: 'Capital of France?', answer: ['Paris'], explanation: 'Paris, since the 10th century.' })
    expect(new Set(body.questions.map((q: { id: string }) => q.id)).size).toBe(4)
  })

  it('replaces the whole quiz: kept ids stay, left-out questions go, new ones get new ids, in the order sent', async () => {
    const c = await makeQuizCourse(teacher)
    const first = (await putQuiz(teacher, c.quizLessonId, sampleQuiz())).json()
    const [q0, q1, , q3] = first.questions as Array<{ id: string }>
    const res = await putQuiz(teacher, c.quizLessonId, {
      passScore: 50,
      maxAttempts: null,
      questions: [
        { id: q3!.id, type: 'short_text', prompt: 'Capital of Italy?', answer: ['Rome', 'Roma'] },
        { type: 'true_false', prompt: 'Water is wet', answer: true },
        { id: q0!.id.toUpperCase(), type: 'single', prompt: 'Pick A', options: ['A', 'B'], answer: [0] },
      ],
    })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ passScore: 50, maxAttempts: null })
    expect(body.questions.map((q: { id: string }) => q.id)).toEqual([q3!.id, expect.any(String), q0!.id])
    expect([q0!.id, q1!.id, q3!.id]).not.toContain(body.questions[1].id)
    expect(body.questions[0]).toEqual({ id: q3!.id, type: 'short_text', prompt: 'Capital of Italy?', answer: ['Rome', 'Roma'] })
    const rows = await sql<{ n: number; version: number }>(t,
      'SELECT (SELECT count(*)::int FROM quiz_questions WHERE lesson_id = ?) AS n, (SELECT version FROM quizzes WHERE lesson_id = ?) AS version',
      [c.quizLessonId, c.quizLessonId])
    expect(rows).toEqual([{ n: 3, version: 2 }])
    // The cached quiz was forgotten: the owner reads the new one.
    const read = await getQuiz(teacher, c.quizLessonId, '?include=answers')
    expect(read.json().questions.map((q: { prompt: string }) => q.prompt)).toEqual(['Capital of Italy?', 'Water is wet', 'Pick A'])
  })

  it('refuses a bad quiz with 400 naming each exact field, and changes nothing', async () => {
    const c = await makeQuizCourse(teacher)
    const good = await putQuiz(teacher, c.quizLessonId, sampleQuiz())
    expect(good.statusCode).toBe(200)
    const bad = await putQuiz(teacher, c.quizLessonId, {
      passScore: 70,
      questions: [
        { type: 'single', prompt: 'Duplicates', options: ['Paris', ' paris ', 'Rome'], answer: [3] },
        { type: 'single', prompt: 'Two answers', options: ['A', 'B'], answer: [0, 1] },
        { type: 'multiple', prompt: 'Same option twice', options: ['A', 'B'], answer: [1, 1] },
        { type: 'multiple', prompt: 'No options', answer: [0] },
        { type: 'true_false', prompt: 'With options', options: ['yes', 'no'], answer: true },
        { type: 'true_false', prompt: 'Index answer', answer: [0] },
        { type: 'short_text', prompt: 'With options', options: ['a', 'b'], answer: ['a'] },
        { type: 'short_text', prompt: 'Index answers', answer: [1] },
        { type: 'single', prompt: '   ', options: ['A', 'B'], answer: ['A'] },
      ],
    })
    expectProblem(bad, 400, 'EDU_VALIDATION')
    expect(fields(bad)).toEqual([
      'body.questions.0.options.1', 'body.questions.0.answer.0',
      'body.questions.1.answer',
      'body.questions.2.answer',
      'body.questions.3.options',
      'body.questions.4.options',
      'body.questions.5.answer',
      'body.questions.6.options',
      'body.questions.7.answer',
      'body.questions.8.prompt', 'body.questions.8.answer',
    ])
    expect(bad.json().errors[0].message).toBe('repeats option 0 (options must be unique, ignoring case and spacing)')
    expect(bad.json().errors[1].message).toBe('must point at an existing option (0..2)')
    const now = await getQuiz(teacher, c.quizLessonId, '?include=answers')
    expect(now.json().questions).toEqual(good.json().questions)
  })

  it('refuses schema violations with the field path: limits, types, unknown fields, blank options', async () => {
    const c = await makeQuizCourse(teacher)
    const many = Array.from({ length: 101 }, (_, i) => ({ type: 'true_false', prompt: `Q${i}`, answer: true }))
    const cases: Array<[unknown, string]> = [
      [{ passScore: 70, questions: many }, 'body.questions'],
      [{ passScore: 101, questions: [{ type: 'true_false', prompt: 'Q', answer: true }] }, 'body.passScore'],
      [{ passScore: 70, maxAttempts: 0, questions: [{ type: 'true_false', prompt: 'Q', answer: true }] }, 'body.maxAttempts'],
      [{ passScore: 70, questions: [] }, 'body.questions'],
      [{ passScore: 70, questions: [{ type: 'essay', prompt: 'Q', answer: true }] }, 'body.questions.0.type'],
      [{ passScore: 70, questions: [{ type: 'single', prompt: 'Q', options: ['A', ''], answer: [0] }] }, 'body.questions.0.options.1'],
      [{ passScore: 70, questions: [{ type: 'single', prompt: 'Q', options: ['A', '  '], answer: [0] }] }, 'body.questions.0.options.1'],
      [{ passScore: 70, questions: [{ type: 'short_text', prompt: 'Q', answer: ['ok', '\u3000'] }] }, 'body.questions.0.answer.1'],
      [{ passScore: 70, questions: [{ type: 'single', prompt: 'Q', options: ['A', '\u200b\u202e'], answer: [0] }] }, 'body.questions.0.options.1'],
      [{ passScore: 70, questions: [{ type: 'true_false', prompt: '\u2060\u200b', answer: true }] }, 'body.questions.0.prompt'],
      [{ passScore: 70, questions: [{ type: 'true_false', prompt: 'Q', answer: true, hint: 'x' }] }, 'body.questions.0.hint'],
      [{ passScore: 70, questions: [{ type: 'true_false', prompt: 'Q\u0000', answer: true }] }, 'body.questions.0.prompt'],
      [{ passScore: 70, questions: [{ id: 'nope', type: 'true_false', prompt: 'Q', answer: true }] }, 'body.questions.0.id'],
    ]
    for (const [payload, field] of cases) {
      const res = await putQuiz(teacher, c.quizLessonId, payload)
      expectProblem(res, 400, 'EDU_VALIDATION')
      expect(fields(res), JSON.stringify(payload).slice(0, 80)).toContain(field)
    }
    // A blank accepted answer is named as such, not as a failure of every form an answer may take.
    const blankAnswer = await putQuiz(teacher, c.quizLessonId, { passScore: 70, questions: [{ type: 'short_text', prompt: 'Q', answer: ['ok', '\u3000 '] }] })
    expect(blankAnswer.json().errors).toEqual([{ field: 'body.questions.0.answer.1', message: 'must not be blank' }])
    expect(await sql(t, 'SELECT lesson_id FROM quizzes WHERE lesson_id = ?', [c.quizLessonId])).toEqual([])
  })

  it('accepts exactly 100 questions', async () => {
    const c = await makeQuizCourse(teacher)
    const questions = Array.from({ length: 100 }, (_, i) => ({ type: 'true_false', prompt: `Q${i}`, answer: i % 2 === 0 }))
    const res = await putQuiz(teacher, c.quizLessonId, { passScore: 50, questions })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().questions).toHaveLength(100)
  })

  it('refuses question ids of another quiz, and the same id twice', async () => {
    const a = await makeQuizCourse(teacher)
    const b = await makeQuizCourse(teacher)
    const other = (await putQuiz(teacher, a.quizLessonId, sampleQuiz())).json().questions[0].id as string
    const mine = (await putQuiz(teacher, b.quizLessonId, sampleQuiz())).json().questions[2].id as string
    const foreign = await putQuiz(teacher, b.quizLessonId, { passScore: 50, questions: [
      { type: 'true_false', prompt: 'Q', answer: true }, { id: other, type: 'true_false', prompt: 'Stolen', answer: false }] })
    expectProblem(foreign, 400, 'EDU_VALIDATION')
    expect(foreign.json().errors).toEqual([{ field: 'body.questions.1.id', message: 'is not a question of this quiz (omit it for a new question)' }])
    const twice = await putQuiz(teacher, b.quizLessonId, { passScore: 50, questions: [
      { id: mine, type: 'true_false', prompt: 'Q', answer: true }, { id: mine, type: 'true_false', prompt: 'Q2', answer: false }] })
    expect(fields(twice)).toEqual(['body.questions.1.id'])
    // Nothing changed in either quiz (the refused replacement rolled back).
    expect((await getQuiz(teacher, b.quizLessonId)).json().questions).toHaveLength(4)
    expect(await sql(t, 'SELECT version FROM quizzes WHERE lesson_id = ?', [b.quizLessonId])).toEqual([{ version: 1 }])
  })

  it('is for quiz lessons only, and for the owner or an admin', async () => {
    const c = await makeQuizCourse(teacher)
    const draft = await makeQuizCourse(teacher, { publish: false })
    const stranger = await t.asTeacher()
    const student = await t.asStudent()
    const admin = await t.asAdmin()
    expectProblem(await putQuiz(teacher, c.textLessonId, sampleQuiz()), 409, 'EDU_QUIZZES_NOT_A_QUIZ_LESSON')
    expectProblem(await putQuiz(teacher, '0190a8a0-0000-7000-8000-000000000000', sampleQuiz()), 404, 'EDU_QUIZZES_LESSON_NOT_FOUND')
    expectProblem(await putQuiz(stranger, c.quizLessonId, sampleQuiz()), 403, 'EDU_QUIZZES_NOT_OWNER')
    expectProblem(await putQuiz(stranger, draft.quizLessonId, sampleQuiz()), 404, 'EDU_QUIZZES_LESSON_NOT_FOUND')
    // Role and sign-in checks come before the body is looked at.
    expectProblem(await putQuiz(student, c.quizLessonId, { nonsense: true }), 403)
    expectProblem(await t.inject({ method: 'PUT', url: `${API}/lessons/${c.quizLessonId}/quiz`, payload: { nonsense: true } }), 401)
    expectProblem(await putQuiz(teacher, 'not-a-uuid', sampleQuiz()), 400, 'EDU_VALIDATION')
    expect(await sql(t, 'SELECT lesson_id FROM quizzes WHERE lesson_id = ?', [c.quizLessonId])).toEqual([])
    const byAdmin = await putQuiz(admin, c.quizLessonId, sampleQuiz())
    expect(byAdmin.statusCode, byAdmin.body).toBe(200)
    expect((await putQuiz(teacher, draft.quizLessonId, sampleQuiz())).statusCode).toBe(200)
  })
})

describe('GET /lessons/:id/quiz', () => {
  it('gives students no answers and no explanations, with their attempts used', async () => {
    const c = await makeQuizCourse(teacher)
    await putQuiz(teacher, c.quizLessonId, sampleQuiz({ maxAttempts: 2 }))
    const student = await t.asStudent()
    await enroll(student, c.courseId)
    const res = await getQuiz(student, c.quizLessonId)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['cache-control']).toBe('private, no-store')
    const body = res.json()
    expect(body).toEqual({
      lessonId: c.quizLessonId, passScore: 75, maxAttempts: 2, attemptsUsed: 0, passed: false, updatedAt: expect.any(String),
      questions: [
        { id: expect.any(String), type: 'single', prompt: 'Pick B', options: ['A', 'B', 'C'] },
        { id: expect.any(String), type: 'multiple', prompt: 'Pick the vowels', options: ['a', 'b', 'e'] },
        { id: expect.any(String), type: 'true_false', prompt: 'The sky is blue' },
        { id: expect.any(String), type: 'short_text', prompt: 'Capital of France?' },
      ],
    })
    expectProblem(await getQuiz(student, c.quizLessonId, '?include=answers'), 403, 'EDU_QUIZZES_ANSWERS_FORBIDDEN')
  })

  it('gives answers to the owner and admins with ?include=answers only', async () => {
    const c = await makeQuizCourse(teacher)
    await putQuiz(teacher, c.quizLessonId, sampleQuiz())
    const plain = (await getQuiz(teacher, c.quizLessonId)).json()
    expect(plain.questions[0]).toEqual({ id: expect.any(String), type: 'single', prompt: 'Pick B', options: ['A', 'B', 'C'] })
    expect(plain.attemptsUsed).toBeUndefined()
    const full = (await getQuiz(teacher, c.quizLessonId, '?include=answers')).json()
    expect(full.questions.map((q: { answer: unknown }) => q.answer)).toEqual([[1], [0, 2], true, ['Paris']])
    const admin = await t.asAdmin()
    expect((await getQuiz(admin, c.quizLessonId, '?include=answers')).json().questions[3].explanation).toBe('Paris, since the 10th century.')
    expectProblem(await getQuiz(await t.asTeacher(), c.quizLessonId, '?include=answers'), 403)
    expectProblem(await getQuiz(teacher, c.quizLessonId, '?include=everything'), 400, 'EDU_VALIDATION')
  })

  it('follows the lesson\'s access rules and 404s lessons without a quiz', async () => {
    const c = await makeQuizCourse(teacher)
    const draft = await makeQuizCourse(teacher, { publish: false })
    const open = await makeQuizCourse(teacher, { previewQuiz: true })
    await putQuiz(teacher, c.quizLessonId, sampleQuiz())
    await putQuiz(teacher, draft.quizLessonId, sampleQuiz())
    await putQuiz(teacher, open.quizLessonId, sampleQuiz())
    const outsider = await t.asStudent()
    expectProblem(await getQuiz(t, c.quizLessonId), 401)
    expectProblem(await getQuiz(outsider, c.quizLessonId), 403)
    expectProblem(await getQuiz(outsider, draft.quizLessonId), 404)
    const anonymous = await getQuiz(t, open.quizLessonId)
    expect(anonymous.statusCode, anonymous.body).toBe(200)
    expect(anonymous.json().questions[0]).toEqual({ id: expect.any(String), type: 'single', prompt: 'Pick B', options: ['A', 'B', 'C'] })
    expectProblem(await getQuiz(t, open.quizLessonId, '?include=answers'), 403)
    const empty = await makeQuizCourse(teacher)
    expectProblem(await getQuiz(teacher, empty.quizLessonId), 404, 'EDU_QUIZZES_QUIZ_NOT_FOUND')
    expectProblem(await getQuiz(teacher, empty.textLessonId), 404, 'EDU_QUIZZES_QUIZ_NOT_FOUND')
  })

  it('is gone with its lesson, and hidden while the lesson is not of type quiz', async () => {
    const c = await makeQuizCourse(teacher)
    await putQuiz(teacher, c.quizLessonId, sampleQuiz())
    const retyped = await teacher.inject({ method: 'PATCH', url: `${API}/lessons/${c.quizLessonId}`, payload: { type: 'text' } })
    expect(retyped.statusCode, retyped.body).toBe(200)
    expectProblem(await getQuiz(teacher, c.quizLessonId), 404, 'EDU_QUIZZES_QUIZ_NOT_FOUND')
    expect(await t.app.services.get('quizzes').getQuiz(c.quizLessonId)).toBeNull()
    await teacher.inject({ method: 'PATCH', url: `${API}/lessons/${c.quizLessonId}`, payload: { type: 'quiz' } })
    expect((await getQuiz(teacher, c.quizLessonId)).statusCode).toBe(200)
    const removed = await teacher.inject({ method: 'DELETE', url: `${API}/lessons/${c.quizLessonId}` })
    expect(removed.statusCode).toBe(204)
    await t.drainEvents()
    expect(await sql(t, 'SELECT lesson_id FROM quizzes WHERE lesson_id = ?', [c.quizLessonId])).toEqual([])
    expect(await sql(t, 'SELECT id FROM quiz_questions WHERE lesson_id = ?', [c.quizLessonId])).toEqual([])
  })
})

describe('the quizzes service', () => {
  it('gives the student view of a quiz and of questions by id, never answers', async () => {
    const c = await makeQuizCourse(teacher)
    const ids = (await putQuiz(teacher, c.quizLessonId, sampleQuiz())).json().questions.map((q: { id: string }) => q.id) as string[]
    const service = t.app.services.get('quizzes')
    const quiz = await service.getQuiz(c.quizLessonId)
    expect(quiz?.questions[1]).toEqual({ id: ids[1], type: 'multiple', prompt: 'Pick the vowels', options: ['a', 'b', 'e'] })
    expect(await service.getQuiz(c.textLessonId)).toBeNull()
    expect(await service.getQuiz('nope')).toBeNull()
    const questions = await service.getStudentQuestions([ids[3]!, 'nope', ids[0]!.toUpperCase(), '0190a8a0-0000-7000-8000-000000000000'])
    expect(questions).toEqual([
      { id: ids[3], lessonId: c.quizLessonId, type: 'short_text', prompt: 'Capital of France?' },
      { id: ids[0], lessonId: c.quizLessonId, type: 'single', prompt: 'Pick B', options: ['A', 'B', 'C'] },
    ])
    expect(await service.getStudentQuestions([])).toEqual([])
  })
})
