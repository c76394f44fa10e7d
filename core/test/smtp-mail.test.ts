import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, startTestSmtpServer, type TestEngine, type TestSmtpServer } from '../src/testing/index.ts'

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
