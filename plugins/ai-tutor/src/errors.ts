import { createError } from '@eduplatform/core'

// Provider failures, after retries (see tutor/resilience.ts). 5xx problems of this plugin keep their detail.
export const ProviderMalformed = createError('EDU_AI_MALFORMED_REPLY', 'The AI provider sent a reply that does not have the expected shape: %s', 502)
export const ProviderUnavailable = createError('EDU_AI_UNAVAILABLE', 'The AI provider is unavailable: %s', 503)
export const ProviderTimeout = createError('EDU_AI_TIMEOUT', 'The AI provider did not answer within %s ms', 504)

export const AiRateLimited = createError('EDU_AI_RATE_LIMITED', 'Too many AI requests; try again in %s seconds', 429)
export const AiQuotaExceeded = createError('EDU_AI_QUOTA_EXCEEDED', 'The daily AI quota of %s requests is used up; it renews in %s seconds', 429)
export const NoLessonText = createError('EDU_AI_NO_TEXT', 'This lesson has no text to work from', 422)
export const NotAllowedToAsk = createError('EDU_AI_NOT_ENROLLED', 'Only students enrolled in this course, its teacher and admins may ask the tutor', 403)
export const NotCourseManager = createError('EDU_AI_NOT_OWNER', 'Only the teacher who owns this course, or an admin, may generate quiz drafts', 403)
export const LessonNotFound = createError('EDU_AI_LESSON_NOT_FOUND', 'No lesson %s', 404)
export const ReviewItemNotFound = createError('EDU_AI_REVIEW_ITEM_NOT_FOUND', 'No review item %s', 404)
export const ReviewItemNotDue = createError('EDU_AI_REVIEW_ITEM_NOT_DUE', 'Review item %s is not due until %s (a grade was given already)', 409)

/** Codes whose 5xx detail is ours to show (the engine hides the detail of unexpected 5xx errors). */
export const PROVIDER_FAILURE_TITLES: Record<string, string> = {
  EDU_AI_MALFORMED_REPLY: 'Bad Gateway',
  EDU_AI_UNAVAILABLE: 'Service Unavailable',
  EDU_AI_TIMEOUT: 'Gateway Timeout',
}
