/**
 * A local stand-in for api.stripe.com, speaking just enough of its wire format for the provider:
 * form-encoded bodies, Bearer auth, Stripe object shapes, `{error:{type,message}}` bodies and
 * `Idempotency-Key` replays. Point the real SDK at it with `{ host, port, protocol }`.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'

export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: IncomingHttpHeaders
  /** The decoded form body: `line_items[0][price_data][unit_amount]` becomes nested objects (values stay strings). */
  params: Record<string, any>
  idempotencyKey: string | undefined
  replayed: boolean
}

export interface StripeErrorBody {
  type: string
  message: string
  code?: string
  param?: string
}

type StripeObject = Record<string, any>

export interface FakeStripeServer {
  readonly host: string
  readonly port: number
  readonly protocol: 'http'
  readonly secretKey: string
  readonly requests: RecordedRequest[]
  readonly sessions: Map<string, StripeObject>
  readonly refunds: Map<string, StripeObject>
  /** The student pays: the session becomes `paid` and gets a PaymentIntent and a charge. */
  pay(sessionId: string): StripeObject
  /** The session's charge as Stripe would send it in `charge.*` events, with refunds applied. */
  chargeOf(sessionId: string): StripeObject
  /** The next API request fails with this status and error body. */
  failNext(status: number, error: StripeErrorBody): void
  /** The next API request waits for `release()` before it is answered; `arrived` resolves when it comes in. */
  holdNext(): { arrived: Promise<void>; release(): void }
  reset(): void
  close(): Promise<void>
}

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`

class ApiError extends Error {
  readonly status: number
  readonly body: StripeErrorBody
  constructor(status: number, body: StripeErrorBody) {
    super(body.message)
    this.status = status
    this.body = body
  }
}

const missing = (param: string) =>
  new ApiError(400, { type: 'invalid_request_error', code: 'parameter_missing', param, message: `Missing required param: ${param}.` })
const noSuch = (kind: string, id: string, param = 'id') =>
  new ApiError(404, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${kind}: '${id}'` })

