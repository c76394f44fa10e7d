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

describe('PUT /lessons/:id/quiz', () => {
  it('stores the quiz as one document and answers it with question ids and answers', async () => {
    const c = await makeQuizCourse(teacher)
    const res = await putQuiz(teacher, c.quizLessonId, sampleQuiz({ maxAttempts: 3 }))
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ lessonId: c.quizLessonId, passScore: 75, maxAttempts: 3 })
    expect(body.questions).toHaveLength(4)
    expect(body.questions[0]).toEqual({ id: expect.any(String), type: 'single', prompt: 'Pick B', options: ['A', 'B', 'C'], answer: [1], explanation: 'B is the second letter.' })
    expect(body.questions[2]).toEqual({ id: expect.any(String), type: 'true_false', prompt: 'The sky is blue', answer: true })
    expect(body.questions[3]).toEqual({ id: expect.any(String), type: 'short_text', prompt: 'Capital of France?', answer: ['Paris'], explanation: 'Paris, since the 10th century.' })
  })
})
