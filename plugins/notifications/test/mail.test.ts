import { createTestEngine, startTestSmtpServer, waitUntil, type Actor, type TestEngine, type TestSmtpServer } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectProblem, feed, makeCourse, pay, plugins, sql } from './helpers.ts'

const PUBLIC_URL = 'https://learn.school.test'

/** An engine sending mail through a real local SMTP server. */
async function mailEngine(smtp: TestSmtpServer, maxAttempts = 8, options: { courseUrl?: string } = {}): Promise<TestEngine> {
  return createTestEngine({
    plugins: plugins({ siteName: 'Harbour School', ...options }),
    config: { mail: { smtpUrl: smtp.url, from: 'Harbour School <no-reply@school.test>' }, http: { publicUrl: PUBLIC_URL }, events: { maxAttempts } },
    extras: { mailer: undefined },
  })
}

/** Outbox rows of mail to send (core's `mail.send`): the only deliveries that talk to the SMTP server. */
const mailRows = (t: TestEngine) => sql<{ status: string; attempts: number }>(t, `SELECT status, attempts FROM edu_outbox WHERE event = 'mail.send'`)
/** Outbox rows of notification mail to write: each records its message in its own transaction, sending nothing. */
const queuedRows = (t: TestEngine) => sql<{ status: string; attempts: number }>(t, `SELECT status, attempts FROM edu_outbox WHERE event = 'notification.email-queued'`)

