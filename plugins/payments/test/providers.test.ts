import Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MockPaymentProvider, signMockWebhook } from '../src/providers/mock.ts'
import {
  PaymentNotRefundableError,
  PaymentProviderError,
  WebhookPayloadError,
  WebhookSignatureError,
  type CheckoutRequest,
} from '../src/providers/provider.ts'
import { StripePaymentProvider } from '../src/providers/stripe.ts'
import { signStripeWebhook, startFakeStripe, stripeEvent, type FakeStripeServer } from './fake-stripe-server.ts'

const WHSEC = 'whsec_test_secret'
const now = () => Math.floor(Date.now() / 1000)

function checkoutRequest(overrides: Partial<CheckoutRequest> = {}): CheckoutRequest {
  return {
    paymentId: 'pay_1',
    amount: 4999,
    currency: 'eur',
    courseId: 'course_1',
    courseTitle: 'Linear Algebra',
    studentId: 'student_1',
    studentEmail: 'ada@example.com',
    idempotencyKey: 'idem-1',
    ...overrides,
  }
}

describe('StripePaymentProvider against a fake Stripe, through the real SDK', () => {
  let fake: FakeStripeServer
  let stripe: StripePaymentProvider

  beforeAll(async () => {
    fake = await startFakeStripe()
    stripe = new StripePaymentProvider({
      secretKey: fake.secretKey,
      webhookSecret: WHSEC,
      host: fake.host,
      port: fake.port,
      protocol: fake.protocol,
      maxNetworkRetries: 0,
      successUrl: 'https://school.example/paid?session={CHECKOUT_SESSION_ID}',
      cancelUrl: 'https://school.example/cart',
    })
  })
  afterAll(() => fake.close())
  beforeEach(() => fake.reset())

  const createRequests = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions')

  it('has the static identifier as its id', () => {
    expect(StripePaymentProvider.identifier).toBe('stripe')
    expect(stripe.id).toBe('stripe')
  })

  it("sends no customer_email for a student without a shareable address (a school's student)", async () => {
    await stripe.createCheckout({ ...checkoutRequest(), studentEmail: undefined })
    const [req] = createRequests()
    expect(req!.params.customer_email).toBeUndefined()
    expect(req!.params.client_reference_id).toBe('pay_1')
  })

  it('creates a Checkout Session with exactly the amount, currency and idempotency key', async () => {
    const result = await stripe.createCheckout(checkoutRequest())

    expect(result.status).toBe('pending')
    expect(result.providerRef).toMatch(/^cs_test_/)
    expect(result.checkoutUrl).toBe(`https://checkout.stripe.com/c/pay/${result.providerRef}`)
    const [req] = createRequests()
    expect(req!.headers.authorization).toBe(`Bearer ${fake.secretKey}`)
    expect(req!.idempotencyKey).toBe('idem-1')
    expect(req!.params).toEqual({
      mode: 'payment',
      line_items: [{ quantity: '1', price_data: { currency: 'eur', unit_amount: '4999', product_data: { name: 'Linear Algebra' } } }],
      client_reference_id: 'pay_1',
      customer_email: 'ada@example.com',
      metadata: { paymentId: 'pay_1', courseId: 'course_1', studentId: 'student_1' },
      payment_intent_data: { metadata: { paymentId: 'pay_1', courseId: 'course_1', studentId: 'student_1' } },
      success_url: 'https://school.example/paid?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://school.example/cart',
    })
  })

  it('lets the request override the default success and cancel URLs', async () => {
    await stripe.createCheckout(checkoutRequest({ successUrl: 'https://a.example/ok', cancelUrl: 'https://a.example/no' }))
    const [req] = createRequests()
    expect(req!.params.success_url).toBe('https://a.example/ok')
    expect(req!.params.cancel_url).toBe('https://a.example/no')
  })

  it('returns the same session for the same idempotency key', async () => {
    const first = await stripe.createCheckout(checkoutRequest())
    const second = await stripe.createCheckout(checkoutRequest())

    expect(second).toEqual(first)
    expect(fake.sessions.size).toBe(1)
    expect(createRequests().map((r) => r.replayed)).toEqual([false, true])
  })

  it('turns reusing a key with other parameters into a PaymentProviderError', async () => {
    await stripe.createCheckout(checkoutRequest())
    const err = await stripe.createCheckout(checkoutRequest({ amount: 100 })).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PaymentProviderError)
    expect(err).toMatchObject({ statusCode: 502, code: 'EDU_PAYMENTS_PROVIDER_ERROR', providerCode: 'idempotency_error' })
  })

  it('turns a Stripe error body into a typed PaymentProviderError', async () => {
    const err = await stripe.createCheckout(checkoutRequest({ currency: 'euro' })).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PaymentProviderError)
    expect(err).toMatchObject({ provider: 'stripe', providerCode: 'parameter_invalid_string', statusCode: 502 })
    expect((err as Error).message).toContain('Invalid currency: euro')
    expect((err as Error).cause).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
  })

  it('reports server errors and bad API keys as PaymentProviderError', async () => {
    fake.failNext(500, { type: 'api_error', message: 'Something went wrong on our end.' })
    await expect(stripe.createCheckout(checkoutRequest())).rejects.toMatchObject({
      name: 'PaymentProviderError',
      providerCode: 'api_error',
    })

    const badKey = new StripePaymentProvider({
      secretKey: 'sk_test_wrong',
      webhookSecret: WHSEC,
      host: fake.host,
      port: fake.port,
      protocol: 'http',
    })
    const err = await badKey.createCheckout(checkoutRequest()).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PaymentProviderError)
    expect((err as Error).cause).toBeInstanceOf(Stripe.errors.StripeAuthenticationError)
  })

  it('fails fast on bad options and bad amounts', async () => {
    expect(() => new StripePaymentProvider({ secretKey: 'pk_test_x', webhookSecret: WHSEC })).toThrow(/secretKey/)
    expect(() => new StripePaymentProvider({ secretKey: 'sk_test_x', webhookSecret: ' ' })).toThrow(/webhookSecret/)
    await expect(stripe.createCheckout(checkoutRequest({ amount: 49.99 }))).rejects.toThrow(RangeError)
    expect(fake.requests).toHaveLength(0)
  })

  describe('webhooks', () => {
    async function paidSession() {
      const { providerRef } = await stripe.createCheckout(checkoutRequest())
      return fake.pay(providerRef)
    }
    const parse = (event: object | string, secret = WHSEC, timestamp?: number) => {
      const { payload, header } = signStripeWebhook(event as Record<string, unknown>, secret, timestamp)
      return stripe.parseWebhook(payload, { 'stripe-signature': header })
    }

    it('maps a paid checkout.session.completed to payment.completed', async () => {
      const session = await paidSession()
      const event = stripeEvent('checkout.session.completed', session, 'evt_1')
      await expect(parse(event)).resolves.toEqual({
        eventId: 'evt_1',
        type: 'payment.completed',
        providerRef: session.id,
        paymentId: 'pay_1',
      })
    })

    it('accepts the raw body as a Buffer', async () => {
      const session = await paidSession()
      const { payload, header } = signStripeWebhook(stripeEvent('checkout.session.completed', session), WHSEC)
      const event = await stripe.parseWebhook(Buffer.from(payload), { 'Stripe-Signature': header })
      expect(event?.type).toBe('payment.completed')
    })

    it('waits for async payments and maps their outcome', async () => {
      const { providerRef } = await stripe.createCheckout(checkoutRequest())
      const open = fake.sessions.get(providerRef)!
      await expect(parse(stripeEvent('checkout.session.completed', open))).resolves.toBeNull()

      const paid = fake.pay(providerRef)
      await expect(parse(stripeEvent('checkout.session.async_payment_succeeded', paid))).resolves.toMatchObject({
        type: 'payment.completed',
        providerRef,
      })
      await expect(parse(stripeEvent('checkout.session.async_payment_failed', open))).resolves.toMatchObject({
        type: 'payment.failed',
        providerRef,
        paymentId: 'pay_1',
      })
      await expect(parse(stripeEvent('checkout.session.expired', open))).resolves.toMatchObject({ type: 'payment.failed' })
    })

    it('returns null for event types it ignores', async () => {
      await expect(parse(stripeEvent('customer.created', { id: 'cus_1', object: 'customer' }))).resolves.toBeNull()
    })

    it('rejects a tampered body', async () => {
      const session = await paidSession()
      const { payload, header } = signStripeWebhook(stripeEvent('checkout.session.completed', session), WHSEC)
      const tampered = payload.replace('"pay_1"', '"pay_2"')
      await expect(stripe.parseWebhook(tampered, { 'stripe-signature': header })).rejects.toThrow(WebhookSignatureError)
    })

    it('rejects a signature made with another secret', async () => {
      await expect(parse(stripeEvent('customer.created', {}), 'whsec_other')).rejects.toMatchObject({
        name: 'WebhookSignatureError',
        statusCode: 400,
        code: 'EDU_PAYMENTS_WEBHOOK_SIGNATURE',
      })
    })

    it('rejects a missing, empty, repeated or malformed signature header', async () => {
      const body = JSON.stringify(stripeEvent('customer.created', {}))
      for (const headers of [{}, { 'stripe-signature': '' }, { 'stripe-signature': ['a', 'b'] }, { 'stripe-signature': 'garbage' }]) {
        await expect(stripe.parseWebhook(body, headers)).rejects.toThrow(WebhookSignatureError)
      }
    })

    it('rejects a stale timestamp', async () => {
      await expect(parse(stripeEvent('customer.created', {}), WHSEC, now() - 600)).rejects.toThrow(/tolerance/)
    })

    it('reports a signed body that is not JSON as WebhookPayloadError', async () => {
      await expect(parse('not json')).rejects.toThrow(WebhookPayloadError)
    })
  })

  describe('refunds', () => {
    it('refunds the session PaymentIntent, and the charge.refunded webhook maps back to the session', async () => {
      const { providerRef } = await stripe.createCheckout(checkoutRequest())
      const session = fake.pay(providerRef)

      const result = await stripe.refund(providerRef, 4999, 'usd')

      expect(result).toEqual({ status: 'refunded', providerRefundRef: expect.stringMatching(/^re_/) })
      const refundReq = fake.requests.find((r) => r.path === '/v1/refunds')!
      expect(refundReq.params).toEqual({ payment_intent: session.payment_intent, amount: '4999' })
      expect(refundReq.idempotencyKey).toBe(`edu-refund:${providerRef}:4999`)

      const { payload, header } = signStripeWebhook(stripeEvent('charge.refunded', fake.chargeOf(providerRef), 'evt_r'), WHSEC)
      await expect(stripe.parseWebhook(payload, { 'stripe-signature': header })).resolves.toEqual({
        eventId: 'evt_r',
        type: 'payment.refunded',
        providerRef,
        paymentId: 'pay_1',
      })
    })

    it('does not refund twice when the same refund is retried', async () => {
      const { providerRef } = await stripe.createCheckout(checkoutRequest())
      fake.pay(providerRef)
      const first = await stripe.refund(providerRef, 4999, 'usd')
      const second = await stripe.refund(providerRef, 4999, 'usd')
      expect(second).toEqual(first)
      expect(fake.refunds.size).toBe(1)
    })

    it('ignores charge.refunded for a partial refund', async () => {
      const { providerRef } = await stripe.createCheckout(checkoutRequest())
      fake.pay(providerRef)
      await stripe.refund(providerRef, 1000, 'usd')
      const { payload, header } = signStripeWebhook(stripeEvent('charge.refunded', fake.chargeOf(providerRef)), WHSEC)
      await expect(stripe.parseWebhook(payload, { 'stripe-signature': header })).resolves.toBeNull()
    })

    it('refuses to refund an unpaid session and reports an unknown one', async () => {
      const { providerRef } = await stripe.createCheckout(checkoutRequest())
      await expect(stripe.refund(providerRef, 4999, 'usd')).rejects.toThrow(PaymentNotRefundableError)
      await expect(stripe.refund('cs_test_nope', 4999, 'usd')).rejects.toMatchObject({
        name: 'PaymentProviderError',
        providerCode: 'resource_missing',
      })
    })

    it('reports a refund larger than the charge as PaymentProviderError', async () => {
      const { providerRef } = await stripe.createCheckout(checkoutRequest())
      fake.pay(providerRef)
      await expect(stripe.refund(providerRef, 5000, 'usd')).rejects.toMatchObject({ providerCode: 'amount_too_large' })
    })
  })
})

