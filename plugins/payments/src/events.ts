import type {} from '@eduplatform/plugin-courses'
import type {} from '@eduplatform/plugin-enrollment'
import type { PaymentsService } from './service.ts'

export interface PaymentSettled {
  paymentId: string
  studentId: string
  courseId: string
  /** Integer minor units of `currency` per ISO 4217 (cents for USD, yen for JPY), whatever the field's name. */
  amountCents: number
  /** ISO 4217, upper-case. */
  currency: string
}

/**
 * Why a payment was refunded: `admin` through `POST /payments/:id/refund`, `provider` in the provider's own
 * dashboard, `course_deleted` automatically, because the course was deleted before the payment completed.
 */
export type RefundReason = 'admin' | 'provider' | 'course_deleted'

export interface PaymentRefunded extends PaymentSettled {
  reason: RefundReason
}

declare module '@eduplatform/core' {
  interface EduEvents {
    /** The money arrived (mock: at once; Stripe: by webhook). The enrollment plugin enrolls on it. */
    'payment.completed': PaymentSettled
    /**
     * The payment was refunded; `reason` says why (tell the student: `course_deleted` means the course they
     * paid for was deleted before the payment completed). Enrollment loses access.
     */
    'payment.refunded': PaymentRefunded
    /** Internal to payments: a payment completed for a course that no longer exists; it is refunded. */
    'payment.course-missing': { paymentId: string }
    /** The checkout failed or expired; nothing was charged. */
    'payment.failed': { paymentId: string; studentId: string; courseId: string }
  }
  interface EduServices {
    payments: PaymentsService
  }
}
