import type { FastifyBaseLogger } from 'fastify'
import type { EntityManager } from '@mikro-orm/postgresql'

export interface MailMessage {
  to: string
  subject: string
  /** The plain-text body; every message has one. */
  text: string
  /** An HTML alternative of `text`, already escaped by whoever built it. */
  html?: string
  /** Extra header fields, e.g. `List-Unsubscribe` (RFC 2369) and `List-Unsubscribe-Post` (RFC 8058). */
  headers?: Record<string, string>
  /** A stable `Message-ID` (`<id@host>`), so a resent message can be recognised as the same one. */
  messageId?: string
  /** Machine-readable kind, e.g. `email-verify`, for templates and tests. */
  template?: string
  data?: Record<string, string>
}

export interface SendOptions {
  /**
   * Record the message in this transaction: through SMTP it is queued in the outbox with the
   * transaction's writes and sent after the commit, never inside it (and never, if it rolls back).
   * Mailers that send at once (the dev mailbox, a replacement) ignore it.
   */
  em?: EntityManager
}

/** Where the engine sends mail. Replace it through `createEngine(config, { mailer })`. */
export interface Mailer {
  send(message: MailMessage, options?: SendOptions): Promise<void>
}

/** The default: writes each message to the log and keeps the latest in memory (the dev mailbox). */
export class DevMailer implements Mailer {
  readonly messages: MailMessage[] = []
  private readonly log: FastifyBaseLogger | undefined
  private readonly keep: number

  constructor(log?: FastifyBaseLogger, keep = 200) {
    this.log = log
    this.keep = keep
  }

  async send(message: MailMessage): Promise<void> {
    this.messages.push(message)
    if (this.messages.length > this.keep) this.messages.shift()
    this.log?.info({ to: message.to, subject: message.subject, template: message.template }, `mail: ${message.text}`)
  }

  /** The newest message to an address, optionally of one template. */
  latest(to: string, template?: string): MailMessage | undefined {
    return this.messages.findLast((m) => m.to.toLowerCase() === to.toLowerCase() && (!template || m.template === template))
  }
}
