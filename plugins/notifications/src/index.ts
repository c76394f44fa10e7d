import { fileURLToPath } from 'node:url'
import { definePlugin } from '@eduplatform/core'
import { SUBSCRIBERS } from './events.ts'
import { LiveHub } from './live/hub.ts'
import { StreamTokens } from './live/stream-tokens.ts'
import { NotificationMailSender } from './mail/sender.ts'
import { UnsubscribeTokens } from './mail/unsubscribe-tokens.ts'
import { PreferencesStore } from './preferences.ts'
import { notificationRoutes } from './routes/notifications.ts'
import { preferenceRoutes } from './routes/preferences.ts'
import { streamRoutes } from './routes/stream.ts'
import { unsubscribeRoutes } from './routes/unsubscribe.ts'
import { NotificationsOptions } from './schemas.ts'
import { NotificationsService } from './service.ts'
import { courseLinkFrom, subscribeToEvents } from './subscriptions.ts'

export type { NotificationItem, Preferences } from './schemas.ts'
export type { NotificationEmailQueued } from './events.ts'
export { NOTIFICATION_TYPES, type NotificationType } from './notification-types.ts'

/**
 * In-app notifications made from other plugins' events, a live stream (SSE; Redis pub/sub across
 * instances), email through core's mailer from the outbox, and per-type preferences. No other plugin
 * calls it: it only listens.
 */
export const notifications = definePlugin({
  name: 'notifications',
  options: NotificationsOptions,
  migrations: fileURLToPath(new URL('../../../migrations/notifications', import.meta.url)),
  async register(app, options) {
    const hub = new LiveHub(app.log, app.edu.metrics)
    const preferences = new PreferencesStore(app)
    const courseLink = courseLinkFrom(options.courseUrl)
    const service = new NotificationsService(app, preferences, hub, courseLink)
    const unsubscribeTokens = new UnsubscribeTokens(app, options.unsubscribeSecret)
    // The signing key is read (or made) now, outside any transaction: mail handlers sign inside theirs.
    await unsubscribeTokens.load()
    const mail = new NotificationMailSender(app, { service, preferences, tokens: unsubscribeTokens, siteName: options.siteName })

    subscribeToEvents(app, service, options.siteName, courseLink)
    app.events.on('notification.email-queued', SUBSCRIBERS.sendEmail, (p, { em }) => mail.send(em, p))

    notificationRoutes(app, service)
    streamRoutes(app, {
      service, hub, tokens: new StreamTokens(app.cache, options.streamTokenSeconds), retryMs: options.retryMs,
      maxStreamsPerUser: options.maxStreamsPerUser, streamTokensPerMinute: options.streamTokensPerMinute,
    })
    preferenceRoutes(app, preferences)
    await unsubscribeRoutes(app, { tokens: unsubscribeTokens, preferences, siteName: options.siteName })

    const namespace = app.edu.config.redis?.namespace ?? 'edu'
    await hub.start({ heartbeatMs: options.heartbeatSeconds * 1000, redis: app.hasDecorator('redis') ? app.redis : undefined, channel: `${namespace}:notifications` })
    // Streams end before the server stops accepting, so closing never waits on them.
    app.addHook('preClose', async () => {
      await hub.close()
    })
  },
})

export default notifications