describe('notification email through SMTP', () => {
  let smtp: TestSmtpServer
  let t: TestEngine
  let teacher: Actor

  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    t = await mailEngine(smtp)
    teacher = await t.asTeacher()
  })
  afterAll(async () => {
    await t?.close()
    await smtp?.close()
  })

  it('mails a payment receipt in plain text and escaped HTML, with RFC 8058 one-click unsubscribe headers', async () => {
    const course = await makeCourse(teacher, { title: '<b>Knots</b> & ropes', priceCents: 2500 })
    const student = await t.asStudent({ email: 'mail-student@example.com', name: 'Ann <Sailor>', emailVerified: true })
    await pay(student, course.courseId)
    const [mail] = await smtp.waitFor(1)
    const [notification] = await feed(student)
    expect(mail!.to).toEqual(['mail-student@example.com'])
    expect(mail!.subject).toBe('Payment received for <b>Knots</b> & ropes')
    const unsubscribe = /<(https:\/\/learn\.school\.test\/api\/v1\/notifications\/unsubscribe\?token=[\w.-]+)>/.exec(mail!.header('list-unsubscribe') ?? '')
    expect(unsubscribe).not.toBeNull()
    const unsubscribeUrl = unsubscribe![1]!
    expect(mail!.header('list-unsubscribe')).toBe(`<${unsubscribeUrl}>`)
    expect(mail!.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
    expect(mail!.header('message-id')).toBe(`<notification.${notification!.id}@learn.school.test>`)
    expect(mail!.text).toBe([
      'Hello Ann <Sailor>,',
      '',
      'Payment received for <b>Knots</b> & ropes',
      '',
      'We received €25.00. You are enrolled in <b>Knots</b> & ropes.',
      '',
      `Start learning: ${PUBLIC_URL}/widgets/?course=${course.courseId}`,
      '',
      '--',
      'Harbour School',
      `You get this email for payment receipts. Stop these emails: ${unsubscribeUrl}`,
      '',
    ].join('\n'))
    expect(mail!.html).toContain('<p>Hello Ann &lt;Sailor&gt;,</p>')
    expect(mail!.html).toContain('<h1 style="font-size: 1.25em">Payment received for &lt;b&gt;Knots&lt;/b&gt; &amp; ropes</h1>')
    expect(mail!.html).toContain(`<a href="${unsubscribeUrl}">Stop these emails</a>`)
    expect(mail!.html).not.toContain('<b>Knots</b>')

    // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the header's URL.
    const oneClick = await t.inject({
      method: 'POST',
      url: unsubscribeUrl.slice(PUBLIC_URL.length),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    })
    expect(oneClick.statusCode, oneClick.body).toBe(200)
    expect(oneClick.json()).toEqual({ type: 'payment.completed', email: false })
    const preferences = (await student.inject({ method: 'GET', url: '/api/v1/notifications/preferences' })).json()
    expect(preferences['payment.completed']).toEqual({ inApp: true, email: false })
    expect(preferences['payment.refunded']).toEqual({ inApp: true, email: true })

    // The next receipt is in-app only.
    const other = await makeCourse(teacher, { priceCents: 900 })
    await pay(student, other.courseId)
    await t.drainEvents()
    expect((await feed(student)).map((n) => n.type)).toEqual(['payment.completed', 'payment.completed'])
    expect(smtp.received).toHaveLength(1)
  })

  it('switches email off for a type from the link in the body (GET), answering a page', async () => {
    const admin = await t.asAdmin()
    const course = await makeCourse(teacher, { priceCents: 1500 })
    const student = await t.asStudent({ emailVerified: true })
    const payment = await pay(student, course.courseId)
    expect((await admin.inject({ method: 'POST', url: `/api/v1/payments/${payment.id}/refund` })).statusCode).toBe(200)
    await waitUntil(() => smtp.received.some((m) => m.to[0] === student.user.email && m.subject.startsWith('Refund issued')))
    const refundMail = smtp.received.find((m) => m.subject.startsWith('Refund issued'))!
    const link = /Stop these emails: (\S+)/.exec(refundMail.text)![1]!
    const page = await t.inject({ method: 'GET', url: link.slice(PUBLIC_URL.length) })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('Harbour School will no longer email you refund notices.')
    const preferences = (await student.inject({ method: 'GET', url: '/api/v1/notifications/preferences' })).json()
    expect(preferences['payment.refunded']).toEqual({ inApp: true, email: false })
    expect(preferences['payment.completed']).toEqual({ inApp: true, email: true })
  })

  it('takes the one-click POST as multipart/form-data too (RFC 8058 §3.1: SHOULD), and refuses a broken form, changing nothing', async () => {
    const admin = await t.asAdmin()
    const course = await makeCourse(teacher, { priceCents: 1700 })
    const student = await t.asStudent({ emailVerified: true })
    const payment = await pay(student, course.courseId)
    expect((await admin.inject({ method: 'POST', url: `/api/v1/payments/${payment.id}/refund` })).statusCode).toBe(200)
    await waitUntil(() => smtp.received.some((m) => m.to[0] === student.user.email && m.subject.startsWith('Refund issued')))
    const refundMail = smtp.received.find((m) => m.to[0] === student.user.email && m.subject.startsWith('Refund issued'))!
    const url = /<([^>]+)>/.exec(refundMail.header('list-unsubscribe') ?? '')![1]!.slice(PUBLIC_URL.length)

    const broken = await t.inject({ method: 'POST', url, headers: { 'content-type': 'multipart/form-data; boundary=nope' }, payload: 'List-Unsubscribe=One-Click' })
    expectProblem(broken, 400, 'EDU_NOTIFICATIONS_MALFORMED_FORM')
    expect(await sql(t, `SELECT * FROM notification_preferences WHERE user_id = ?`, [student.user.id])).toEqual([])

    // The form as a mail client's HTTP stack sends it (undici's FormData encoder).
    const form = new FormData()
    form.set('List-Unsubscribe', 'One-Click')
    const request = new Request('http://mail.client', { method: 'POST', body: form })
    const oneClick = await t.inject({
      method: 'POST',
      url,
      headers: { 'content-type': request.headers.get('content-type')! },
      payload: Buffer.from(await request.arrayBuffer()),
    })
    expect(oneClick.statusCode, oneClick.body).toBe(200)
    expect(oneClick.json()).toEqual({ type: 'payment.refunded', email: false })
    const preferences = (await student.inject({ method: 'GET', url: '/api/v1/notifications/preferences' })).json()
    expect(preferences['payment.refunded']).toEqual({ inApp: true, email: false })
    expect(preferences['payment.completed']).toEqual({ inApp: true, email: true })
  })

  it('mails no notification to an address its owner has not confirmed, until it is confirmed', async () => {
    // Anyone can register someone else's address: the address gets the confirmation link, nothing more.
    const course = await makeCourse(teacher, { title: 'Unconfirmed', priceCents: 1200 })
    const student = await t.asStudent({ email: 'someone-elses@example.com' })
    await pay(student, course.courseId)
    await t.drainEvents()
    expect((await feed(student)).map((n) => n.type)).toEqual(['payment.completed'])
    expect(smtp.received.filter((m) => m.to[0] === 'someone-elses@example.com')).toEqual([])
    expect(await queuedRows(t)).not.toContainEqual(expect.objectContaining({ status: 'pending' }))

    expect((await student.inject({ method: 'POST', url: '/api/v1/auth/email/verify-request' })).statusCode).toBe(202)
    await waitUntil(() => smtp.received.some((m) => m.to[0] === 'someone-elses@example.com'), { timeoutMs: 10_000 })
    const sent = smtp.received.filter((m) => m.to[0] === 'someone-elses@example.com')
    expect(sent.map((m) => m.subject)).toEqual(['Confirm your email address'])
    const token = /verify-email\?token=([\w-]+)/.exec(sent[0]!.text)![1]!
    expect((await t.inject({ method: 'POST', url: '/api/v1/auth/email/verify', payload: { token } })).statusCode).toBe(200)

    // Confirmed: the next receipt is mailed.
    const other = await makeCourse(teacher, { title: 'Confirmed', priceCents: 800 })
    await pay(student, other.courseId)
    await waitUntil(() => smtp.received.filter((m) => m.to[0] === 'someone-elses@example.com').length === 2, { timeoutMs: 10_000 })
    expect(smtp.received.filter((m) => m.to[0] === 'someone-elses@example.com').map((m) => m.subject))
      .toEqual(['Confirm your email address', 'Payment received for Confirmed'])
  })

  it('refuses unsubscribe tokens it did not sign, changing nothing', async () => {
    const student = await t.asStudent({ emailVerified: true })
    const forged = `${Buffer.from(student.user.id).toString('base64url')}.${Buffer.from('payment.completed').toString('base64url')}.AAAA`
    for (const token of [forged, 'x', 'a.b.c']) {
      expectProblem(await t.inject({ method: 'POST', url: `/api/v1/notifications/unsubscribe?token=${token}` }), 400, 'EDU_NOTIFICATIONS_INVALID_UNSUBSCRIBE_TOKEN')
      expectProblem(await t.inject({ method: 'GET', url: `/api/v1/notifications/unsubscribe?token=${token}` }), 400, 'EDU_NOTIFICATIONS_INVALID_UNSUBSCRIBE_TOKEN')
    }
    expectProblem(await t.inject({ method: 'GET', url: '/api/v1/notifications/unsubscribe' }), 400)
    expect(await sql(t, `SELECT * FROM notification_preferences WHERE user_id = ?`, [student.user.id])).toEqual([])
  })
})

