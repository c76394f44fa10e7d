import type { EntityManager } from '@mikro-orm/postgresql'
import { currentEm, decodeCursor, newId, toPage, type EduApp } from '@eduplatform/core'
import { Type } from 'typebox'
import { NotificationNotFound } from './errors.ts'
import type { LiveHub } from './live/hub.ts'
import type { NotificationType } from './notification-types.ts'
import type { PreferencesStore } from './preferences.ts'
import type { NotificationItem } from './schemas.ts'

/** What a notification says; plain text, stored exactly as built. */
export interface NotificationContent {
  type: NotificationType
  title: string
  body: string
  /** Where it leads: a path on the public URL or an absolute URL (`courseLink` for a course). */
  link?: string
  data: Record<string, unknown>
}

export interface NotificationRow {
  id: string
  user_id: string
  type: NotificationType
  title: string
  body: string
  link: string | null
  data: Record<string, unknown>
  in_app: boolean
  read_at: string | Date | null
  created_at: string | Date
}

const COLUMNS = 'id, user_id, type, title, body, link, data, in_app, read_at, created_at'
const IdCursor = Type.Tuple([Type.String({ format: 'uuid' })])
const UNREAD_TTL = 600
const iso = (value: string | Date) => new Date(value).toISOString()

export const toItem = (row: NotificationRow): NotificationItem => ({
  id: row.id,
  type: row.type,
  title: row.title,
  body: row.body,
  ...(row.link ? { link: row.link } : {}),
  data: row.data,
  readAt: row.read_at == null ? null : iso(row.read_at),
  createdAt: iso(row.created_at),
})

/**
 * Notifications: created by event handlers (in their transaction, idempotent on source and recipient),
 * read and marked read by their owner. After each commit the live streams hear of new rows and the
 * owner's cached unread count is orphaned (a tag bump), so the next read is exact.
 */
export class NotificationsService {
  readonly #app: EduApp
  readonly #preferences: PreferencesStore
  readonly #hub: LiveHub
  readonly #courseLink: (courseId: string) => string

  constructor(app: EduApp, preferences: PreferencesStore, hub: LiveHub, courseLink: (courseId: string) => string) {
    this.#app = app
    this.#courseLink = courseLink
    this.#preferences = preferences
    this.#hub = hub
  }

