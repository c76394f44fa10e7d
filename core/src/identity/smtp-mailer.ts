import { createTransport } from 'nodemailer'
import type { Mailer, MailMessage } from './mailer.ts'

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:port` or `smtps://…` (EDU_SMTP_URL); nodemailer reads the rest of its options from it. */
  url: string
  /** The `From` of every message, e.g. `EduPlatform <no-reply@school.example>`. */
  from: string
}

/**
 * Sends mail through an SMTP server with nodemailer (chosen when `EDU_SMTP_URL` is set). A refused
 * or unreachable server makes `send` reject: callers that must not lose mail send from the outbox,
 * which retries. Timeouts are short so a stalled server holds no delivery for long.
 */
export class SmtpMailer implements Mailer {
  readonly #transport: ReturnType<typeof createTransport>
  readonly #from: string

  constructor(options: SmtpMailerOptions) {
    // What the URL says (host, port, auth, and query options such as ?pool=true) wins over these timeouts.
    this.#transport = createTransport({ url: options.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
    this.#from = options.from
  }

  async send(message: MailMessage): Promise<void> {
    await this.#transport.sendMail({
      from: this.#from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: message.headers,
      messageId: message.messageId,
    })
  }

  close(): void {
    this.#transport.close()
  }
}
