import type { Transporter } from 'nodemailer'
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
 * which retries. Timeouts are short so a stalled server holds no delivery for long. nodemailer is
 * imported on the first mail: an engine without SMTP never loads it.
 */
export class SmtpMailer implements Mailer {
  readonly #url: string
  readonly #from: string
  #transport: Promise<Transporter> | undefined

  constructor(options: SmtpMailerOptions) {
    this.#url = options.url
    this.#from = options.from
  }

  #load(): Promise<Transporter> {
    // What the URL says (host, port, auth, and query options such as ?pool=true) wins over these timeouts.
    this.#transport ??= import('nodemailer').then(({ createTransport }) =>
      createTransport({ url: this.#url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }))
    return this.#transport
  }

  async send(message: MailMessage): Promise<void> {
    const transport = await this.#load()
    await transport.sendMail({
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
    void this.#transport?.then((transport) => transport.close(), () => {})
  }
}
