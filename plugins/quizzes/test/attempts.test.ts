import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quizzes } from '../src/index.ts'
import { API, enroll, expectProblem, getQuiz, makeQuizCourse, putQuiz, rightAnswers, sampleQuiz, sql, submit } from './helpers.ts'

let t: TestEngine
let teacher: Actor

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), quizzes()], config: { logLevel: 'error' } })
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

describe('POST /lessons/:id/quiz/attempts', () => {
  it('grades on the server and a pass completes the lesson', async () => {
    const { c, ids, student } = await quizWithStudent()
    const res = await submit(student, c.quizLessonId, rightAnswers(ids))
    expect(res.statusCode, res.body).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({ lessonId: c.quizLessonId, score: 100, passed: true, passScore: 75 })
    expect(body.results.map((r: { correct: boolean }) => r.correct)).toEqual([true, true, true, true])
    expect(body.results[0]).toEqual({
      questionId: ids[0], type: 'single', prompt: 'Pick B', options: ['A', 'B', 'C'], answer: [1], correct: true, correctAnswer: [1], explanation: 'B is the second letter.',
    })
    const progress = await student.inject({ method: 'GET', url: `${API}/progress/courses/${c.courseId}` })
    expect(progress.json().completedLessonIds).toEqual([c.quizLessonId])
  })
})

describe('completion guard', () => {
  it('refuses POST /progress/lessons/:id/complete on a quiz lesson until a passing attempt', async () => {
    const { c, ids, student } = await quizWithStudent()
    const refused = await student.inject({ method: 'POST', url: `${API}/progress/lessons/${c.quizLessonId}/complete` })
    expectProblem(refused, 409, 'EDU_ENROLLMENT_COMPLETION_REFUSED')
    const text = await student.inject({ method: 'POST', url: `${API}/progress/lessons/${c.textLessonId}/complete` })
    expect(text.statusCode, text.body).toBe(200)
    const failed = await submit(student, c.quizLessonId, [{ questionId: ids[0]!, answer: [0] }])
    expect(failed.json()).toMatchObject({ score: 0, passed: false })
    expectProblem(await student.inject({ method: 'POST', url: `${API}/progress/lessons/${c.quizLessonId}/complete` }), 409, 'EDU_ENROLLMENT_COMPLETION_REFUSED')
    expect((await submit(student, c.quizLessonId, rightAnswers(ids))).json().passed).toBe(true)
    const done = await student.inject({ method: 'POST', url: `${API}/progress/lessons/${c.quizLessonId}/complete` })
    expect(done.statusCode, done.body).toBe(200)
    expect(done.json()).toEqual({ completed: 2, total: 2, percent: 100, status: 'completed', courseId: c.courseId })
  })
})
