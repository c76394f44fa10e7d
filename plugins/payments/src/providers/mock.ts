import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import {
  assertAmount,
  getHeader,
  WebhookPayloadError,
  WebhookSignatureError,
  type CheckoutRequest,
  type CheckoutResult,
  type PaymentProvider,
  type RefundResult,
  type WebhookEvent,
  type WebhookHeaders,
} from './provider.ts'

export const MOCK_SIGNATURE_HEADER = 'x-mock-signature'

export interface MockProviderOptions {
  /** Shared secret for `x-mock-signature`. */
  webhookSecret: string
  /** Maximum age (and clock skew) of a webhook timestamp, in seconds. Default 300. */
  toleranceSeconds?: number
}

const EVENT_TYPES: ReadonlySet<string> = new Set(['payment.completed', 'payment.failed', 'payment.refunded'])

/** Completes every checkout at once; for development, tests and the benchmarks. */
export class MockPaymentProvider implements PaymentProvider {
  static readonly identifier = 'mock'
  readonly id = MockPaymentProvider.identifier
  readonly #secret: string
  readonly #tolerance: number

  constructor(options: MockProviderOptions) {
    if (typeof options?.webhookSecret !== 'string' || options.webhookSecret.length === 0) {
      throw new TypeError('MockPaymentProvider: options.webhookSecret must be a non-empty string')
    }
    this.#secret = options.webhookSecret
    this.#tolerance = options.toleranceSeconds ?? 300
  }

  async createCheckout(req: CheckoutRequest): Promise<CheckoutResult> {
    assertAmount(req.amount)
    // Derived from the payment and its key, so a retried call returns the same ref (as Stripe's
    // idempotency would) without the mock keeping any state.
    return { providerRef: `mock_${uuidFrom(`${req.paymentId}:${req.idempotencyKey}`)}`, status: 'completed' }
  }

  async parseWebhook(rawBody: Buffer | string, headers: WebhookHeaders): Promise<WebhookEvent | null> {
    const header = getHeader(headers, MOCK_SIGNATURE_HEADER)
    if (typeof header !== 'string' || header === '') {
      throw new WebhookSignatureError('mock', `missing ${MOCK_SIGNATURE_HEADER} header`)
    }
    const { timestamp, signatures } = parseSignatureHeader(header)
    if (timestamp === undefined || signatures.length === 0) {
      throw new WebhookSignatureError('mock', 'malformed header, expected t=<unix>,v1=<hex>')
    }
    const expected = hmac(this.#secret, timestamp, rawBody)
    if (!signatures.some((candidate) => safeEqualHex(candidate, expected))) {
      throw new WebhookSignatureError('mock', 'signature does not match the payload')
    }
    if (Math.abs(Math.floor(Date.now() / 1000) - timestamp) > this.#tolerance) {
      throw new WebhookSignatureError('mock', 'timestamp outside the tolerance window')
    }

    let body: unknown
    try {
      body = JSON.parse(rawBody.toString())
    } catch (err) {
      throw new WebhookPayloadError('mock', 'body is not JSON', { cause: err })
    }
    if (typeof body !== 'object' || body === null) throw new WebhookPayloadError('mock', 'body is not an object')
    const { id, type, providerRef, paymentId } = body as Record<string, unknown>
    if (typeof type !== 'string' || !EVENT_TYPES.has(type)) return null
    if (typeof id !== 'string' || typeof providerRef !== 'string') {
      throw new WebhookPayloadError('mock', 'id and providerRef must be strings')
    }
    return {
      eventId: id,
      type: type as WebhookEvent['type'],
      providerRef,
      ...(typeof paymentId === 'string' ? { paymentId } : {}),
    }
  }

  async refund(_providerRef: string, amount: number, _currency: string): Promise<RefundResult> {
    assertAmount(amount)
    return { status: 'refunded', providerRefundRef: `mock_re_${randomUUID()}` }
  }
}

/** The `x-mock-signature` header value for `body`; `timestamp` in Unix seconds, default now. */
export function signMockWebhook(secret: string, body: Buffer | string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`
}

function hmac(secret: string, timestamp: number, body: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')
}

function parseSignatureHeader(header: string): { timestamp: number | undefined; signatures: string[] } {
  let timestamp: number | undefined
  const signatures: string[] = []
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2)
    if (key === 't' && value !== undefined && /^\d+$/.test(value)) timestamp = Number(value)
    else if (key === 'v1' && value) signatures.push(value)
  }
  return { timestamp, signatures }
}

function safeEqualHex(candidate: string, expected: string): boolean {
  const a = Buffer.from(candidate, 'utf8')
  const b = Buffer.from(expected, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** A name-based UUID (version 8, RFC 9562) from the SHA-256 of `seed`. */
function uuidFrom(seed: string): string {
  const b = createHash('sha256').update(seed).digest().subarray(0, 16)
  b[6] = (b[6]! & 0x0f) | 0x80
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
