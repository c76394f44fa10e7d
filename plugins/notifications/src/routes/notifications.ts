import { problemResponse, type EduApp } from '@eduplatform/core'
import type { NotificationsService } from '../service.ts'
import { IdParams, ListNotificationsQuery, NotificationItem, NotificationsPage, ReadAllResult, UnreadCount } from '../schemas.ts'
import { signedInUser, userIdOf } from './principal.ts'

const tags = ['notifications']
const security = [{ bearer: [] }]

/** Reading: the feed, the unread count, mark one or all read. Only the owner sees a notification. */
export function notificationRoutes(app: EduApp, service: NotificationsService) {
  const signedIn = signedInUser(app)

  app.get('/notifications/me', {
    preValidation: signedIn,
    schema: {
      operationId: 'listMyNotifications',
      tags,
      security,
      summary: 'My notifications, newest first',
      description: '`unread=true` keeps the unread ones. Cursor pages (`limit` ≤ 100).',
      querystring: ListNotificationsQuery,
      response: { 200: NotificationsPage },
    },
  }, async (request) => service.list(userIdOf(app, request), request.query))

  app.get('/notifications/me/unread-count', {
    preValidation: signedIn,
    schema: {
      operationId: 'getUnreadNotificationCount',
      tags,
      security,
      summary: 'How many of my notifications are unread (exact after every change)',
      response: { 200: UnreadCount },
    },
  }, async (request) => ({ count: await service.unreadCount(userIdOf(app, request)) }))

  app.patch('/notifications/:id/read', {
    preValidation: signedIn,
    schema: {
      operationId: 'markNotificationRead',
      tags,
      security,
      summary: 'Mark one of my notifications read; 404 for anyone else’s',
      description: 'Idempotent: a notification read before keeps its first `readAt`.',
      params: IdParams,
      response: { 200: NotificationItem, 404: problemResponse('No such notification, or another user\'s (`EDU_NOTIFICATIONS_NOT_FOUND`)') },
    },
  }, async (request) => service.markRead(userIdOf(app, request), request.params.id))

  app.post('/notifications/read-all', {
    preValidation: signedIn,
    schema: {
      operationId: 'markAllNotificationsRead',
      tags,
      security,
      summary: 'Mark all my notifications read',
      response: { 200: ReadAllResult },
    },
  }, async (request) => ({ updated: await service.markAllRead(userIdOf(app, request)) }))
}