describe("a school's own course page as the course link", () => {
  let smtp: TestSmtpServer
  let t: TestEngine
  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    t = await mailEngine(smtp, 8, { courseUrl: 'https://www.school.test/learn/{courseId}?from=mail' })
  })
  afterAll(async () => {
    await t?.close()
    await smtp?.close()
  })

  it('"Start learning" and the in-app link lead to the page the school configured', async () => {
    const course = await makeCourse(await t.asTeacher(), { priceCents: 700 })
    const student = await t.asStudent({ emailVerified: true })
    await pay(student, course.courseId)
    const [mail] = await smtp.waitFor(1)
    expect(mail!.text).toContain(`Start learning: https://www.school.test/learn/${course.courseId}?from=mail\n`)
    expect(mail!.html).toContain(`<a href="https://www.school.test/learn/${course.courseId}?from=mail">Start learning</a>`)
    expect((await feed(student))[0]!.link).toBe(`https://www.school.test/learn/${course.courseId}?from=mail`)
  })

  it('refuses a courseUrl without {courseId}', async () => {
    await expect(mailEngine(smtp, 8, { courseUrl: 'https://www.school.test/learn' })).rejects.toThrow(/courseUrl/)
  })
})

describe('an SMTP server that refuses, then accepts', () => {
  let smtp: TestSmtpServer
  let t: TestEngine

  beforeAll(async () => {
    smtp = await startTestSmtpServer({ refuse: 1 })
    t = await mailEngine(smtp)
  })
  afterAll(async () => {
    await t?.close()
    await smtp?.close()
  })

  it('never fails the request, and the mail arrives exactly once after a retry', async () => {
    const teacher = await t.asTeacher()
    const course = await makeCourse(teacher, { priceCents: 1200 })
    const student = await t.asStudent({ emailVerified: true })
    await pay(student, course.courseId)
    await smtp.waitFor(1)
    await waitUntil(async () => (await mailRows(t)).every((r) => r.status === 'delivered'))
    expect(await mailRows(t)).toEqual([{ status: 'delivered', attempts: 2 }])
    expect(await queuedRows(t)).toEqual([{ status: 'delivered', attempts: 1 }])
    expect(smtp.refused).toBe(1)
    expect(smtp.received.map((m) => m.to)).toEqual([[student.user.email]])
  })
})

