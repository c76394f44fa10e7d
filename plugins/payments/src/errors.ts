import { createError } from '@eduplatform/core'

export const CourseNotFound = createError('EDU_PAYMENTS_COURSE_NOT_FOUND', 'No published course %s', 404)
export const PaymentNotFound = createError('EDU_PAYMENTS_NOT_FOUND', 'No payment %s', 404)
export const FreeCourse = createError('EDU_PAYMENTS_FREE_COURSE', 'Course %s is free: there is nothing to pay, enroll directly (POST /api/v1/enrollments)', 409)
export const AlreadyEnrolled = createError('EDU_PAYMENTS_ALREADY_ENROLLED', 'You are already enrolled in course %s', 409)
export const AlreadyPaid = createError('EDU_PAYMENTS_ALREADY_PAID', 'You already paid for course %s (payment %s)', 409)
export const PaymentInProgress = createError('EDU_PAYMENTS_IN_PROGRESS', 'A payment for course %s is already in progress (payment %s); finish or wait for it', 409)
export const IdempotencyKeyReused = createError('EDU_PAYMENTS_IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another request body; use a new key for a new request', 409)
export const NotRefundable = createError('EDU_PAYMENTS_NOT_REFUNDABLE', 'Payment %s is %s; only completed payments can be refunded', 409)
export const ProviderMismatch = createError('EDU_PAYMENTS_PROVIDER_MISMATCH', 'Payment %s was made with provider "%s", which is not the one configured', 409)
export const UnknownWebhookProvider = createError('EDU_PAYMENTS_UNKNOWN_PROVIDER', 'No webhook endpoint for provider "%s" (configured: "%s")', 404)
