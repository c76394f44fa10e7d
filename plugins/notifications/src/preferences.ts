import { currentEm } from '@eduplatform/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import type { EduApp } from '@eduplatform/core'
import { NOTIFICATION_TYPE_NAMES, NOTIFICATION_TYPES, type ChannelSettings, type NotificationType } from './notification-types.ts'
import type { Preferences, PreferencesPatch } from './schemas.ts'

interface PreferenceRow {
  user_id: string
  type: string
  in_app: boolean
  email: boolean
}

/** Per user, per type and channel; only what differs from the defaults (NOTIFICATION_TYPES) is stored. */
export class PreferencesStore {
  readonly #app: EduApp

  constructor(app: EduApp) {
    this.#app = app
  }

  /** Every type with its channels. */
  async get(userId: string): Promise<Preferences> {
    const rows = await currentEm(this.#app.orm).execute<PreferenceRow[]>(
      `SELECT user_id, type, in_app, email FROM notification_preferences WHERE user_id = ?`,
      [userId],
    )
    const stored = new Map(rows.map((r) => [r.type, { inApp: r.in_app, email: r.email }]))
    return Object.fromEntries(NOTIFICATION_TYPE_NAMES.map((t) => [t, stored.get(t) ?? { ...NOTIFICATION_TYPES[t] }])) as Preferences
  }

  /** Applies the channels named in `patch` (in one transaction) and returns every type's channels. */
  async update(userId: string, patch: PreferencesPatch): Promise<Preferences> {
    const current = await this.get(userId)
    const changed = NOTIFICATION_TYPE_NAMES.filter((t) => patch[t] !== undefined)
    if (changed.length > 0) {
      const next = changed.map((t) => ({ type: t, ...current[t], ...patch[t] }))
      await currentEm(this.#app.orm).execute(
        `INSERT INTO notification_preferences (user_id, type, in_app, email)
         SELECT ?, t, i, e FROM unnest(string_to_array(?, ','), string_to_array(?, ',')::boolean[], string_to_array(?, ',')::boolean[]) AS p(t, i, e)
         ON CONFLICT (user_id, type) DO UPDATE SET in_app = EXCLUDED.in_app, email = EXCLUDED.email, updated_at = now()`,
        [userId, next.map((n) => n.type).join(','), next.map((n) => n.inApp).join(','), next.map((n) => n.email).join(',')],
      )
      for (const n of next) current[n.type] = { inApp: n.inApp, email: n.email }
    }
    return current
  }

  /** Switches email off for one type (the unsubscribe link); keeps the in-app channel as it was. */
  async unsubscribeEmail(userId: string, type: NotificationType): Promise<void> {
    await currentEm(this.#app.orm).execute(
      `INSERT INTO notification_preferences (user_id, type, in_app, email) VALUES (?, ?, ?, false)
       ON CONFLICT (user_id, type) DO UPDATE SET email = false, updated_at = now()`,
      [userId, type, NOTIFICATION_TYPES[type].inApp],
    )
  }

  /** The channels of many recipients for one type, read in `em` (the handler's transaction). */
  async channelsFor(em: EntityManager, userIds: readonly string[], type: NotificationType): Promise<Map<string, ChannelSettings>> {
    const rows = userIds.length === 0 ? [] : await em.execute<PreferenceRow[]>(
      `SELECT user_id, type, in_app, email FROM notification_preferences WHERE type = ? AND user_id = ANY(string_to_array(?, ',')::uuid[])`,
      [type, userIds.join(',')],
    )
    const stored = new Map(rows.map((r) => [r.user_id, { inApp: r.in_app, email: r.email }]))
    return new Map(userIds.map((id) => [id, stored.get(id) ?? NOTIFICATION_TYPES[type]]))
  }
}
