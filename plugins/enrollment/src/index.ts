import { fileURLToPath } from 'node:url'
import { definePlugin } from '@eduplatform/core'
import { loadEnrollmentDemo } from './demo.ts'
import { enrollmentEntities } from './entities/enrollment.ts'
import { SUBSCRIBERS } from './events.ts'
import { enrollmentRoutes } from './routes/enrollments.ts'
import { progressRoutes } from './routes/progress.ts'
import { EnrollmentService } from './service.ts'

export type { EnrollmentCreated, LessonCompleted, CourseCompleted } from './events.ts'
export type { CompletionGuard, EnrollmentService, EnrollmentView, LearnerStanding, Progress } from './service.ts'

/** Enrollments, lesson progress and completion; provides `course-access` and `enrollment`. */
export const enrollment = definePlugin({
  name: 'enrollment',
  dependsOn: ['courses'],
  // Registered after payments when it is on, so its demo (a purchase) runs first. Payments does not
  // list enrollment back: optional dependencies both ways would be a cycle.
  optionalDependsOn: ['payments'],
  entities: enrollmentEntities,
  migrations: fileURLToPath(new URL('../../../migrations/enrollment', import.meta.url)),
  register(app) {
    const service = new EnrollmentService(app)
    app.services.provide('enrollment', service)
    app.services.provide('course-access', {
      isEnrolled: (userId, courseId) => service.isEnrolled(userId, courseId),
      isEnrolledCached: (userId, courseId) => service.isEnrolledCached(userId, courseId),
    })
    app.events.on('payment.completed', SUBSCRIBERS.enrollOnPayment, async (p, { em }) => {
      await service.enrollFromPayment(em, { studentId: p.studentId, courseId: p.courseId, paymentId: p.paymentId })
    })
    app.events.on('payment.refunded', SUBSCRIBERS.revokeOnRefund, async (p, { em }) => {
      await service.markRefunded(em, { studentId: p.studentId, courseId: p.courseId, paymentId: p.paymentId })
    })
    app.events.on('lesson.changed', SUBSCRIBERS.completeOnLessonRemoved, async (p, { em }) => {
      if (p.change === 'deleted') await service.completeWhereAllDone(em, p.courseId, p.lessonId)
    }, { when: (p) => p.change === 'deleted' })
    enrollmentRoutes(app, service)
    progressRoutes(app, service)
  },
  async demo(ctx) {
    await loadEnrollmentDemo(ctx, ctx.app.services.get('enrollment'))
  },
})
