/**
 * Every kind of notification this plugin sends, with its default channels. Email is on by default for
 * what a learner or teacher must not miss (money, completion, verification) and off for the rest.
 */
export const NOTIFICATION_TYPES = {
  /** To the student: enrolled in a free course (a paid one is told by `payment.completed`). */
  'enrollment.created': { inApp: true, email: false },
  /** To the student: the payment arrived and they are enrolled. */
  'payment.completed': { inApp: true, email: true },
  /** To the student: the payment was refunded and the course's lessons are closed to them. */
  'payment.refunded': { inApp: true, email: true },
  /** To the student: every lesson of a course is complete. */
  'course.completed': { inApp: true, email: true },
  /** To the teacher: an admin verified their account, so they can publish courses. */
  'teacher.verified': { inApp: true, email: true },
  /** To the course's teacher: a student reviewed the course. */
  'review.created': { inApp: true, email: false },
  /** To the review's author: the course's teacher replied. */
  'review.replied': { inApp: true, email: false },
  /** To the review's author: a moderator hid the review. */
  'review.hidden': { inApp: true, email: false },
  /** To enrolled students: new lessons in a course, one notification per course and day. */
  'lesson.added': { inApp: true, email: false },
  /** To a new user: welcome, after registration. */
  'account.welcome': { inApp: true, email: false },
} as const satisfies Record<string, ChannelSettings>

export interface ChannelSettings {
  inApp: boolean
  email: boolean
}

export type NotificationType = keyof typeof NOTIFICATION_TYPES
export const NOTIFICATION_TYPE_NAMES = Object.keys(NOTIFICATION_TYPES) as NotificationType[]

export const isNotificationType = (value: string): value is NotificationType => Object.hasOwn(NOTIFICATION_TYPES, value)
