import { randomUUID } from 'node:crypto'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { payments } from '../src/index.ts'
import { signMockWebhook } from '../src/providers/mock.ts'
import { DEV_MOCK_WEBHOOK_SECRET } from '../src/schemas.ts'
import { expectProblem, makeCourse, pay, sql, type TestCourse } from './helpers.ts'

let t: TestEngine
let teacher: Actor
let admin: Actor
let course: TestCourse

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), payments()], config: { database: { pool: { max: 10 } } } })
  teacher = await t.asTeacher()
  admin = await t.asAdmin()
  course = await makeCourse(teacher, { priceCents: 4999 })
})
afterAll(async () => t?.close())

const enrollmentOf = async (studentId: string, courseId: string) =>
  (await sql(t, `SELECT status, source, payment_id FROM enrollments WHERE student_id = ? AND course_id = ?`, [studentId, courseId]))
const readLesson = (who: Actor, lessonId: string) => who.inject({ method: 'GET', url: `/api/v1/lessons/${lessonId}` })

describe('POST /payments with the mock provider', () => {
  it('charges the course price read on the server and enrolls the student before answering', async () => {
    const student = await t.asStudent()
    expectProblem(await student.inject({ method: 'POST', url: '/api/v1/enrollments', payload: { courseId: course.courseId } }), 402, 'EDU_ENROLLMENT_PAYMENT_REQUIRED')
    expectProblem(await readLesson(student, course.lessonIds[0]!), 403)

    const res = await pay(student, course.courseId)
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ status: 'completed', amount: 4999, currency: 'EUR', courseId: course.courseId, studentId: student.user.id, provider: 'mock', checkoutUrl: null })
    expect(await enrollmentOf(student.user.id, course.courseId)).toEqual([{ status: 'active', source: 'payment', payment_id: res.json().id }])
    expect((await readLesson(student, course.lessonIds[0]!)).statusCode).toBe(200)
    expectProblem(await student.inject({ method: 'POST', url: '/api/v1/enrollments', payload: { courseId: course.courseId } }), 409, 'EDU_ENROLLMENT_ALREADY_ENROLLED')
    expectProblem(await pay(student, course.courseId), 409, 'EDU_PAYMENTS_ALREADY_ENROLLED')
    const [outbox] = await sql(t, `SELECT status FROM edu_outbox WHERE subscriber = 'enrollment.enroll-on-payment' AND payload->>'paymentId' = ?`, [res.json().id])
    expect(outbox).toEqual({ status: 'delivered' })
  })

  it('requires a well-formed Idempotency-Key header (400 without)', async () => {
    const student = await t.asStudent()
    const none = await pay(student, course.courseId, null)
    expectProblem(none, 400, 'EDU_VALIDATION')
    expect(none.json().errors.map((e: { field: string }) => e.field)).toContain('headers.idempotency-key')
    expectProblem(await pay(student, course.courseId, 'short'), 400)
    expectProblem(await pay(student, course.courseId, 'x'.repeat(256)), 400)
    expect(await sql(t, `SELECT id FROM payments WHERE student_id = ?`, [student.user.id])).toEqual([])
  })

  it('returns the same payment for the same key and body, and 409 for the same key with another body', async () => {
    const student = await t.asStudent()
    const other = await makeCourse(teacher, { priceCents: 1500 })
    const key = randomUUID()
    const first = await pay(student, course.courseId, key)
    expect(first.statusCode).toBe(201)
    expect(first.headers['idempotent-replayed']).toBeUndefined()
    const again = await pay(student, course.courseId, key)
    // The replay is the same response (the contract's 201), marked as a replay.
    expect(again.statusCode).toBe(201)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.json()).toEqual(first.json())
    // The same course id spelled in capitals is the same request.
    const shouted = await pay(student, course.courseId.toUpperCase(), key)
    expect(shouted.statusCode, shouted.body).toBe(201)
    expect(shouted.json()).toEqual(first.json())
    expectProblem(await pay(student, other.courseId, key), 409, 'EDU_PAYMENTS_IDEMPOTENCY_KEY_REUSED')
    // Keys are per student: another student's identical key is a new payment.
    expect((await pay(await t.asStudent(), course.courseId, key)).statusCode).toBe(201)
    expect(await sql(t, `SELECT count(*)::int AS n FROM payments WHERE student_id = ?`, [student.user.id])).toEqual([{ n: 1 }])
  })

  it('refuses a client-sent amount, free courses, drafts, unknown courses and non-students', async () => {
    const student = await t.asStudent()
    const withAmount = await pay(student, course.courseId, randomUUID(), { amount: 1 })
    expectProblem(withAmount, 400)
    expect(withAmount.json().errors[0].field).toBe('body.amount')
    const free = await makeCourse(teacher, { priceCents: 0 })
    expectProblem(await pay(student, free.courseId), 409, 'EDU_PAYMENTS_FREE_COURSE')
    const draft = await makeCourse(teacher, { publish: false })
    expectProblem(await pay(student, draft.courseId), 404)
    expectProblem(await pay(student, '0190a0b0-0000-7000-8000-000000000000'), 404)
    expectProblem(await pay(student, 'not-a-uuid'), 400)
    expectProblem(await pay(teacher, course.courseId), 403)
    expectProblem(await pay(admin, course.courseId), 403)
    expect(await sql(t, `SELECT id FROM payments WHERE student_id = ?`, [student.user.id])).toEqual([])
  })

  it('20 parallel requests with one key make exactly one payment and one enrollment', async () => {
    const student = await t.asStudent()
    const key = randomUUID()
    const results = await Promise.all(Array.from({ length: 20 }, () => pay(student, course.courseId, key)))
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201))
    expect(results.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1)
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19)
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1)
    expect(results.every((r) => r.json().status === 'completed')).toBe(true)
    expect(await sql(t, `SELECT count(*)::int AS n FROM payments WHERE student_id = ?`, [student.user.id])).toEqual([{ n: 1 }])
    expect(await enrollmentOf(student.user.id, course.courseId)).toHaveLength(1)
  })

  it('never charges twice for one course, even with different keys at once', async () => {
    const student = await t.asStudent()
    const results = await Promise.all(Array.from({ length: 10 }, () => pay(student, course.courseId, randomUUID())))
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1)
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(9)
    expect(await sql(t, `SELECT count(*)::int AS n FROM payments WHERE student_id = ?`, [student.user.id])).toEqual([{ n: 1 }])
  })
})

