import type { DemoContext, Principal } from '@eduplatform/core'
import type { ReviewsService } from './service.ts'

/**
 * The demo student reviews the first course they are enrolled in (the enrollment demo runs first), and the
 * demo teacher replies when it is their course, so a fresh `npm start` shows a review with a reply.
 */
export async function loadReviewsDemo({ app, users, log }: DemoContext, service: ReviewsService): Promise<void> {
  const student: Principal = { kind: 'user', id: users.student.id, role: 'student' }
  const [enrolled] = (await app.services.get('enrollment').listForStudent(student.id, 1, undefined)).items
  if (!enrolled) {
    log.warn('reviews demo: the demo student is enrolled in no course; skipped')
    return
  }
  const review = await service.create(student, enrolled.courseId, {
    rating: 5,
    comment: 'Clear lessons and exercises that make the ideas stick. I would like a few more examples in the second module.',
  })
  const course = await app.services.get('courses').getCourseFacts(enrolled.courseId)
  if (course?.teacherId === users.teacher.id) {
    await service.reply({ kind: 'user', id: users.teacher.id, role: 'teacher' }, review.id, 'Thank you! More examples are on their way.')
  }
  log.info(`reviews demo: ${users.student.email} reviewed course ${enrolled.courseId}`)
}
