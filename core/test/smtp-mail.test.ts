import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestEngine, startTestSmtpServer, waitUntil, type TestEngine, type TestSmtpServer } from '../src/testing/index.ts'

describe('mail through SMTP (mail.smtpUrl, EDU_SMTP_URL)', () => {
  let smtp: TestSmtpServer
  let t: TestEngine

  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    t = await createTestEngine({
      config: { mail: { smtpUrl: smtp.url, from: 'School <no-reply@school.test>' }, http: { publicUrl: 'https://learn.school.test/' } },
      // No test mailbox: the engine picks its transport from the config.
      extras: { mailer: undefined },
    })
  })
  afterAll(async () => {
    await t.close()
    await smtp.close()
  })

  it('sends the email verification message through the SMTP server, with a link on the public URL', async () => {
    const student = await t.asStudent({ email: 'smtp-verify@example.com' })
    const res = await student.inject({ method: 'POST', url: '/api/v1/auth/email/verify-request' })
    expect(res.statusCode).toBe(202)
    const [mail] = await smtp.waitFor(1)
    expect(mail!.to).toEqual(['smtp-verify@example.com'])
    expect(mail!.from).toBe('no-reply@school.test')
    expect(mail!.subject).toBe('Confirm your email address')
    const token = /verify-email\?token=([\w-]+)/.exec(mail!.text)![1]!
    expect(mail!.text).toContain(`https://learn.school.test/verify-email?token=${token}`)
    const verified = await t.inject({ method: 'POST', url: '/api/v1/auth/email/verify', payload: { token } })
    expect(verified.statusCode).toBe(200)
  })

  it('sends the password reset message through the same transport', async () => {
    await t.asStudent({ email: 'smtp-reset@example.com' })
    const res = await t.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { email: 'smtp-reset@example.com' } })
    expect(res.statusCode).toBe(202)
    const mails = await smtp.waitFor(2)
    expect(mails[1]!.to).toEqual(['smtp-reset@example.com'])
    expect(mails[1]!.subject).toBe('Reset your password')
  })
})

describe('core mail when the SMTP server refuses, then accepts', () => {
  let smtp: TestSmtpServer
  let t: TestEngine

  beforeAll(async () => {
    smtp = await startTestSmtpServer({ refuse: 1 })
    t = await createTestEngine({ config: { mail: { smtpUrl: smtp.url } }, extras: { mailer: undefined } })
  })
  afterAll(async () => {
    await t.close()
    await smtp.close()
  })

  it('answers the request at once, keeps the message sealed in the outbox, and delivers it once after a retry', async () => {
    await t.asStudent({ email: 'smtp-retry@example.com' })
    const res = await t.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { email: 'smtp-retry@example.com' } })
    expect(res.statusCode).toBe(202)
    const rows = () => t.app.orm.em.fork().execute<Array<{ status: string; attempts: number; payload: { sealed: string } }>>(
      `SELECT status, attempts, payload FROM edu_outbox WHERE event = 'mail.send'`)
    const [mail] = await smtp.waitFor(1)
    await waitUntil(async () => (await rows())[0]?.status === 'delivered')
    const [row] = await rows()
    expect({ status: row!.status, attempts: row!.attempts }).toEqual({ status: 'delivered', attempts: 2 })
    expect(smtp.refused).toBe(1)
    expect(smtp.received).toHaveLength(1)
    const token = /reset-password\?token=([\w-]+)/.exec(mail!.text)![1]!
    expect(JSON.stringify(row!.payload)).not.toContain(token)
    expect(JSON.stringify(row!.payload)).not.toContain('smtp-retry@example.com')
    const reset = await t.inject({ method: 'POST', url: '/api/v1/auth/password/reset', payload: { token, password: 'a brand new password' } })
    expect(reset.statusCode).toBe(200)
  })
})

describe('core mail when the SMTP server stalls', () => {
  let smtp: TestSmtpServer
  let t: TestEngine

  beforeEach(async () => {
    smtp = await startTestSmtpServer({ hold: true })
    // No polling: nothing but this mail's delivery uses the pool while it is being sent.
    t = await createTestEngine({
      config: { mail: { smtpUrl: smtp.url }, http: { publicUrl: 'https://learn.school.test/' }, events: { pollIntervalMs: 60_000 } },
      extras: { mailer: undefined },
    })
  })
  afterEach(async () => {
    smtp.release()
    await t.close()
    await smtp.close()
  })

  const mailRows = () => t.app.orm.em.fork().execute<Array<{ event_id: string; status: string; attempts: number; leased: boolean }>>(
    `SELECT event_id, status, attempts, available_at > now() + interval '4 minutes' AS leased FROM edu_outbox WHERE event = 'mail.send'`)

  /** A password reset for a new student, left hanging in the SMTP server's DATA phase. */
  async function stalledMail(email: string): Promise<void> {
    await t.asStudent({ email })
    const res = await t.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { email } })
    expect(res.statusCode).toBe(202)
    await waitUntil(() => smtp.holding === 1, { message: 'the message did not reach the SMTP server' })
  }

  it('holds no transaction and no pooled connection while the server sits on the message, and delivers it once', async () => {
    await stalledMail('smtp-stalled@example.com')
    const [{ since }] = await t.app.orm.em.fork().execute<Array<{ since: Date }>>(`SELECT now() AS since`) as [{ since: Date }]
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(smtp.holding).toBe(1)
    // No session of this database has had a transaction open since before that moment (the send is still going on).
    const open = await t.app.orm.em.fork().execute<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND xact_start < ? AND pid <> pg_backend_pid()`, [since])
    expect(open[0]!.n).toBe(0)
    const pool = (await t.app.orm.em.getConnection().getNativeClient()) as { totalCount: number; idleCount: number }
    expect(pool.totalCount - pool.idleCount).toBe(0)
    const [leased] = await mailRows()
    expect({ status: leased!.status, attempts: leased!.attempts, leased: leased!.leased }).toEqual({ status: 'pending', attempts: 1, leased: true })

    smtp.release()
    const [mail] = await smtp.waitFor(1)
    await waitUntil(async () => (await mailRows())[0]?.status === 'delivered')
    const [row] = await mailRows()
    expect({ status: row!.status, attempts: row!.attempts }).toEqual({ status: 'delivered', attempts: 1 })
    expect(mail!.header('message-id')).toBe(`<mail.${row!.event_id}@learn.school.test>`)
    expect(smtp.received).toHaveLength(1)
  })

  it('sends again with the same Message-ID once the lease has run out (the engine that held it seen as dead)', async () => {
    await stalledMail('smtp-lease@example.com')
    // The lease ends early, as if the engine sending it had died: the row is due again and taken over.
    await t.app.orm.em.fork().execute(`UPDATE edu_outbox SET available_at = now() WHERE event = 'mail.send'`)
    t.app.edu.dispatcher.kick()
    await waitUntil(() => smtp.holding === 2, { message: 'the row was not taken over' })
    smtp.release()
    const mails = await smtp.waitFor(2)
    await waitUntil(async () => (await mailRows())[0]?.status === 'delivered')
    const [row] = await mailRows()
    expect({ status: row!.status, attempts: row!.attempts }).toEqual({ status: 'delivered', attempts: 2 })
    expect(mails.map((m) => m.header('message-id'))).toEqual([`<mail.${row!.event_id}@learn.school.test>`, `<mail.${row!.event_id}@learn.school.test>`])
  })
})
