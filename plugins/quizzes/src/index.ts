import { fileURLToPath } from 'node:url'
import { definePlugin } from '@eduplatform/core'
import { Attempts } from './attempts.ts'
import { QuizAuthoring } from './authoring.ts'
import { linkCompletion } from './completion.ts'
import { loadQuizDemo } from './demo.ts'
import { SUBSCRIBERS } from './events.ts'
import { attemptRoutes } from './routes/attempts.ts'
import { quizRoutes } from './routes/quiz.ts'
import { createQuizzesService } from './service.ts'
import { QuizStore } from './store.ts'

export type { QuizAttemptGraded, QuizPassed, QuizzesService, StudentQuestionOfLesson } from './events.ts'
export { QuizInput, QuestionInput, QuestionAnswer, QuizView, StudentQuestion, AttemptInput, AttemptView, QUESTION_TYPES, LIMITS } from './schemas.ts'
export type { QuestionType } from './schemas.ts'
export { checkQuiz, quizProblems, type FieldProblem } from './validation.ts'
export { normalizeText } from './grading.ts'

/** Quizzes on lessons of type `quiz`: authoring, server-side grading, attempts; provides `quizzes`. */
export const quizzes = definePlugin({
  name: 'quizzes',
  dependsOn: ['courses', 'enrollment'],
  migrations: fileURLToPath(new URL('../../../migrations/quizzes', import.meta.url)),
  register(app) {
    const store = new QuizStore(app)
    const authoring = new QuizAuthoring(app, store)
    const attempts = new Attempts(app, store)
    app.services.provide('quizzes', createQuizzesService(app, store))
    linkCompletion(app, store, attempts)
    app.events.on('lesson.changed', SUBSCRIBERS.forgetRemovedLesson, async ({ lessonId, change }, { em }) => {
      if (change === 'deleted') await store.remove(em, { lessonId })
    }, { when: (p) => p.change === 'deleted' })
    app.events.on('course.deleted', SUBSCRIBERS.forgetDeletedCourse, async ({ courseId }, { em }) => {
      await store.remove(em, { courseId })
    })
    quizRoutes(app, authoring)
    attemptRoutes(app, attempts)
  },
  async demo(ctx) {
    await loadQuizDemo(ctx)
  },
})

export default quizzes