describe('GET /payments/me and /payments/:id', () => {
  it('shows payments to their owner and admins only', async () => {
    const student = await t.asStudent()
    const c2 = await makeCourse(teacher, { priceCents: 999 })
    const p1 = (await pay(student, course.courseId)).json()
    const p2 = (await pay(student, c2.courseId)).json()
    const page = await student.inject({ method: 'GET', url: '/api/v1/payments/me?limit=1' })
    expect(page.json().items.map((p: any) => p.id)).toEqual([p2.id])
    const next = await student.inject({ method: 'GET', url: `/api/v1/payments/me?limit=1&cursor=${page.json().nextCursor}` })
    expect(next.json()).toEqual({ items: [p1], nextCursor: null })

    expect((await student.inject({ method: 'GET', url: `/api/v1/payments/${p1.id}` })).json()).toEqual(p1)
    expect((await admin.inject({ method: 'GET', url: `/api/v1/payments/${p1.id}` })).json()).toEqual(p1)
    expectProblem(await (await t.asStudent()).inject({ method: 'GET', url: `/api/v1/payments/${p1.id}` }), 404)
    expectProblem(await teacher.inject({ method: 'GET', url: `/api/v1/payments/${p1.id}` }), 404)
    expectProblem(await t.inject({ method: 'GET', url: `/api/v1/payments/${p1.id}` }), 401)
    expectProblem(await student.inject({ method: 'GET', url: '/api/v1/payments/nope' }), 400)
  })
})

describe('POST /payments/:id/refund', () => {
  it('lets an admin refund: the enrollment becomes refunded and loses lesson access', async () => {
    const student = await t.asStudent()
    const payment = (await pay(student, course.courseId)).json()
    expect((await readLesson(student, course.lessonIds[0]!)).statusCode).toBe(200)
    const countBefore = (await t.inject({ method: 'GET', url: `/api/v1/courses/${course.courseId}/enrollments/count` })).json().count

    expectProblem(await student.inject({ method: 'POST', url: `/api/v1/payments/${payment.id}/refund` }), 403)
    expectProblem(await teacher.inject({ method: 'POST', url: `/api/v1/payments/${payment.id}/refund` }), 403)
    const res = await admin.inject({ method: 'POST', url: `/api/v1/payments/${payment.id}/refund` })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ id: payment.id, status: 'refunded', refundedAt: expect.any(String) })

    expect(await enrollmentOf(student.user.id, course.courseId)).toEqual([expect.objectContaining({ status: 'refunded' })])
    expectProblem(await readLesson(student, course.lessonIds[0]!), 403)
    expectProblem(await student.inject({ method: 'POST', url: `/api/v1/progress/lessons/${course.lessonIds[0]}/complete` }), 403, 'EDU_ENROLLMENT_REFUNDED')
    expect((await t.inject({ method: 'GET', url: `/api/v1/courses/${course.courseId}/enrollments/count` })).json().count).toBe(countBefore - 1)
    expectProblem(await admin.inject({ method: 'POST', url: `/api/v1/payments/${payment.id}/refund` }), 409, 'EDU_PAYMENTS_NOT_REFUNDABLE')
    expectProblem(await admin.inject({ method: 'POST', url: '/api/v1/payments/0190a0b0-0000-7000-8000-000000000000/refund' }), 404)

    // Paying again (a new payment) gives access back.
    const again = await pay(student, course.courseId)
    expect(again.statusCode, again.body).toBe(201)
    expect(await enrollmentOf(student.user.id, course.courseId)).toEqual([{ status: 'active', source: 'payment', payment_id: again.json().id }])
    expect((await readLesson(student, course.lessonIds[0]!)).statusCode).toBe(200)
  })
})

