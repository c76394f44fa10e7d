import type {} from '@eduplatform/plugin-courses'
import type {} from '@eduplatform/plugin-payments'
import type { EnrollmentService } from './service.ts'

export interface EnrollmentCreated {
  enrollmentId: string
  studentId: string
  courseId: string
  source: 'free' | 'payment'
  paymentId: string | null
}
export interface LessonCompleted {
  enrollmentId: string
  studentId: string
  courseId: string
  lessonId: string
}
export interface CourseCompleted {
  enrollmentId: string
  studentId: string
  courseId: string
  completedAt: string
}

declare module '@eduplatform/core' {
  interface EduEvents {
    /** A student was enrolled (free, or after a completed payment). Delivered through the outbox. */
    'enrollment.created': EnrollmentCreated
    /** A lesson was completed for the first time by an enrolled student. */
    'lesson.completed': LessonCompleted
    /** Every lesson of the course is complete; emitted once per enrollment. */
    'course.completed': CourseCompleted
  }
  interface EduServices {
    enrollment: EnrollmentService
  }
}

/** Stable subscriber ids of this plugin. */
export const SUBSCRIBERS = {
  enrollOnPayment: 'enrollment.enroll-on-payment',
  revokeOnRefund: 'enrollment.revoke-on-refund',
  completeOnLessonRemoved: 'enrollment.complete-on-lesson-removed',
} as const
