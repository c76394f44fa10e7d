import type { EduApp } from '@eduplatform/core'
import type { Attempts } from './attempts.ts'
import { SUBSCRIBERS } from './events.ts'
import type { QuizStore } from './store.ts'

/** Errors that mean the completion can never happen (unenrolled, refunded, lesson gone): not retried. */
const FINAL = new Set([403, 404])

/**
 * Completes the lesson of a passing attempt through the enrollment service (idempotent). A refusal that
 * can never turn into a completion (the student was refunded, the lesson is gone) is logged, not thrown.
 */
export async function completePassedLesson(app: EduApp, studentId: string, lessonId: string): Promise<void> {
  try {
    await app.services.get('enrollment').completeLesson(studentId, lessonId)
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode
    if (status === undefined || !FINAL.has(status)) throw error
    app.log.info({ studentId, lessonId, status }, 'quizzes: passing attempt left the lesson incomplete')
  }
}

/**
 * Ties quizzes to lesson completion, through the enrollment plugin's public service only:
 * - a guard: a quiz lesson that has a quiz completes only after a passing attempt, whoever asks
 *   (`POST /progress/lessons/:id/complete` included); a quiz lesson without a quiz completes like any lesson;
 * - a subscriber: `quiz.passed` completes the lesson (idempotent). The attempt route completes it at once
 *   after its commit; the subscriber makes that certain if the process stops in between.
 */
export function linkCompletion(app: EduApp, store: QuizStore, attempts: Attempts): void {
  const enrollment = app.services.get('enrollment')
  enrollment.addCompletionGuard({
    name: 'quizzes.passing-attempt',
    lessonTypes: ['quiz'],
    async check({ studentId, lessonId }) {
      if (!(await store.get(lessonId))) return undefined
      if (await attempts.hasPassed(studentId, lessonId)) return undefined
      return `Lesson ${lessonId} is complete once its quiz is passed: submit an attempt (POST /api/v1/lessons/${lessonId}/quiz/attempts)`
    },
  })
  app.events.on('quiz.passed', SUBSCRIBERS.completeOnPass, ({ studentId, lessonId }) => completePassedLesson(app, studentId, lessonId))
}