describe("a school's student", () => {
  let smtp: TestSmtpServer
  let t: TestEngine

  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    t = await mailEngine(smtp)
  })
  afterAll(async () => {
    await t?.close()
    await smtp?.close()
  })

  it('gets notifications in the app but no mail: the school gave the address and nobody confirmed it', async () => {
    const teacher = await t.asTeacher()
    const course = await makeCourse(teacher, { priceCents: 900 })
    const admin = await t.asAdmin()
    const key = (await admin.inject({ method: 'POST', url: '/api/v1/admin/api-keys', payload: { name: 'site', scopes: ['embed'], school: 'mail-school' } })).json().secret
    const session = await t.inject({ method: 'POST', url: '/api/v1/embed/sessions', headers: { authorization: `Bearer ${key}` }, payload: { externalUserId: 'e-1', email: 'someone@elsewhere.example' } })
    expect(session.statusCode).toBe(201)
    const embedded = await t.actor(session.json().user)
    await pay(embedded, course.courseId)
    await t.drainEvents()
    expect((await feed(embedded)).map((n) => n.type)).toEqual(['payment.completed', 'account.welcome'])
    // A self-registered student's mail goes out as ever: it is the only one the server receives.
    const student = await t.asStudent({ email: 'own-address@example.com', emailVerified: true })
    await pay(student, course.courseId)
    await smtp.waitFor(1)
    await t.drainEvents()
    expect(smtp.received.map((m) => m.to)).toEqual([['own-address@example.com']])
  })
})

describe('an SMTP server that keeps refusing', () => {
  let smtp: TestSmtpServer
  let t: TestEngine

  beforeAll(async () => {
    smtp = await startTestSmtpServer({ refuse: Number.POSITIVE_INFINITY })
    t = await mailEngine(smtp, 2)
  })
  afterAll(async () => {
    await t?.close()
    await smtp?.close()
  })

  it('dead-letters the mail after the last attempt, visible in /metrics', async () => {
    const teacher = await t.asTeacher()
    const course = await makeCourse(teacher, { priceCents: 1200 })
    const student = await t.asStudent({ emailVerified: true })
    await pay(student, course.courseId)
    await waitUntil(async () => (await mailRows(t)).some((r) => r.status === 'dead'))
    expect(await mailRows(t)).toEqual([{ status: 'dead', attempts: 2 }])
    expect(await queuedRows(t)).toEqual([{ status: 'delivered', attempts: 1 }])
    expect(smtp.refused).toBe(2)
    const metrics = await t.inject({ method: 'GET', url: '/metrics' })
    expect(metrics.body).toContain('edu_outbox_failed_total{event="mail.send",dead="true"} 1')
    expect(metrics.body).not.toContain('edu_outbox_failed_total{event="notification.email-queued"')
    expect(metrics.body).toContain('edu_outbox_events{status="dead"} 1')
    // The student still has the notification in-app.
    expect((await feed(student)).map((n) => n.type)).toEqual(['payment.completed'])
  })
})