describe('MockPaymentProvider', () => {
  const SECRET = 'mock_secret'
  const mock = new MockPaymentProvider({ webhookSecret: SECRET })
  const body = (fields: Record<string, unknown>) =>
    JSON.stringify({ id: 'evt_m1', type: 'payment.completed', providerRef: 'mock_x', paymentId: 'pay_1', ...fields })

  it('has the static identifier as its id', () => {
    expect(MockPaymentProvider.identifier).toBe('mock')
    expect(mock.id).toBe('mock')
  })

  it('completes a checkout at once, with the same ref for a retried request', async () => {
    const result = await mock.createCheckout(checkoutRequest())
    expect(result).toEqual({ providerRef: expect.stringMatching(/^mock_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/), status: 'completed' })
    expect(await mock.createCheckout(checkoutRequest())).toEqual(result)
    expect((await mock.createCheckout(checkoutRequest({ paymentId: 'pay_2', idempotencyKey: 'idem-2' }))).providerRef).not.toBe(
      result.providerRef,
    )
  })

  it('parses a validly signed webhook', async () => {
    const raw = body({})
    await expect(mock.parseWebhook(raw, { 'x-mock-signature': signMockWebhook(SECRET, raw) })).resolves.toEqual({
      eventId: 'evt_m1',
      type: 'payment.completed',
      providerRef: 'mock_x',
      paymentId: 'pay_1',
    })
    const buf = Buffer.from(body({ type: 'payment.refunded', paymentId: undefined }))
    await expect(mock.parseWebhook(buf, { 'X-Mock-Signature': signMockWebhook(SECRET, buf) })).resolves.toEqual({
      eventId: 'evt_m1',
      type: 'payment.refunded',
      providerRef: 'mock_x',
    })
  })

  it('rejects a tampered body, another secret, a missing header and stale or future timestamps', async () => {
    const raw = body({})
    const cases: Array<[string, Record<string, string>]> = [
      [body({ providerRef: 'mock_y' }), { 'x-mock-signature': signMockWebhook(SECRET, raw) }],
      [raw, { 'x-mock-signature': signMockWebhook('other', raw) }],
      [raw, {}],
      [raw, { 'x-mock-signature': 'v1=abc' }],
      [raw, { 'x-mock-signature': signMockWebhook(SECRET, raw, now() - 301) }],
      [raw, { 'x-mock-signature': signMockWebhook(SECRET, raw, now() + 301) }],
    ]
    for (const [payload, headers] of cases) {
      await expect(mock.parseWebhook(payload, headers)).rejects.toMatchObject({
        name: 'WebhookSignatureError',
        statusCode: 400,
        code: 'EDU_PAYMENTS_WEBHOOK_SIGNATURE',
      })
    }
  })

  it('returns null for types it ignores and rejects a signed body that is not an event', async () => {
    const ignored = body({ type: 'payment.disputed' })
    await expect(mock.parseWebhook(ignored, { 'x-mock-signature': signMockWebhook(SECRET, ignored) })).resolves.toBeNull()
    for (const raw of ['{oops', body({ providerRef: 42 })]) {
      await expect(mock.parseWebhook(raw, { 'x-mock-signature': signMockWebhook(SECRET, raw) })).rejects.toThrow(WebhookPayloadError)
    }
  })

  it('refunds', async () => {
    await expect(mock.refund('mock_x', 4999, 'USD')).resolves.toEqual({
      status: 'refunded',
      providerRefundRef: expect.stringMatching(/^mock_re_/),
    })
    await expect(mock.refund('mock_x', 0, 'USD')).rejects.toThrow(RangeError)
  })

  it('fails fast without a secret', () => {
    expect(() => new MockPaymentProvider({ webhookSecret: '' })).toThrow(/webhookSecret/)
  })
})
