import type {} from '@eduplatform/plugin-courses'
import type {} from '@eduplatform/plugin-enrollment'
import type { PaymentsService } from './service.ts'

export interface PaymentSettled {
  paymentId: string
  studentId: string
  courseId: string
  /** Integer minor units. */
  amountCents: number
  /** ISO 4217, lower-case. */
  currency: string
}

declare module '@eduplatform/core' {
  interface EduEvents {
    /** The money arrived (mock: at once; Stripe: by webhook). The enrollment plugin enrolls on it. */
    'payment.completed': PaymentSettled
    /** The payment was refunded (by an admin, or in the provider's dashboard). Enrollment loses access. */
    'payment.refunded': PaymentSettled
    /** The checkout failed or expired; nothing was charged. */
    'payment.failed': { paymentId: string; studentId: string; courseId: string }
  }
  interface EduServices {
    payments: PaymentsService
  }
}
