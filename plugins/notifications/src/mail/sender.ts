import type { EntityManager } from '@mikro-orm/postgresql'
import type { EduApp } from '@eduplatform/core'
import type { NotificationEmailQueued } from '../events.ts'
import type { PreferencesStore } from '../preferences.ts'
import type { NotificationsService } from '../service.ts'
import { renderNotificationMail, typeLabel } from './templates.ts'
import type { UnsubscribeTokens } from './unsubscribe-tokens.ts'

/**
 * Writes one notification's mail: the `notification.email-queued` handler. It records the message
 * through core's mailer in the handler's own transaction (`{ em }`); through SMTP, core's mail outbox
 * (`mail.send`) sends it after the commit, so no SMTP conversation happens inside this transaction or a
 * request. A refused or unreachable SMTP server makes that delivery throw; the outbox retries with
 * backoff and finally dead-letters (`edu_outbox_failed_total{event="mail.send",dead="true"}` in /metrics).
 * The preference is read again here, so an unsubscribe after the notification was made is honoured.
 * Only a confirmed address gets mail (core's `mailAddress`): anyone can register someone else's address, and a
 * school's student has the address the school gave. An unconfirmed recipient's mail is dropped, not held.
 */
export class NotificationMailSender {
  readonly #app: EduApp
  readonly #deps: { service: NotificationsService; preferences: PreferencesStore; tokens: UnsubscribeTokens; siteName: string }

  constructor(app: EduApp, deps: { service: NotificationsService; preferences: PreferencesStore; tokens: UnsubscribeTokens; siteName: string }) {
    this.#app = app
    this.#deps = deps
  }

  async send(em: EntityManager, queued: NotificationEmailQueued): Promise<void> {
    const { service, preferences, tokens, siteName } = this.#deps
    const [row, channels, user] = await Promise.all([
      service.find(em, queued.userId, queued.notificationId),
      preferences.channelsFor(em, [queued.userId], queued.type),
      this.#app.identity.getUser(queued.userId),
    ])
    if (!row || !user || !channels.get(queued.userId)?.email) return
    // An unconfirmed address (registered by anyone, or given by a school) gets no notification mail.
    const to = await this.#app.identity.mailAddress(user.id)
    if (!to) return
    const base = this.#app.edu.publicUrl
    const unsubscribeUrl = `${base}/api/v1/notifications/unsubscribe?token=${await tokens.sign(user.id, row.type)}`
    const mail = renderNotificationMail(row.type, {
      siteName,
      recipientName: user.name,
      title: row.title,
      body: row.body,
      // A path is on the engine's public URL; an absolute link (a school's own page) is used as it is.
      link: row.link ? (/^https?:\/\//i.test(row.link) ? row.link : `${base}${row.link}`) : undefined,
      unsubscribeUrl,
      typeLabel: typeLabel(row.type),
    })
    await this.#app.edu.mailer.send({
      to,
      ...mail,
      // RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this URL.
      headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      messageId: `<notification.${row.id}@${new URL(base).hostname}>`,
      template: `notification.${row.type}`,
      data: { notificationId: row.id, unsubscribeUrl },
    }, { em })
  }
}
