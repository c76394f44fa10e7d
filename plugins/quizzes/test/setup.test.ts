import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { createTestEngine } from '@eduplatform/core/testing'
import { describe, expect, it } from 'vitest'
import { quizzes } from '../src/index.ts'
import { API, enroll, makeQuizCourse } from './helpers.ts'

describe('switching quizzes on and off', () => {
  it('refuses to boot without the enrollment plugin', async () => {
    await expect(createTestEngine({ plugins: [courses(), quizzes()] })).rejects.toThrow(
      'Plugin "quizzes" depends on "enrollment", which is not switched on in edu.config.ts')
  })

  it('leaves enrollment as it was when off: quiz lessons complete like any lesson, and no quiz routes exist', async () => {
    const t = await createTestEngine({ plugins: [courses(), enrollment()], config: { logLevel: 'error' } })
    try {
      const teacher = await t.asTeacher()
      const c = await makeQuizCourse(teacher)
      const student = await t.asStudent()
      await enroll(student, c.courseId)
      const res = await student.inject({ method: 'POST', url: `${API}/progress/lessons/${c.quizLessonId}/complete` })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({ completed: 1, total: 2 })
      const quiz = await student.inject({ method: 'GET', url: `${API}/lessons/${c.quizLessonId}/quiz` })
      expect(quiz.statusCode).toBe(404)
      expect(quiz.json().code).toBe('EDU_ROUTE_NOT_FOUND')
      expect(t.app.services.find('quizzes')).toBeUndefined()
    } finally {
      await t.close()
    }
  })
})

describe('demo', () => {
  it('adds a quiz lesson with a question of every type to the demo TypeScript course', async () => {
    const t = await createTestEngine({ plugins: [courses(), enrollment(), quizzes()], config: { demo: true, logLevel: 'error' } })
    try {
      const found = (await t.inject({ method: 'GET', url: `${API}/courses?q=TypeScript%20from%20Scratch` })).json().items
      const course = found.find((c: { title: string }) => c.title === 'TypeScript from Scratch')
      const curriculum = (await t.inject({ method: 'GET', url: `${API}/courses/${course.id}/curriculum` })).json()
      const quizLessons = curriculum.modules.flatMap((m: { lessons: Array<{ id: string; type: string; title: string }> }) => m.lessons.filter((l) => l.type === 'quiz'))
      expect(quizLessons.map((l: { title: string }) => l.title)).toEqual(['Check your understanding'])
      const quiz = await t.app.services.get('quizzes').getQuiz(quizLessons[0].id)
      expect(quiz?.questions.map((q) => q.type)).toEqual(['single', 'multiple', 'true_false', 'short_text'])
      expect(quiz?.passScore).toBe(75)
    } finally {
      await t.close()
    }
  }, 60_000)
})
