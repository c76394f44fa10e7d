import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
