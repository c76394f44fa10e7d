export interface CheckoutRequest {
  paymentId: string
  /** Integer minor units of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD). */
  amount: number
  /** ISO 4217, lower-case. */
  currency: string
  courseId: string
  courseTitle: string
  studentId: string
  /**
   * The student's address, for the provider to prefill and send its receipt to; absent for a student of a
   * school's site (`POST /embed/sessions`), whose address the school gave and nobody confirmed.
   */
  studentEmail?: string
  successUrl?: string
  cancelUrl?: string
  idempotencyKey: string
}

export type ProviderPaymentStatus = 'pending' | 'completed' | 'failed' | 'refunded'

export interface CheckoutResult {
  providerRef: string
  status: ProviderPaymentStatus
  /** Where to send the student to pay; absent when the checkout completed at once. */
  checkoutUrl?: string
}

export interface WebhookEvent {
  /** The provider's event id: the key for deduplicating redeliveries. */
  eventId: string
  type: 'payment.completed' | 'payment.failed' | 'payment.refunded'
  providerRef: string
  paymentId?: string
}

export interface RefundResult {
  status: 'refunded'
  providerRefundRef: string
}

export type WebhookHeaders = Record<string, string | string[] | undefined>

export interface PaymentProvider {
  readonly id: string
  createCheckout(req: CheckoutRequest): Promise<CheckoutResult>
  /**
   * Verifies the signature over the raw body and maps the event.
   * Throws WebhookSignatureError on a bad or missing signature, WebhookPayloadError on a signed but
   * unreadable body; resolves null for event types the engine ignores.
   */
  parseWebhook(rawBody: Buffer | string, headers: WebhookHeaders): Promise<WebhookEvent | null>
  /** Refunds `amount` (integer minor units of `currency`, ISO 4217) of the payment `providerRef`. */
  refund(providerRef: string, amount: number, currency: string): Promise<RefundResult>
}

export class WebhookSignatureError extends Error {
  readonly code = 'EDU_PAYMENTS_WEBHOOK_SIGNATURE'
  readonly statusCode = 400
  /** The problem's `errors`: the signature travels in the request headers. */
  readonly errors: Array<{ field: string; message: string }>

  constructor(provider: string, reason: string, options?: ErrorOptions) {
    super(`Invalid ${provider} webhook signature: ${reason}`, options)
    this.name = 'WebhookSignatureError'
    this.errors = [{ field: 'headers', message: reason }]
  }
}

export class WebhookPayloadError extends Error {
  readonly code = 'EDU_PAYMENTS_WEBHOOK_PAYLOAD'
  readonly statusCode = 400
  /** The problem's `errors`: what could not be read is the body. */
  readonly errors: Array<{ field: string; message: string }>

  constructor(provider: string, reason: string, options?: ErrorOptions) {
    super(`Unreadable ${provider} webhook payload: ${reason}`, options)
    this.name = 'WebhookPayloadError'
    this.errors = [{ field: 'body', message: reason }]
  }
}

/** The provider refused or failed a call; to our client that is a bad gateway. */
export class PaymentProviderError extends Error {
  readonly code = 'EDU_PAYMENTS_PROVIDER_ERROR'
  readonly statusCode = 502
  readonly provider: string
  /** The provider's own error code or type, for logs (e.g. Stripe's `resource_missing`). */
  readonly providerCode: string | undefined

  constructor(provider: string, message: string, providerCode?: string, options?: ErrorOptions) {
    super(`${provider}: ${message}`, options)
    this.name = 'PaymentProviderError'
    this.provider = provider
    this.providerCode = providerCode
  }
}

export class PaymentNotRefundableError extends Error {
  readonly code = 'EDU_PAYMENTS_NOT_REFUNDABLE'
  readonly statusCode = 409

  constructor(providerRef: string, reason: string) {
    super(`Payment ${providerRef} cannot be refunded: ${reason}`)
    this.name = 'PaymentNotRefundableError'
  }
}

/** Header names arrive lower-cased from Node, but callers may pass their own objects. */
export function getHeader(headers: WebhookHeaders, name: string): string | string[] | undefined {
  if (name in headers) return headers[name]
  const lower = name.toLowerCase()
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === lower) return headers[key]
  }
  return undefined
}

export function assertAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new RangeError(`amount must be a positive integer in minor units, got ${amount}`)
  }
}
