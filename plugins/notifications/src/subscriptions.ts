import { displayMoney, type EduApp } from '@eduplatform/core'
import { SUBSCRIBERS } from './events.ts'
import type { NotificationsService } from './service.ts'

/** Amounts are minor units of their ISO 4217 currency: 1500 JPY is ¥1,500, 4999 USD is $49.99. */
const money = (amount: number, currency: string) => displayMoney(amount, currency)

/**
 * Every notification comes from an event; each handler runs in the event's delivery transaction and
 * keys its rows on the event id (or a batch key), so a second delivery creates nothing. Events of
 * plugins that are switched off simply never arrive. A course being published is not announced to anyone.
 */
/** The link of a course: the `courseUrl` option with `{courseId}` filled in. */
export const courseLinkFrom = (courseUrl: string) => (courseId: string) => courseUrl.replaceAll('{courseId}', encodeURIComponent(courseId))

export function subscribeToEvents(app: EduApp, service: NotificationsService, siteName: string, courseLink: (courseId: string) => string) {
  const courseTitle = async (courseId: string) => (await app.services.find('courses')?.getCourseFacts(courseId))?.title ?? 'your course'
  const on = app.events.on.bind(app.events)

  on('enrollment.created', SUBSCRIBERS.enrollmentCreated, async (p, { em, eventId }) => {
    // A paid enrollment is told by the payment's notification, which says so.
    if (p.source === 'payment') return
    const title = await courseTitle(p.courseId)
    await service.notify(em, [p.studentId], eventId, {
      type: 'enrollment.created',
      title: `You are enrolled in ${title}`,
      body: 'Start with the first lesson whenever you are ready.',
      link: courseLink(p.courseId),
      data: { courseId: p.courseId, enrollmentId: p.enrollmentId },
    })
  })

  on('payment.completed', SUBSCRIBERS.paymentCompleted, async (p, { em, eventId }) => {
    const title = await courseTitle(p.courseId)
    await service.notify(em, [p.studentId], eventId, {
      type: 'payment.completed',
      title: `Payment received for ${title}`,
      body: `We received ${money(p.amountCents, p.currency)}. You are enrolled in ${title}.`,
      link: courseLink(p.courseId),
      data: { courseId: p.courseId, paymentId: p.paymentId, amountCents: p.amountCents, currency: p.currency.toUpperCase() },
    })
  })

  on('payment.refunded', SUBSCRIBERS.paymentRefunded, async (p, { em, eventId }) => {
    const title = await courseTitle(p.courseId)
    await service.notify(em, [p.studentId], eventId, {
      type: 'payment.refunded',
      title: `Refund issued for ${title}`,
      body: `${money(p.amountCents, p.currency)} is on its way back to you. The lessons of ${title} are no longer open to you.`,
      link: courseLink(p.courseId),
      data: { courseId: p.courseId, paymentId: p.paymentId, amountCents: p.amountCents, currency: p.currency.toUpperCase() },
    })
  })

  on('course.completed', SUBSCRIBERS.courseCompleted, async (p, { em, eventId }) => {
    const title = await courseTitle(p.courseId)
    await service.notify(em, [p.studentId], eventId, {
      type: 'course.completed',
      title: `You completed ${title}`,
      body: 'Congratulations: you finished every lesson of the course.',
      link: courseLink(p.courseId),
      data: { courseId: p.courseId, enrollmentId: p.enrollmentId, completedAt: p.completedAt },
    })
  })

  on('teacher.verified', SUBSCRIBERS.teacherVerified, async (p, { em, eventId }) => {
    await service.notify(em, [p.userId], eventId, {
      type: 'teacher.verified',
      title: 'Your teacher account is verified',
      body: 'You can now create courses and publish them.',
      link: '/teach',
      data: {},
    })
  })

  on('user.registered', SUBSCRIBERS.userRegistered, async (p, { em, eventId }) => {
    await service.notify(em, [p.userId], eventId, {
      type: 'account.welcome',
      title: `Welcome to ${siteName}`,
      body: p.role === 'teacher'
        ? 'An admin verifies new teacher accounts; you will be told here when yours is.'
        : 'Find a course and start learning.',
      link: p.role === 'teacher' ? '/teach' : '/courses',
      data: { role: p.role },
    })
  })

  on('review.created', SUBSCRIBERS.reviewCreated, async (p, { em, eventId }) => {
    const course = await app.services.find('courses')?.getCourseFacts(p.courseId)
    if (!course || course.teacherId === p.authorId) return
    const author = await app.identity.getUser(p.authorId)
    await service.notify(em, [course.teacherId], eventId, {
      type: 'review.created',
      title: `New review of ${course.title}`,
      body: `${author?.name ?? 'A student'} rated it ${p.rating} out of 5.`,
      link: `${courseLink(p.courseId)}#review-${p.reviewId}`,
      data: { courseId: p.courseId, reviewId: p.reviewId, rating: p.rating },
    })
  })

  on('review.replied', SUBSCRIBERS.reviewReplied, async (p, { em }) => {
    const [title, teacher] = await Promise.all([courseTitle(p.courseId), app.identity.getUser(p.teacherId)])
    // Keyed on the review: editing the reply does not tell the author again.
    await service.notify(em, [p.authorId], `review.replied:${p.reviewId}`, {
      type: 'review.replied',
      title: `${teacher?.name ?? 'The teacher'} replied to your review`,
      body: `The teacher of ${title} replied to your review.`,
      link: `${courseLink(p.courseId)}#review-${p.reviewId}`,
      data: { courseId: p.courseId, reviewId: p.reviewId },
    })
  })

  on('review.hidden', SUBSCRIBERS.reviewHidden, async (p, { em, eventId }) => {
    // The reviews plugin may send `hidden: false` when a review is shown again; only hiding is news.
    if (p.hidden === false) return
    const title = await courseTitle(p.courseId)
    await service.notify(em, [p.authorId], eventId, {
      type: 'review.hidden',
      title: `Your review of ${title} was hidden`,
      body: p.reason ? `A moderator hid it from the course page: ${p.reason}` : 'A moderator hid it from the course page.',
      link: courseLink(p.courseId),
      data: { courseId: p.courseId, reviewId: p.reviewId, ...(p.reason ? { reason: p.reason } : {}) },
    })
  })

  on('lesson.changed', SUBSCRIBERS.lessonChanged, async (p, { em }) => {
    if (p.change !== 'created') return
    const courses = app.services.find('courses')
    const enrollment = app.services.find('enrollment')
    if (!courses || !enrollment) return
    const [course, lesson] = await Promise.all([courses.getCourseFacts(p.courseId), courses.getLessonFacts(p.lessonId)])
    // Drafts have no students to tell; a lesson deleted before this delivery is no news.
    if (!course || course.status !== 'published' || !lesson) return
    // Only students enrolled when the lesson was added: delivery may come after later enrollments.
    // (An event recorded before `addedAt` existed is told to the students there now.)
    let cursor: string | null = null
    do {
      const page = await enrollment.listStudentIds(p.courseId, { cursor, limit: 1000, enrolledBy: p.addedAt })
      await service.notifyLessonAdded(em, page.studentIds, { courseId: p.courseId, courseTitle: course.title, lessonId: p.lessonId, lessonTitle: lesson.title })
      cursor = page.nextCursor
    } while (cursor)
    // Lessons added to a draft tell nobody (no one was enrolled then): no delivery is spent on them.
  }, { when: (p) => p.change === 'created' && p.draft !== true })
}
