import type Stripe from 'stripe'
import { toStripeAmount } from './stripe-amount.ts'
import {
  assertAmount,
  getHeader,
  PaymentNotRefundableError,
  PaymentProviderError,
  WebhookPayloadError,
  WebhookSignatureError,
  type CheckoutRequest,
  type CheckoutResult,
  type PaymentProvider,
  type RefundResult,
  type WebhookEvent,
  type WebhookHeaders,
} from './provider.ts'

export interface StripeProviderOptions {
  /** `sk_live_…`, `sk_test_…` or a restricted `rk_…` key. */
  secretKey: string
  /** The endpoint's signing secret, `whsec_…`. */
  webhookSecret: string
  /**
   * Where Checkout sends the student afterwards, unless the request names its own URL. Stripe fills in
   * `{CHECKOUT_SESSION_ID}`. Without one, Stripe shows its own confirmation page.
   */
  successUrl?: string
  cancelUrl?: string
  /** API host override, e.g. a local fake in tests. Default `api.stripe.com:443` over https. */
  host?: string
  port?: number
  protocol?: 'http' | 'https'
  /** The SDK's automatic retries (idempotent, with backoff). Default 2. */
  maxNetworkRetries?: number
  /** Per-request timeout in milliseconds. Default 80000 (the SDK's). */
  timeoutMs?: number
}

/**
 * Stripe Checkout. `providerRef` is the Checkout Session id (`cs_…`); the session carries the
 * engine's payment id as `client_reference_id`, so every webhook maps back to it.
 */
export class StripePaymentProvider implements PaymentProvider {
  static readonly identifier = 'stripe'
  readonly id = StripePaymentProvider.identifier
  readonly #config: Stripe.StripeConfig
  readonly #options: StripeProviderOptions
  /** The SDK, imported on first use: an engine on another provider never loads it. */
  #sdk: Promise<{ Stripe: typeof Stripe; client: Stripe }> | undefined

  constructor(options: StripeProviderOptions) {
    if (typeof options?.secretKey !== 'string' || !/^(sk|rk)_/.test(options.secretKey)) {
      throw new TypeError('StripePaymentProvider: options.secretKey must be a Stripe secret key (sk_… or rk_…)')
    }
    if (typeof options.webhookSecret !== 'string' || options.webhookSecret.trim() === '') {
      throw new TypeError('StripePaymentProvider: options.webhookSecret must be the endpoint signing secret (whsec_…)')
    }
    this.#options = options
    const config: Stripe.StripeConfig = { appInfo: { name: 'EduPlatform' } }
    if (options.host !== undefined) config.host = options.host
    if (options.port !== undefined) config.port = options.port
    if (options.protocol !== undefined) config.protocol = options.protocol
    if (options.maxNetworkRetries !== undefined) config.maxNetworkRetries = options.maxNetworkRetries
    if (options.timeoutMs !== undefined) config.timeout = options.timeoutMs
    this.#config = config
  }

