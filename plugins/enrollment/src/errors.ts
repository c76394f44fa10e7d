import { createError } from '@eduplatform/core'

export const CourseNotFound = createError('EDU_ENROLLMENT_COURSE_NOT_FOUND', 'No published course %s', 404)
export const LessonNotFound = createError('EDU_ENROLLMENT_LESSON_NOT_FOUND', 'No lesson %s', 404)
/**
 * No stack trace is captured (the last argument): a re-enrolment is an expected answer, about a tenth of the
 * reference load, never logged as a failure, and capturing the trace was its costliest step.
 */
export const AlreadyEnrolled = createError('EDU_ENROLLMENT_ALREADY_ENROLLED', 'You are already enrolled in course %s', 409, Error, false)
export const PaymentRequired = createError('EDU_ENROLLMENT_PAYMENT_REQUIRED', '%s', 402)
export const NotEnrolled = createError('EDU_ENROLLMENT_NOT_ENROLLED', 'You are not enrolled in course %s', 403)
export const EnrollmentRefunded = createError('EDU_ENROLLMENT_REFUNDED', 'Your enrollment in course %s was refunded', 403)
export const NotCourseManager = createError('EDU_ENROLLMENT_NOT_COURSE_MANAGER', 'Only the course owner or an admin may see its students', 403)
export const CompletionRefused = createError('EDU_ENROLLMENT_COMPLETION_REFUSED', '%s', 409)
