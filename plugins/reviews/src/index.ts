import { fileURLToPath } from 'node:url'
import { definePlugin } from '@eduplatform/core'
import { courseTag } from './cache.ts'
import { loadReviewsDemo } from './demo.ts'
import { SUBSCRIBERS } from './events.ts'
import { ReviewReading } from './reading.ts'
import { reviewRoutes } from './routes/reviews.ts'
import { ReviewsService } from './service.ts'

export type { ReviewDeleted, ReviewHidden, ReviewReplied, ReviewWritten } from './events.ts'
export type { ReviewView, ReviewSummary } from './schemas.ts'
export { SUBSCRIBERS } from './events.ts'

/** Course reviews: ratings and comments by enrolled students, teacher replies, moderation, the course's exact average. */
export const reviews = definePlugin({
  name: 'reviews',
  dependsOn: ['courses', 'enrollment'],
  migrations: fileURLToPath(new URL('../../../migrations/reviews', import.meta.url)),
  register(app) {
    const service = new ReviewsService(app)
    const reading = new ReviewReading(app)
    const forget = (courseIds: readonly string[]) => app.cache.bump(...courseIds.map(courseTag))

    // Review pages show authors' names and whether they completed the course: forget them when either moves.
    app.events.on('user.updated', SUBSCRIBERS.authorRenamed, async ({ userId, fields }, { em }) => {
      if (!fields.includes('name')) return
      const courseIds = await service.coursesReviewedBy(em, userId)
      if (courseIds.length) await app.afterCommit(em, () => forget(courseIds))
    }, { when: (p) => p.fields.includes('name') })
    app.events.on('course.completed', SUBSCRIBERS.authorCompleted, async ({ studentId, courseId }, { em }) => {
      if (await service.hasReviewed(em, studentId, courseId)) await app.afterCommit(em, () => forget([courseId]))
    })
    // A verified learner did more than half of the lessons the course has now: added or removed lessons move it.
    // A lesson added to a draft moves nothing: a draft has no enrollments, hence no reviews.
    app.events.on('lesson.changed', SUBSCRIBERS.lessonsChanged, async ({ courseId, change }, { em }) => {
      if (change !== 'updated') await app.afterCommit(em, () => forget([courseId]))
    }, { when: (p) => p.change === 'deleted' || (p.change === 'created' && p.draft !== true) })
    // Cached pages carry the course's status (drafts are private), nothing else of it: an edit that keeps the
    // status needs no delivery. A deleted course takes its reviews along.
    app.events.on('course.updated', SUBSCRIBERS.courseChanged, async ({ courseId }, { em }) => {
      await app.afterCommit(em, () => forget([courseId]))
    }, { when: (p) => p.statusChanged !== false })
    app.events.on('course.deleted', SUBSCRIBERS.courseDeleted, async ({ courseId }, { em }) => {
      await service.deleteCourseReviews(em, courseId)
    })

    reviewRoutes(app, { service, reading })
    return { service }
  },
  async demo(ctx, _options, { service }) {
    await loadReviewsDemo(ctx, service)
  },
})

export default reviews
