import type { EduApp } from '@eduplatform/core'
import type { QuizzesService } from './events.ts'
import { quizView, type QuizStore } from './store.ts'

/** The `quizzes` service other plugins use: questions and quizzes as students may see them, never answers. */
export function createQuizzesService(app: EduApp, store: QuizStore): QuizzesService {
  return {
    getStudentQuestions: (questionIds) => store.studentQuestions(questionIds),
    async getQuiz(lessonId) {
      const lesson = await app.services.get('courses').getLessonFacts(lessonId)
      if (lesson?.type !== 'quiz') return null
      const quiz = await store.get(lessonId)
      return quiz ? quizView(quiz, false) : null
    },
  }
}
