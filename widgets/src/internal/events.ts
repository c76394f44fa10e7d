import type { CourseProgress, Enrollment, LessonCompletion, QuizAttempt } from './api.ts'

/** Every event the widgets emit: name → `detail`. All bubble, cross shadow roots (composed) and carry the `edu-` prefix. */
export interface EduEventMap {
  /** A student enrolled in a free course from a course card. */
  'edu-enroll': { courseId: string; enrollment: Enrollment | null; progress: CourseProgress | null }
  /** A payment was created (`status` says whether it settled; `checkoutUrl` where to pay, for Stripe). Cancelable: cancel to handle `checkoutUrl` yourself. */
  'edu-purchase': { courseId: string; payment: { id: string; status: string; amount: number; currency: string; checkoutUrl: string | null } }
  /** The learner asked to open a course at a lesson (Continue, Start). Cancelable: cancel to stop `lesson-url` navigation. */
  'edu-open': { courseId: string; lessonId: string | null }
  /** An action needs a signed-in student and the widget has no token: sign the visitor in, then set `token`. */
  'edu-auth-required': { action: 'enroll' | 'buy' | 'quiz'; courseId: string | null; lessonId: string | null }
  /** The token was refused (expired or revoked); once per token for the whole page. Set a new `token` (on `<edu-config>` or the elements): every widget waiting for it retries where it was. */
  'edu-token-expired': { tag: string }
  /**
   * The page's token was refused, and so were the tokens set to renew it (three in a row): the widgets stop
   * asking for renewals and show public data with a sign-in message. Once per failure for the whole page; setting
   * a new `token` tries again.
   */
  'edu-token-failed': { tag: string }
  /** A lesson was marked complete, or its quiz passed (from the player or the quiz); `progress` is the course's progress after it. */
  'edu-lesson-complete': { lessonId: string; courseId: string; progress: LessonCompletion }
  /** Previous/next within the curriculum. Cancelable: cancel to navigate yourself; otherwise the player opens `lessonId`. */
  'edu-navigate': { lessonId: string; from: string; direction: 'previous' | 'next' }
  /** A quiz attempt was graded. */
  'edu-quiz-submit': { lessonId: string; attempt: QuizAttempt }
  /** A quiz attempt passed (after `edu-quiz-submit`). */
  'edu-quiz-pass': { lessonId: string; attempt: QuizAttempt }
  /** A call failed for a reason other than an expired token (`status` 0: the network). */
  'edu-error': { status: number; code: string | null; detail: string }
}

export type EduEventName = keyof EduEventMap

type EduDomEvents = { [K in EduEventName]: CustomEvent<EduEventMap[K]> }

declare global {
  // `addEventListener('edu-enroll', (e) => e.detail.courseId)` is typed on any element and on document.
  interface GlobalEventHandlersEventMap extends EduDomEvents {}
}

/** The DOM event of a name, for handlers declared apart: `(e: EduEvent<'edu-enroll'>) => …`. */
export type EduEvent<K extends EduEventName> = CustomEvent<EduEventMap[K]>
