import { randomUUID } from 'node:crypto'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { createTestEngine, waitUntil, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { payments } from '../src/index.ts'
import { signStripeWebhook, startFakeStripe, stripeEvent, type FakeStripeServer } from './fake-stripe-server.ts'
import { expectProblem, makeCourse, pay, sql, type TestCourse } from './helpers.ts'

const WHSEC = 'whsec_engine_test'
let fake: FakeStripeServer
let t: TestEngine
let teacher: Actor
let course: TestCourse

beforeAll(async () => {
  fake = await startFakeStripe()
  t = await createTestEngine({
    plugins: [
      courses(),
      enrollment(),
      payments({
        provider: 'stripe',
        stripe: { secretKey: fake.secretKey, webhookSecret: WHSEC, host: fake.host, port: fake.port, protocol: 'http', maxNetworkRetries: 0, successUrl: 'https://school.example/paid' },
      }),
    ],
  })
  teacher = await t.asTeacher()
  course = await makeCourse(teacher, { priceCents: 12900 })
})
afterAll(async () => {
  await t?.close()
  await fake?.close()
})

const webhook = (payload: string, header: string) =>
  t.inject({ method: 'POST', url: '/api/v1/payments/webhooks/stripe', payload, headers: { 'content-type': 'application/json', 'stripe-signature': header } })
const enrollments = (studentId: string) => sql(t, `SELECT status, payment_id FROM enrollments WHERE student_id = ? AND course_id = ?`, [studentId, course.courseId])

describe('the Stripe flow, through the real SDK against a fake Stripe API', () => {
  it('creates a pending Checkout Session; the signed webhook completes the payment and enrolls, once', async () => {
    const student = await t.asStudent()
    const key = randomUUID()
    const res = await pay(student, course.courseId, key)
    expect(res.statusCode, res.body).toBe(201)
    const payment = res.json()
    expect(payment).toMatchObject({ status: 'pending', amount: 12900, currency: 'EUR', provider: 'stripe', checkoutUrl: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\//) })
    const created = fake.requests.find((r) => r.path === '/v1/checkout/sessions' && r.params.client_reference_id === payment.id)!
    expect(created.params.line_items[0].price_data).toMatchObject({ unit_amount: '12900', currency: 'eur' })
    expect(created.params.customer_email).toBe(student.user.email)
    expect((await pay(student, course.courseId, key)).json()).toEqual(payment)
    expect(await enrollments(student.user.id)).toEqual([])
    expectProblem(await student.inject({ method: 'GET', url: `/api/v1/lessons/${course.lessonIds[0]}` }), 403)

    const sessionId = (await sql(t, `SELECT provider_ref FROM payments WHERE id = ?`, [payment.id]))[0]!.provider_ref as string
    const session = fake.pay(sessionId)
    const { payload, header } = signStripeWebhook(stripeEvent('checkout.session.completed', session, `evt_${randomUUID()}`), WHSEC)

    // Tampered: 400, nothing changed.
    const tampered = payload.replace('"paid"', '"unpaid"')
    expectProblem(await webhook(tampered, header), 400, 'EDU_PAYMENTS_WEBHOOK_SIGNATURE')
    expect((await sql(t, `SELECT status FROM payments WHERE id = ?`, [payment.id]))[0]!.status).toBe('pending')
    expect(await enrollments(student.user.id)).toEqual([])
    expect(await sql(t, `SELECT count(*)::int AS n FROM payment_webhook_events`)).toEqual([{ n: 0 }])

    const ok = await webhook(payload, header)
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ received: true, duplicate: false, ignored: false })
    expect(await enrollments(student.user.id)).toEqual([{ status: 'active', payment_id: payment.id }])
    expect((await student.inject({ method: 'GET', url: `/api/v1/payments/${payment.id}` })).json()).toMatchObject({ status: 'completed', checkoutUrl: null })
    expect((await student.inject({ method: 'GET', url: `/api/v1/lessons/${course.lessonIds[0]}` })).statusCode).toBe(200)

    // Stripe redelivers: harmless.
    const replay = await webhook(payload, header)
    expect(replay.json()).toEqual({ received: true, duplicate: true, ignored: false })
    expect(await sql(t, `SELECT count(*)::int AS n FROM edu_outbox WHERE event = 'payment.completed' AND payload->>'paymentId' = ?`, [payment.id])).toEqual([{ n: 1 }])
    expect(await enrollments(student.user.id)).toHaveLength(1)
  })

  it('refunds through Stripe; the later charge.refunded webhook changes nothing more', async () => {
    const student = await t.asStudent()
    const admin = await t.asAdmin()
    const payment = (await pay(student, course.courseId)).json()
    const sessionId = (await sql(t, `SELECT provider_ref FROM payments WHERE id = ?`, [payment.id]))[0]!.provider_ref as string
    const session = fake.pay(sessionId)
    const paid = signStripeWebhook(stripeEvent('checkout.session.completed', session), WHSEC)
    expect((await webhook(paid.payload, paid.header)).statusCode).toBe(200)

    const res = await admin.inject({ method: 'POST', url: `/api/v1/payments/${payment.id}/refund` })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().status).toBe('refunded')
    expect([...fake.refunds.values()].filter((r) => r.payment_intent === session.payment_intent)).toHaveLength(1)
    expect(await enrollments(student.user.id)).toEqual([{ status: 'refunded', payment_id: payment.id }])

    const refunded = signStripeWebhook(stripeEvent('charge.refunded', fake.chargeOf(sessionId)), WHSEC)
    expect((await webhook(refunded.payload, refunded.header)).json()).toEqual({ received: true, duplicate: false, ignored: false })
    expect(await sql(t, `SELECT count(*)::int AS n FROM edu_outbox WHERE event = 'payment.refunded' AND payload->>'paymentId' = ?`, [payment.id])).toEqual([{ n: 1 }])
  })

  it('holds no database connection while Stripe answers a checkout; the same key meanwhile waits and replays', async () => {
    const student = await t.asStudent()
    const key = randomUUID()
    // Deliveries of earlier tests' payment events run in short transactions that, on a loaded machine, can be
    // seen idle between statements: they are done before the one transaction this test looks for could start.
    await t.drainEvents()
    const hold = fake.holdNext()
    const first = pay(student, course.courseId, key)
    await hold.arrived
    // A transaction held across the call to Stripe would show for as long as Stripe is held; another flow's
    // (an event delivery touching payments, on a loaded machine) only for a moment: so wait for a sample without one.
    let inTransaction: unknown = undefined
    await waitUntil(async () => {
      inTransaction = await sql(t,
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND query LIKE '%payments%'`)
      return (inTransaction as Array<{ n: number }>)[0]?.n === 0
    }, { timeoutMs: 3_000 }).catch(() => {})
    const [row] = await sql(t, `SELECT status, provider_ref FROM payments WHERE student_id = ?`, [student.user.id])
    const second = pay(student, course.courseId, key)
    hold.release()
    const [a, b] = await Promise.all([first, second])
    expect(inTransaction).toEqual([{ n: 0 }])
    expect(row).toEqual({ status: 'pending', provider_ref: null })
    expect(a.statusCode, a.body).toBe(201)
    expect(b.statusCode, b.body).toBe(201)
    expect(b.headers['idempotent-replayed']).toBe('true')
    expect(b.json()).toEqual(a.json())
    expect(a.json().checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.com\//)
  })

  it('leaves no payment when Stripe refuses the checkout, so the same key can be tried again', async () => {
    const student = await t.asStudent()
    const key = randomUUID()
    fake.failNext(500, { type: 'api_error', message: 'Something went wrong' })
    expectProblem(await pay(student, course.courseId, key), 502, 'EDU_PAYMENTS_PROVIDER_ERROR')
    expect(await sql(t, `SELECT count(*)::int AS n FROM payments WHERE student_id = ?`, [student.user.id])).toEqual([{ n: 0 }])
    const again = await pay(student, course.courseId, key)
    expect(again.statusCode, again.body).toBe(201)
    expect(again.json().status).toBe('pending')
  })

  it("sends Stripe each currency's amount in its ISO 4217 minor unit (JPY 0 decimals, KWD 3), ISK as Stripe wants it", async () => {
    for (const [currency, priceCents, unitAmount] of [['JPY', 1500, '1500'], ['KWD', 12340, '12340'], ['ISK', 1500, '150000'], ['USD', 1500, '1500']] as const) {
      const priced = await makeCourse(teacher, { priceCents, currency })
      const res = await pay(await t.asStudent(), priced.courseId)
      expect(res.statusCode, res.body).toBe(201)
      expect(res.json()).toMatchObject({ amount: priceCents, currency })
      const created = fake.requests.find((r) => r.path === '/v1/checkout/sessions' && r.params.client_reference_id === res.json().id)!
      expect(created.params.line_items[0].price_data, currency).toMatchObject({ unit_amount: unitAmount, currency: currency.toLowerCase() })
    }
    // Stripe takes three-decimal currencies in tens of minor units only: refused before any call, nothing stored.
    const odd = await makeCourse(teacher, { priceCents: 12345, currency: 'KWD' })
    const sessions = fake.requests.filter((r) => r.path === '/v1/checkout/sessions').length
    const refused = await pay(await t.asStudent(), odd.courseId)
    expectProblem(refused, 502, 'EDU_PAYMENTS_PROVIDER_ERROR')
    expect(fake.requests.filter((r) => r.path === '/v1/checkout/sessions')).toHaveLength(sessions)
    expect(await sql(t, `SELECT count(*)::int AS n FROM payments WHERE course_id = ?`, [odd.courseId])).toEqual([{ n: 0 }])
  })

  it('refunds a payment that completes after its course was deleted, and tells why (payment.refunded, course_deleted)', async () => {
    const doomed = await makeCourse(teacher, { priceCents: 3000 })
    const student = await t.asStudent()
    const refundedEvents = t.captureEvents('payment.refunded')
    const payment = (await pay(student, doomed.courseId)).json()
    expect((await teacher.inject({ method: 'DELETE', url: `/api/v1/courses/${doomed.courseId}` })).statusCode).toBe(204)
    const sessionId = (await sql(t, `SELECT provider_ref FROM payments WHERE id = ?`, [payment.id]))[0]!.provider_ref as string
    const session = fake.pay(sessionId)
    const paid = signStripeWebhook(stripeEvent('checkout.session.completed', session), WHSEC)
    const res = await webhook(paid.payload, paid.header)
    expect(res.statusCode, res.body).toBe(200)
    await t.drainEvents()
    expect((await sql(t, `SELECT status FROM payments WHERE id = ?`, [payment.id]))[0]!.status).toBe('refunded')
    expect([...fake.refunds.values()].filter((r) => r.payment_intent === session.payment_intent).map((r) => r.amount)).toEqual([3000])
    expect(refundedEvents.payloads.filter((e) => e.paymentId === payment.id)).toEqual([
      { paymentId: payment.id, studentId: student.user.id, courseId: doomed.courseId, amountCents: 3000, currency: 'EUR', reason: 'course_deleted' },
    ])
    expect(await sql(t, `SELECT event, status FROM edu_outbox WHERE payload->>'paymentId' = ? AND status <> 'delivered'`, [payment.id])).toEqual([])
    expect(await sql(t, `SELECT count(*)::int AS n FROM enrollments WHERE student_id = ? AND status IN ('active', 'completed')`, [student.user.id])).toEqual([{ n: 0 }])
  })

  it('marks an expired session failed, letting the student start a new checkout', async () => {
    const student = await t.asStudent()
    const payment = (await pay(student, course.courseId)).json()
    expectProblem(await pay(student, course.courseId), 409, 'EDU_PAYMENTS_IN_PROGRESS')
    const sessionId = (await sql(t, `SELECT provider_ref FROM payments WHERE id = ?`, [payment.id]))[0]!.provider_ref as string
    const expired = signStripeWebhook(stripeEvent('checkout.session.expired', fake.sessions.get(sessionId)!), WHSEC)
    expect((await webhook(expired.payload, expired.header)).statusCode).toBe(200)
    expect((await sql(t, `SELECT status FROM payments WHERE id = ?`, [payment.id]))[0]!.status).toBe('failed')
    expect((await pay(student, course.courseId)).statusCode).toBe(201)
  })
})
