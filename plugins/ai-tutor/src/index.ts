import { fileURLToPath } from 'node:url'
import { definePlugin, type EduApp } from '@eduplatform/core'
import type {} from '@eduplatform/plugin-courses'
import type {} from '@eduplatform/plugin-payments'
import type {} from '@eduplatform/plugin-quizzes'
import { PassageIndex } from './grounding/index.ts'
import { Retrieval } from './grounding/retrieval.ts'
import { AiMetrics } from './metrics.ts'
import { AiTutorOptions } from './options.ts'
import { chooseProvider } from './providers/choose.ts'
import { providerFailureHandler } from './routes/errors.ts'
import { reviewRoutes } from './routes/review.ts'
import { ReviewQueue } from './review/queue.ts'
import { tutorRoutes } from './routes/tutor.ts'
import { aiLimits } from './tutor/limits.ts'
import { Tutor } from './tutor/tutor.ts'

export type { AiProvider, Answer, AnswerChunk, LessonSource, PassageSource, Summary } from './providers/provider.ts'
export { ProviderFailure } from './providers/provider.ts'
export { OfflineProvider } from './providers/offline.ts'
export { GeminiProvider } from './providers/gemini.ts'
export { AiTutorOptions } from './options.ts'
export { AnswerView, QuizDraft, SummaryView } from './schemas.ts'
export { splitPassages } from './grounding/passages.ts'

/** Subscriber ids (stable: outbox rows name them). */
export const SUBSCRIBERS = {
  indexLesson: 'ai-tutor.index-lesson',
  indexPublished: 'ai-tutor.index-on-status-change',
  forgetCourse: 'ai-tutor.forget-course',
  reviewAttempt: 'ai-tutor.review-attempt',
  forgetRefunded: 'ai-tutor.forget-refunded-reviews',
} as const

/** The AI tutor: lesson summaries, quiz drafts, grounded answers with citations, and spaced-repetition review. */
export const aiTutor = definePlugin({
  name: 'ai-tutor',
  dependsOn: ['courses'],
  optionalDependsOn: ['enrollment', 'quizzes'],
  options: AiTutorOptions,
  migrations: fileURLToPath(new URL('../../../migrations/ai-tutor', import.meta.url)),
  register(app: EduApp, options) {
    const provider = chooseProvider(options, process.env)
    const metrics = new AiMetrics(app.edu.metrics)
    const index = new PassageIndex(app)
    const tutor = new Tutor(app, { provider, options, metrics, index, retrieval: new Retrieval(app) })
    app.log.info(`ai-tutor: provider ${provider.identifier} (${provider.model})`)

    // Passages follow the lessons: re-indexed when one is written, dropped when it or its course is deleted.
    // A draft's lessons, added or edited, are indexed when the course's status changes (it is published),
    // or as its owner (or an admin) asks about it (`catchUp`): a teacher writing a draft costs no delivery
    // per write, and nobody else can ask about a draft.
    app.events.on('lesson.changed', SUBSCRIBERS.indexLesson, async ({ courseId, lessonId, change }, { em }) => {
      const lesson = change === 'deleted' ? undefined : await app.services.get('courses').getLessonText(lessonId)
      if (lesson) await index.indexLesson(em, lesson)
      else await index.removeLesson(em, courseId, lessonId)
    }, { when: (p) => p.change === 'deleted' || p.draft !== true })
    app.events.on('course.updated', SUBSCRIBERS.indexPublished, async ({ courseId }, { em }) => {
      await index.catchUp(courseId, em)
    }, { when: (p) => p.statusChanged === true })
    app.events.on('course.deleted', SUBSCRIBERS.forgetCourse, async ({ courseId }, { em }) => {
      await index.removeCourse(em, courseId)
    })

    // Spaced repetition: questions answered in graded attempts join the queue; a refund takes them out.
    const queue = new ReviewQueue(app)
    app.events.on('quiz.attempt.graded', SUBSCRIBERS.reviewAttempt, async (attempt, { em }) => {
      await queue.recordAttempt(em, attempt)
    })
    app.events.on('payment.refunded', SUBSCRIBERS.forgetRefunded, async ({ studentId, courseId }, { em }) => {
      await queue.removeCourse(em, studentId, courseId)
    })

    providerFailureHandler(app)
    tutorRoutes(app, { tutor, limits: aiLimits(app, options) })
    reviewRoutes(app, queue)
  },
})

export default aiTutor