export async function startFakeStripe(options: { secretKey?: string } = {}): Promise<FakeStripeServer> {
  const secretKey = options.secretKey ?? 'sk_test_fake_0123456789'
  const requests: RecordedRequest[] = []
  const sessions = new Map<string, StripeObject>()
  const refunds = new Map<string, StripeObject>()
  const charges = new Map<string, StripeObject>() // by session id
  const idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>()
  let nextFailure: { status: number; error: StripeErrorBody } | undefined
  let held: { arrive: () => void; gate: Promise<void> } | undefined

  function createSession(p: Record<string, any>): StripeObject {
    if (!p.mode) throw missing('mode')
    const item = p.line_items?.[0]
    const price = item?.price_data
    if (!price) throw missing('line_items[0][price_data]')
    if (!/^[a-z]{3}$/.test(price.currency ?? '')) {
      throw new ApiError(400, {
        type: 'invalid_request_error',
        code: 'parameter_invalid_string',
        param: 'line_items[0][price_data][currency]',
        message: `Invalid currency: ${price.currency}. Stripe currently supports these currencies: usd, eur, gbp, …`,
      })
    }
    const unitAmount = Number(price.unit_amount)
    if (!Number.isInteger(unitAmount) || unitAmount < 1) {
      throw new ApiError(400, {
        type: 'invalid_request_error',
        code: 'parameter_invalid_integer',
        param: 'line_items[0][price_data][unit_amount]',
        message: 'Invalid integer: ' + price.unit_amount,
      })
    }
    if (!price.product_data?.name) throw missing('line_items[0][price_data][product_data][name]')
    const id = newId('cs_test')
    const session = {
      id,
      object: 'checkout.session',
      amount_subtotal: unitAmount * Number(item.quantity ?? 1),
      amount_total: unitAmount * Number(item.quantity ?? 1),
      cancel_url: p.cancel_url ?? null,
      client_reference_id: p.client_reference_id ?? null,
      created: Math.floor(Date.now() / 1000),
      currency: price.currency,
      customer_email: p.customer_email ?? null,
      livemode: false,
      metadata: p.metadata ?? {},
      mode: p.mode,
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: p.success_url ?? null,
      url: `https://checkout.stripe.com/c/pay/${id}`,
    }
    sessions.set(id, session)
    return session
  }

  function createRefund(p: Record<string, any>): StripeObject {
    if (!p.payment_intent) throw missing('payment_intent')
    const session = [...sessions.values()].find((s) => s.payment_intent === p.payment_intent)
    if (!session) throw noSuch('payment_intent', p.payment_intent, 'payment_intent')
    const charge = charges.get(session.id)!
    const amount = p.amount === undefined ? charge.amount - charge.amount_refunded : Number(p.amount)
    if (amount > charge.amount - charge.amount_refunded) {
      throw new ApiError(400, {
        type: 'invalid_request_error',
        code: 'amount_too_large',
        param: 'amount',
        message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${charge.amount - charge.amount_refunded})`,
      })
    }
    charge.amount_refunded += amount
    charge.refunded = charge.amount_refunded === charge.amount
    const refund = {
      id: newId('re'),
      object: 'refund',
      amount,
      charge: charge.id,
      created: Math.floor(Date.now() / 1000),
      currency: charge.currency,
      metadata: {},
      payment_intent: p.payment_intent,
      status: 'succeeded',
    }
    refunds.set(refund.id, refund)
    return refund
  }

  function route(method: string, path: string, query: Record<string, string>, params: Record<string, any>): unknown {
    if (method === 'POST' && path === '/v1/checkout/sessions') return createSession(params)
    if (method === 'GET' && path === '/v1/checkout/sessions') {
      const data = [...sessions.values()].filter((s) => !query.payment_intent || s.payment_intent === query.payment_intent)
      return { object: 'list', data: data.slice(0, Number(query.limit ?? 10)), has_more: false, url: '/v1/checkout/sessions' }
    }
    const sessionPath = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path)
    if (method === 'GET' && sessionPath) {
      const id = decodeURIComponent(sessionPath[1]!)
      const session = sessions.get(id)
      if (!session) throw noSuch('checkout.session', id)
      return session
    }
    if (method === 'POST' && path === '/v1/refunds') return createRefund(params)
    throw new ApiError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req)
    const url = new URL(req.url ?? '/', 'http://fake')
    const method = req.method ?? 'GET'
    const idempotencyKey = header(req.headers['idempotency-key'])
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      params: parseForm(raw),
      idempotencyKey,
      replayed: false,
    }
    requests.push(recorded)
    if (held) {
      const { arrive, gate } = held
      held = undefined
      arrive()
      await gate
    }
    const send = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'request-id': newId('req'),
        'stripe-version': header(req.headers['stripe-version']) ?? Stripe.API_VERSION,
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        ...extra,
      })
      res.end(JSON.stringify(body))
    }

    if (header(req.headers.authorization) !== `Bearer ${secretKey}`) {
      return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****' } })
    }
    if (nextFailure) {
      const { status, error } = nextFailure
      nextFailure = undefined
      return send(status, { error })
    }

    // Stripe keys are per account; the fingerprint makes reuse with other parameters an error.
    const fingerprint = `${method} ${url.pathname} ${raw}`
    const saved = method === 'POST' && idempotencyKey ? idempotent.get(idempotencyKey) : undefined
    if (saved) {
      if (saved.fingerprint !== fingerprint) {
        return send(400, {
          error: {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          },
        })
      }
      recorded.replayed = true
      return send(saved.status, saved.body, { 'idempotent-replayed': 'true' })
    }
    try {
      const body = route(method, url.pathname, recorded.query, recorded.params)
      if (method === 'POST' && idempotencyKey) idempotent.set(idempotencyKey, { fingerprint, status: 200, body })
      send(200, body)
    } catch (err) {
      if (err instanceof ApiError) return send(err.status, { error: err.body })
      send(500, { error: { type: 'api_error', message: String(err) } })
    }
  }

  const server = createServer((req, res) => void handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    secretKey,
    requests,
    sessions,
    refunds,
    pay(sessionId) {
      const session = sessions.get(sessionId)
      if (!session) throw new Error(`fake stripe: no session ${sessionId}`)
      Object.assign(session, { payment_status: 'paid', status: 'complete', payment_intent: newId('pi') })
      charges.set(sessionId, {
        id: newId('ch'),
        object: 'charge',
        amount: session.amount_total,
        amount_captured: session.amount_total,
        amount_refunded: 0,
        currency: session.currency,
        paid: true,
        payment_intent: session.payment_intent,
        refunded: false,
        status: 'succeeded',
      })
      return session
    },
    chargeOf(sessionId) {
      const charge = charges.get(sessionId)
      if (!charge) throw new Error(`fake stripe: session ${sessionId} is not paid`)
      return structuredClone(charge)
    },
    failNext(status, error) {
      nextFailure = { status, error }
    },
    holdNext() {
      let arrive = () => {}
      let release = () => {}
      const arrived = new Promise<void>((resolve) => { arrive = resolve })
      const gate = new Promise<void>((resolve) => { release = resolve })
      held = { arrive, gate }
      return { arrived, release }
    },
    reset() {
      requests.length = 0
      for (const map of [sessions, refunds, charges, idempotent]) map.clear()
      nextFailure = undefined
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())))
    },
  }
}

/** A v1 webhook event envelope as Stripe sends it. */
export function stripeEvent(type: string, object: StripeObject, id = newId('evt')): StripeObject {
  return {
    id,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  }
}

/** The raw payload and its `stripe-signature` header, signed the way Stripe signs (by the real SDK). */
export function signStripeWebhook(
  event: StripeObject | string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): { payload: string; header: string } {
  const payload = typeof event === 'string' ? event : JSON.stringify(event, null, 2)
  return { payload, header: Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }) }
}

function parseForm(body: string): Record<string, any> {
  const out: Record<string, any> = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, '').split('[')
    let node = out
    path.forEach((segment, i) => {
      if (i === path.length - 1) node[segment] = value
      else node = node[segment] ??= /^\d+$/.test(path[i + 1]!) ? [] : {}
    })
  }
  return out
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
