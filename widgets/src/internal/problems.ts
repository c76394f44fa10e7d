import { ApiError } from './api.ts'
import type { StringKey } from './i18n.ts'

/**
 * The string that tells a learner why an action failed, from the problem the engine answered
 * (its status and `code`, RFC 9457). A problem's `detail` is for developers (it names ids and
 * routes): it goes to `edu-error`, never onto the page.
 */
export function failureKey(error: unknown): StringKey {
  if (!(error instanceof ApiError)) return 'actionFailed'
  const code = error.problem?.code ?? ''
  if (error.status === 0) return 'networkFailed'
  if (error.status === 429) return 'tooManyRequests'
  if (error.status === 402) return 'paymentRequired'
  if (code.endsWith('_NOT_ENROLLED') || code.endsWith('_REFUNDED')) return 'notEnrolled'
  if (code === 'EDU_QUIZZES_ATTEMPTS_USED_UP') return 'noAttemptsLeft'
  if (code === 'EDU_PAYMENTS_ALREADY_PAID' || code === 'EDU_PAYMENTS_IN_PROGRESS') return 'alreadyPaid'
  return 'actionFailed'
}

/**
 * Whether a failed read means the thing asked for does not exist for anyone (shown as "not available",
 * with no Try again): 404, or an id the engine refuses as no id at all (400; 414 for one too long for a URL).
 */
export function isUnavailable(error: unknown): boolean {
  return error instanceof ApiError && [400, 404, 414].includes(error.status)
}
