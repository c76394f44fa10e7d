import type {} from '@eduplatform/plugin-courses'
import type {} from '@eduplatform/plugin-enrollment'
import type {} from '@eduplatform/plugin-payments'
import type { NotificationType } from './notification-types.ts'

/** A notification whose recipient wants it by email; the mail is sent by this event's handler, from the outbox. */
export interface NotificationEmailQueued {
  notificationId: string
  userId: string
  type: NotificationType
}

declare module '@eduplatform/core' {
  interface EduEvents {
    /** Internal to the notifications plugin: one email to send (retried, then dead-lettered, by the outbox). */
    'notification.email-queued': NotificationEmailQueued
  }
}

/** Stable subscriber ids of this plugin. */
export const SUBSCRIBERS = {
  enrollmentCreated: 'notifications.on-enrollment-created',
  paymentCompleted: 'notifications.on-payment-completed',
  paymentRefunded: 'notifications.on-payment-refunded',
  courseCompleted: 'notifications.on-course-completed',
  teacherVerified: 'notifications.on-teacher-verified',
  userRegistered: 'notifications.on-user-registered',
  reviewCreated: 'notifications.on-review-created',
  reviewReplied: 'notifications.on-review-replied',
  reviewHidden: 'notifications.on-review-hidden',
  lessonChanged: 'notifications.on-lesson-changed',
  sendEmail: 'notifications.send-email',
} as const