  #load(): Promise<{ Stripe: typeof Stripe; client: Stripe }> {
    this.#sdk ??= import('stripe').then(({ default: Sdk }) => ({ Stripe: Sdk, client: new Sdk(this.#options.secretKey, this.#config) }))
    return this.#sdk
  }

  async createCheckout(req: CheckoutRequest): Promise<CheckoutResult> {
    assertAmount(req.amount)
    // Without a success URL Stripe shows its own confirmation page; without a cancel URL, no back button.
    const successUrl = req.successUrl ?? this.#options.successUrl
    const cancelUrl = req.cancelUrl ?? this.#options.cancelUrl
    const metadata = { paymentId: req.paymentId, courseId: req.courseId, studentId: req.studentId }
    const session = await this.#call((stripe) =>
      stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [
            {
              quantity: 1,
              price_data: { currency: req.currency.toLowerCase(), unit_amount: toStripeAmount(req.amount, req.currency), product_data: { name: req.courseTitle } },
            },
          ],
          client_reference_id: req.paymentId,
          ...(req.studentEmail ? { customer_email: req.studentEmail } : {}),
          metadata,
          payment_intent_data: { metadata },
          ...(successUrl ? { success_url: successUrl } : {}),
          ...(cancelUrl ? { cancel_url: cancelUrl } : {}),
        },
        { idempotencyKey: req.idempotencyKey },
      ),
    )
    return {
      providerRef: session.id,
      status: session.payment_status === 'paid' ? 'completed' : 'pending',
      ...(session.url ? { checkoutUrl: session.url } : {}),
    }
  }

  async parseWebhook(rawBody: Buffer | string, headers: WebhookHeaders): Promise<WebhookEvent | null> {
    const signature = getHeader(headers, 'stripe-signature')
    if (typeof signature !== 'string' || signature === '') {
      throw new WebhookSignatureError('stripe', 'missing stripe-signature header')
    }
    const { Stripe: Sdk, client } = await this.#load()
    let event: Stripe.Event
    try {
      event = await client.webhooks.constructEventAsync(rawBody, signature, this.#options.webhookSecret)
    } catch (err) {
      if (err instanceof Sdk.errors.StripeSignatureVerificationError) {
        throw new WebhookSignatureError('stripe', err.message.split('\n')[0] ?? 'verification failed', { cause: err })
      }
      throw new WebhookPayloadError('stripe', err instanceof Error ? err.message : String(err), { cause: err })
    }

    switch (event.type) {
      case 'checkout.session.completed':
        // 'unpaid' means an async method (bank debit…) is still settling: wait for async_payment_succeeded.
        return event.data.object.payment_status === 'paid' ? fromSession(event.id, 'payment.completed', event.data.object) : null
      case 'checkout.session.async_payment_succeeded':
        return fromSession(event.id, 'payment.completed', event.data.object)
      case 'checkout.session.async_payment_failed':
      case 'checkout.session.expired':
        return fromSession(event.id, 'payment.failed', event.data.object)
      case 'charge.refunded':
        return this.#fromRefundedCharge(event.id, event.data.object)
      default:
        return null
    }
  }

  async refund(providerRef: string, amount: number, currency: string): Promise<RefundResult> {
    assertAmount(amount)
    const stripeAmount = toStripeAmount(amount, currency)
    const session = await this.#call((stripe) => stripe.checkout.sessions.retrieve(providerRef))
    const paymentIntent = idOf(session.payment_intent)
    if (session.payment_status !== 'paid' || !paymentIntent) {
      throw new PaymentNotRefundableError(providerRef, `checkout session is ${session.payment_status}`)
    }
    // The key makes a retried refund (say, after a timeout) a replay instead of a second refund.
    const refund = await this.#call((stripe) =>
      stripe.refunds.create(
        { payment_intent: paymentIntent, amount: stripeAmount },
        { idempotencyKey: `edu-refund:${providerRef}:${amount}` },
      ),
    )
    if (refund.status === 'failed' || refund.status === 'canceled') {
      throw new PaymentProviderError('stripe', `refund ${refund.id} is ${refund.status}`, refund.status)
    }
    // 'pending' and 'requires_action' are accepted refunds that settle later; Stripe sends charge.refunded then.
    return { status: 'refunded', providerRefundRef: refund.id }
  }

  /**
   * A charge carries its PaymentIntent, not the Checkout Session that is our providerRef, so look the
   * session up by PaymentIntent. Only a full refund maps to payment.refunded; partial refunds are ignored.
   */
  async #fromRefundedCharge(eventId: string, charge: Stripe.Charge): Promise<WebhookEvent | null> {
    const paymentIntent = idOf(charge.payment_intent)
    if (!charge.refunded || !paymentIntent) return null
    const sessions = await this.#call((stripe) =>
      stripe.checkout.sessions.list({ payment_intent: paymentIntent, limit: 1 }),
    )
    const session = sessions.data[0]
    return session ? fromSession(eventId, 'payment.refunded', session) : null
  }

  async #call<T>(request: (stripe: Stripe) => Promise<T>): Promise<T> {
    const { Stripe: Sdk, client } = await this.#load()
    try {
      return await request(client)
    } catch (err) {
      if (err instanceof Sdk.errors.StripeError) {
        throw new PaymentProviderError('stripe', err.message, err.code ?? err.rawType, { cause: err })
      }
      throw err
    }
  }
}

function fromSession(eventId: string, type: WebhookEvent['type'], session: Stripe.Checkout.Session): WebhookEvent {
  const paymentId = session.client_reference_id ?? session.metadata?.paymentId
  return { eventId, type, providerRef: session.id, ...(paymentId ? { paymentId } : {}) }
}

function idOf(ref: string | { id: string } | null): string | undefined {
  return typeof ref === 'string' ? ref : (ref?.id ?? undefined)
}