  #em(): EntityManager {
    return this.#app.orm.em.fork() as EntityManager
  }

  /** Reads (and writes outside a transaction): the open transaction of this flow, an event handler's, else a fork. */
  #read(): EntityManager {
    return currentEm(this.#app.orm)
  }

  /**
   * Notifies `recipients` of one thing, inside the handler's transaction `em`. `sourceKey` (usually the
   * event id) makes a second delivery of the same event a no-op per recipient. Each recipient's
   * preferences decide the channels: a row is kept for in-app or email, and email is queued through the
   * outbox (`notification.email-queued`). Returns the rows created.
   */
  async notify(em: EntityManager, recipients: readonly string[], sourceKey: string, content: NotificationContent): Promise<NotificationRow[]> {
    const channels = await this.#preferences.channelsFor(em, [...new Set(recipients)], content.type)
    const wanted = [...channels].filter(([, c]) => c.inApp || c.email)
    if (wanted.length === 0) return []
    const rows = await em.execute<NotificationRow[]>(
      `INSERT INTO notifications (id, user_id, type, title, body, link, data, source_key, in_app)
       SELECT r.id, r.user_id, ?, ?, ?, ?, ?::jsonb, ?, r.in_app
       FROM unnest(string_to_array(?, ',')::uuid[], string_to_array(?, ',')::uuid[], string_to_array(?, ',')::boolean[]) AS r(id, user_id, in_app)
       ON CONFLICT (user_id, source_key) DO NOTHING RETURNING ${COLUMNS}`,
      [content.type, content.title, content.body, content.link ?? null, JSON.stringify(content.data), sourceKey,
        wanted.map(() => newId()).join(','), wanted.map(([id]) => id).join(','), wanted.map(([, c]) => c.inApp).join(',')],
    )
    await this.#afterCreate(em, rows, (row) => channels.get(row.user_id)!.email)
    return rows
  }

  /**
   * A lesson was added to a course: one `lesson.added` notification per student, course and UTC day.
   * The day's notification gathers the lessons (`data.lessonIds`) and becomes unread again; a lesson
   * already in it changes nothing, so a second delivery is a no-op. Email goes once, with the first lesson.
   */
  async notifyLessonAdded(em: EntityManager, students: readonly string[], input: { courseId: string; courseTitle: string; lessonId: string; lessonTitle: string }): Promise<NotificationRow[]> {
    const channels = await this.#preferences.channelsFor(em, [...new Set(students)], 'lesson.added')
    const wanted = [...channels].filter(([, c]) => c.inApp || c.email)
    if (wanted.length === 0) return []
    const day = new Date().toISOString().slice(0, 10)
    const rows = await em.execute<Array<NotificationRow & { inserted: boolean }>>(
      `INSERT INTO notifications AS n (id, user_id, type, title, body, link, data, source_key, in_app)
       SELECT r.id, r.user_id, 'lesson.added', ?, ?, ?, jsonb_build_object('courseId', ?::text, 'lessonIds', jsonb_build_array(?::text)), ?, r.in_app
       FROM unnest(string_to_array(?, ',')::uuid[], string_to_array(?, ',')::uuid[], string_to_array(?, ',')::boolean[]) AS r(id, user_id, in_app)
       ON CONFLICT (user_id, source_key) DO UPDATE
         SET data = jsonb_set(n.data, '{lessonIds}', (n.data -> 'lessonIds') || to_jsonb(?::text)),
             title = ?,
             body = (jsonb_array_length(n.data -> 'lessonIds') + 1)::text || ' new lessons today; the latest: ' || ?,
             read_at = NULL, updated_at = now()
         WHERE NOT (n.data -> 'lessonIds') @> jsonb_build_array(?::text)
       RETURNING ${COLUMNS.split(', ').map((c) => `n.${c}`).join(', ')}, (xmax = 0) AS inserted`,
      [`New lesson in ${input.courseTitle}`, `New lesson: ${input.lessonTitle}`, this.#courseLink(input.courseId), input.courseId, input.lessonId,
        `lesson.added:${input.courseId}:${day}`,
        wanted.map(() => newId()).join(','), wanted.map(([id]) => id).join(','), wanted.map(([, c]) => c.inApp).join(','),
        input.lessonId, `New lessons in ${input.courseTitle}`, input.lessonTitle, input.lessonId],
    )
    await this.#afterCreate(em, rows, (row) => row.inserted && channels.get(row.user_id)!.email)
    return rows
  }

  async #afterCreate<R extends NotificationRow>(em: EntityManager, rows: R[], wantsEmail: (row: R) => boolean): Promise<void> {
    for (const row of rows) {
      if (wantsEmail(row)) await this.#app.events.emit(em, 'notification.email-queued', { notificationId: row.id, userId: row.user_id, type: row.type })
    }
    const shown = rows.filter((r) => r.in_app)
    if (shown.length === 0) return
    await this.#app.afterCommit(em, async () => {
      await this.#forgetCounts(shown.map((r) => r.user_id))
      await this.#hub.publish(shown.map((r) => ({ userId: r.user_id, item: toItem(r) })))
    })
  }

  async #forgetCounts(userIds: string[]): Promise<void> {
    await this.#app.cache.bump(...new Set(userIds.map((id) => `notifications-user:${id}`)))
  }

  /** After a read: the cached count goes, and the user's open streams get the new one (`event: unread-count`). */
  async #countChanged(userId: string): Promise<void> {
    await this.#forgetCounts([userId])
    await this.#hub.publish([{ userId, unreadCount: await this.unreadCount(userId) }])
  }

  /** The user's in-app notifications, newest first; `unread` keeps only unread ones. */
  async list(userId: string, query: { unread?: boolean; limit: number; cursor?: string }) {
    const after = query.cursor ? decodeCursor(query.cursor, IdCursor)[0] : null
    const rows = await this.#read().execute<NotificationRow[]>(
      `SELECT ${COLUMNS} FROM notifications WHERE user_id = ? AND in_app ${query.unread ? 'AND read_at IS NULL' : ''} ${after ? 'AND id < ?' : ''}
       ORDER BY id DESC LIMIT ?`,
      after ? [userId, after, query.limit + 1] : [userId, query.limit + 1],
    )
    return toPage(rows, query.limit, toItem, (row) => [row.id])
  }

  /** Notifications after `afterId` (oldest first), for a stream resuming from `Last-Event-ID`. */
  async listSince(userId: string, afterId: string, limit: number): Promise<NotificationItem[]> {
    const rows = await this.#read().execute<NotificationRow[]>(
      `SELECT ${COLUMNS} FROM notifications WHERE user_id = ? AND in_app AND id > ? ORDER BY id LIMIT ?`,
      [userId, afterId, limit],
    )
    return rows.map(toItem)
  }

  /** Unread in-app notifications; cached under a per-user tag that every change bumps after commit. */
  async unreadCount(userId: string): Promise<number> {
    const version = await this.#app.cache.version(`notifications-user:${userId}`)
    return this.#app.cache.wrap(`notifications:unread:${userId}:${version}`, UNREAD_TTL, async () => {
      const [row] = await this.#read().execute<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM notifications WHERE user_id = ? AND in_app AND read_at IS NULL`,
        [userId],
      )
      return row!.n
    })
  }

  /** Marks one of the user's notifications read (a read one keeps its first `readAt`); another user's is a 404. */
  async markRead(userId: string, id: string): Promise<NotificationItem> {
    const [row] = await this.#read().execute<NotificationRow[]>(
      `UPDATE notifications SET read_at = coalesce(read_at, now()), updated_at = now()
       WHERE id = ? AND user_id = ? AND in_app RETURNING ${COLUMNS}`,
      [id, userId],
    )
    if (!row) throw new NotificationNotFound(id)
    await this.#countChanged(userId)
    return toItem(row)
  }

  /** Marks every unread notification of the user read; returns how many changed. */
  async markAllRead(userId: string): Promise<number> {
    const rows = await this.#read().execute<Array<{ id: string }>>(
      `UPDATE notifications SET read_at = now(), updated_at = now() WHERE user_id = ? AND in_app AND read_at IS NULL RETURNING id`,
      [userId],
    )
    if (rows.length > 0) await this.#countChanged(userId)
    return rows.length
  }

  /** One notification by id and owner (the mail sender reads it in its transaction). */
  async find(em: EntityManager, userId: string, id: string): Promise<NotificationRow | undefined> {
    const [row] = await em.execute<NotificationRow[]>(`SELECT ${COLUMNS} FROM notifications WHERE id = ? AND user_id = ?`, [id, userId])
    return row
  }
}