describe('POST /payments/webhooks/mock', () => {
  const send = (body: string, signature: string | undefined, provider = 'mock') =>
    t.inject({
      method: 'POST',
      url: `/api/v1/payments/webhooks/${provider}`,
      payload: body,
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-mock-signature': signature } : {}) },
    })

  it('applies a signed refund event once; a tampered one is 400 and changes nothing', async () => {
    const student = await t.asStudent()
    const payment = (await pay(student, course.courseId)).json()
    const providerRef = (await sql(t, `SELECT provider_ref FROM payments WHERE id = ?`, [payment.id]))[0]!.provider_ref as string
    const body = JSON.stringify({ id: `evt_${randomUUID()}`, type: 'payment.refunded', providerRef, paymentId: payment.id })

    const tampered = body.replace('payment.refunded', 'payment.completed')
    expectProblem(await send(tampered, signMockWebhook(DEV_MOCK_WEBHOOK_SECRET, body)), 400, 'EDU_PAYMENTS_WEBHOOK_SIGNATURE')
    expectProblem(await send(body, signMockWebhook('another-secret-entirely', body)), 400, 'EDU_PAYMENTS_WEBHOOK_SIGNATURE')
    expectProblem(await send(body, undefined), 400, 'EDU_PAYMENTS_WEBHOOK_SIGNATURE')
    expect((await sql(t, `SELECT status FROM payments WHERE id = ?`, [payment.id]))[0]!.status).toBe('completed')
    expect(await sql(t, `SELECT * FROM payment_webhook_events WHERE payment_id = ?`, [payment.id])).toEqual([])
    expect((await readLesson(student, course.lessonIds[0]!)).statusCode).toBe(200)

    const ok = await send(body, signMockWebhook(DEV_MOCK_WEBHOOK_SECRET, body))
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toEqual({ received: true, duplicate: false, ignored: false })
    expect((await sql(t, `SELECT status FROM payments WHERE id = ?`, [payment.id]))[0]!.status).toBe('refunded')
    expectProblem(await readLesson(student, course.lessonIds[0]!), 403)

    const replay = await send(body, signMockWebhook(DEV_MOCK_WEBHOOK_SECRET, body))
    expect(replay.json()).toEqual({ received: true, duplicate: true, ignored: false })
    expect(await sql(t, `SELECT count(*)::int AS n FROM edu_outbox WHERE event = 'payment.refunded' AND payload->>'paymentId' = ?`, [payment.id])).toEqual([{ n: 1 }])
  })

  it('answers 400, not 500, to signed events whose ids the database cannot hold', async () => {
    const { randomBytes } = await import('node:crypto')
    for (const fields of [
      { id: 'evt_\u0000x', providerRef: 'mock_x' },
      { id: 'evt_ok', providerRef: 'mock_\u0000x' },
      { id: `evt_${randomBytes(6000).toString('hex')}`, providerRef: 'mock_x' },
      { id: 'evt_ok2', providerRef: `mock_${randomBytes(6000).toString('hex')}` },
    ]) {
      const body = JSON.stringify({ ...fields, type: 'payment.refunded' })
      expectProblem(await send(body, signMockWebhook(DEV_MOCK_WEBHOOK_SECRET, body)), 400, 'EDU_PAYMENTS_WEBHOOK_PAYLOAD')
    }
    expect(await sql(t, `SELECT count(*)::int AS n FROM payment_webhook_events WHERE event_id LIKE 'evt_ok%'`)).toEqual([{ n: 0 }])
  })

  it('accepts the signed body whatever content type it is labelled with', async () => {
    const body = JSON.stringify({ id: `evt_${randomUUID()}`, type: 'payment.disputed', providerRef: 'mock_x' })
    for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', undefined]) {
      const res = await t.inject({
        method: 'POST', url: '/api/v1/payments/webhooks/mock', payload: body,
        headers: { ...(type ? { 'content-type': type } : {}), 'x-mock-signature': signMockWebhook(DEV_MOCK_WEBHOOK_SECRET, body) },
      })
      expect(res.statusCode, `${type}: ${res.body}`).toBe(200)
    }
    expectProblem(await t.inject({ method: 'POST', url: '/api/v1/payments/webhooks/mock', payload: body, headers: { 'content-type': 'not a media type', 'x-mock-signature': 'x' } }), 415)
  })

  it('acknowledges events it does not use, and 404s another provider', async () => {
    const body = JSON.stringify({ id: 'evt_x', type: 'payment.disputed', providerRef: 'mock_x' })
    expect((await send(body, signMockWebhook(DEV_MOCK_WEBHOOK_SECRET, body))).json()).toEqual({ received: true, duplicate: false, ignored: true })
    expectProblem(await send(body, signMockWebhook(DEV_MOCK_WEBHOOK_SECRET, body), 'stripe'), 404)
  })
})
