import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import type { MikroORM } from '@mikro-orm/postgresql'
import type { EventBus } from '../events/bus.ts'
import type { Mailer, MailMessage, SendOptions } from './mailer.ts'

/** The subscriber that sends core's queued mail. */
export const SEND_MAIL_SUBSCRIBER = 'core.send-mail'

/**
 * The engine's mail (core's email verification and password reset, and plugins' mail through
 * `app.edu.mailer`) leaves from the outbox when a real transport is configured: `send` records the
 * message (event `mail.send`), in the caller's transaction when it passes one, and returns, so a slow or
 * refusing SMTP server never holds or fails a request or a transaction; the dispatcher sends it, retrying with backoff, then
 * dead-letters it (`edu_outbox_failed_total{event="mail.send",dead="true"}`). The message holds one-time
 * tokens, so the outbox keeps it sealed with AES-256-GCM under a key derived (HKDF, RFC 5869) from the
 * engine's JWT secret: whoever reads the table or forwards events sees no link that works.
 */
export class OutboxMailer implements Mailer {
  readonly #key: Buffer
  readonly #orm: MikroORM
  readonly #events: EventBus

  /** `host`: the domain of the Message-IDs given to messages that bring none (the public URL's host). */
  constructor(deps: { orm: MikroORM; events: EventBus; transport: Mailer; secret: string; host: string }) {
    this.#orm = deps.orm
    this.#events = deps.events
    this.#key = Buffer.from(hkdfSync('sha256', deps.secret, 'eduplatform', 'outbox mail', 32))
    // Outside any transaction (a slow SMTP server holds no pooled connection), under a lease. Each
    // outbox row sends one Message-ID on every attempt, so a message sent again after an engine died
    // between the server's acceptance and the delivery mark is recognisably the same message.
    deps.events.on('mail.send', SEND_MAIL_SUBSCRIBER, async ({ sealed }, { eventId }) => {
      const message = this.#open(sealed)
      await deps.transport.send({ ...message, messageId: message.messageId ?? `<mail.${eventId}@${deps.host}>` })
    }, { transactional: false })
  }

  async send(message: MailMessage, options: SendOptions = {}): Promise<void> {
    await this.#events.emit(options.em ?? this.#orm.em.fork(), 'mail.send', { sealed: this.#seal(message) })
  }

  #seal(message: MailMessage): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    const body = Buffer.concat([cipher.update(JSON.stringify(message), 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
  }

  #open(sealed: string): MailMessage {
    const raw = Buffer.from(sealed, 'base64')
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(12, 28))
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as MailMessage
  }
}
