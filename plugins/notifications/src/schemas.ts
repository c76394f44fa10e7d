import { Type, type Static } from 'typebox'
import { ListQueryProps, Page } from '@eduplatform/core'
import { NOTIFICATION_TYPE_NAMES } from './notification-types.ts'

export const NotificationsOptions = Type.Object(
  {
    heartbeatSeconds: Type.Integer({ minimum: 1, maximum: 300, default: 15, description: 'Seconds between SSE heartbeat comments on an idle stream' }),
    streamTokenSeconds: Type.Integer({ minimum: 5, maximum: 60, default: 60, description: 'Lifetime of a stream token, seconds (at most 60)' }),
    maxStreamsPerUser: Type.Integer({ minimum: 1, maximum: 1000, default: 10, description: 'Streams one user may hold open on one engine at once; one more is 429 (browsers keep at most 6 connections per host over HTTP/1.1 anyway)' }),
    streamTokensPerMinute: Type.Integer({ minimum: 1, maximum: 10_000, default: 30, description: 'Stream tokens one user may ask for per minute; one more is 429 with Retry-After' }),
    retryMs: Type.Integer({ minimum: 100, maximum: 60_000, default: 3000, description: 'The SSE `retry:` a client waits before reconnecting, milliseconds' }),
    siteName: Type.String({ minLength: 1, maxLength: 100, default: 'EduPlatform', description: 'Name used in mail and welcome notifications' }),
    courseUrl: Type.String({
      minLength: 1, maxLength: 500, pattern: '\\{courseId\\}', default: '/widgets/?course={courseId}',
      description: "Where a notification or mail about a course leads (\"Start learning\"): a path on the engine's public URL (EDU_PUBLIC_URL) or an absolute URL, such as the school's own page with the widgets; `{courseId}` is replaced by the course's id. Default: the widgets playground showing that course",
    }),
    unsubscribeSecret: Type.Optional(Type.String({ minLength: 32, description: 'HMAC key of unsubscribe links; generated once and kept in the database when unset' })),
  },
  { additionalProperties: false },
)
export type NotificationsOptions = Static<typeof NotificationsOptions>

const Uuid = Type.String({ format: 'uuid' })
const Timestamp = Type.String({ format: 'date-time' })

export const NotificationType = Type.Enum(NOTIFICATION_TYPE_NAMES, { description: 'What the notification is about' })

export const NotificationItem = Type.Object(
  {
    id: Uuid,
    type: NotificationType,
    title: Type.String({ description: 'Plain text: clients escape it' }),
    body: Type.String({ description: 'Plain text: clients escape it' }),
    link: Type.Optional(Type.String({ description: "Where the notification leads: a path on the engine's public URL, or an absolute URL (course links follow the plugin's `courseUrl` option; default `/widgets/?course=<id>`)" })),
    data: Type.Record(Type.String(), Type.Unknown(), { description: 'Ids and figures the notification is about (e.g. `courseId`), by type' }),
    readAt: Type.Union([Timestamp, Type.Null()]),
    createdAt: Timestamp,
  },
  { $id: 'Notification' },
)
export type NotificationItem = Static<typeof NotificationItem>

export const NotificationsPage = Page(NotificationItem)
export const ListNotificationsQuery = Type.Object({
  ...ListQueryProps,
  unread: Type.Optional(Type.Boolean({ description: 'true: only unread notifications' })),
})
export const IdParams = Type.Object({ id: Uuid })
export const UnreadCount = Type.Object({ count: Type.Integer({ minimum: 0 }) })
export const ReadAllResult = Type.Object({ updated: Type.Integer({ minimum: 0, description: 'Notifications marked read by this call' }) })

export const StreamQuery = Type.Object({
  token: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A stream token (POST /notifications/stream-token), for EventSource, which cannot send headers' })),
  lastEventId: Type.Optional(Type.String({
    format: 'uuid',
    description: 'Resume point for a new EventSource, which cannot send `Last-Event-ID` itself: the id of the last notification received. The header wins when both are sent',
  })),
})
export const StreamHeaders = Type.Object({
  'last-event-id': Type.Optional(Type.String({ format: 'uuid', description: 'The id of the last notification received: missed ones are replayed' })),
})
export const StreamToken = Type.Object({
  token: Type.String(),
  expiresAt: Timestamp,
})

const Channels = Type.Object({ inApp: Type.Boolean(), email: Type.Boolean() }, { additionalProperties: false })
const ChannelsPatch = Type.Object({ inApp: Type.Optional(Type.Boolean()), email: Type.Optional(Type.Boolean()) }, { additionalProperties: false })

/** Every type with its channels (defaults where the user changed nothing). */
export const Preferences = Type.Object(
  Object.fromEntries(NOTIFICATION_TYPE_NAMES.map((t) => [t, Channels])) as Record<(typeof NOTIFICATION_TYPE_NAMES)[number], typeof Channels>,
  { $id: 'NotificationPreferences' },
)
export type Preferences = Static<typeof Preferences>
/** Types and channels to change; what is left out stays as it is. */
export const PreferencesPatch = Type.Object(
  Object.fromEntries(NOTIFICATION_TYPE_NAMES.map((t) => [t, Type.Optional(ChannelsPatch)])) as Record<(typeof NOTIFICATION_TYPE_NAMES)[number], Type.TOptional<typeof ChannelsPatch>>,
  { additionalProperties: false },
)
export type PreferencesPatch = Static<typeof PreferencesPatch>

export const UnsubscribeQuery = Type.Object({ token: Type.String({ minLength: 1, maxLength: 500 }) })
export const UnsubscribeBody = Type.Object(
  { 'List-Unsubscribe': Type.Optional(Type.String({ description: 'RFC 8058: `One-Click`' })) },
  { additionalProperties: true },
)
export const UnsubscribeResult = Type.Object({ type: NotificationType, email: Type.Literal(false) })
