import { randomUUID } from 'node:crypto'
import type { MikroORM } from '@mikro-orm/postgresql'
import type { Cache } from '../cache/cache.ts'

/** A session's cached state, stamped with the revision of its user's sessions it was read under. */
interface CachedSession {
  rev: string
  active: boolean
}

const NO_REVISION = '-'

/**
 * Whether a session (a refresh-token family) is still open, checked on every request that carries an
 * access token — from the cache, not the database.
 *
 * Each session's state is cached beside a revision of its user's sessions, read together in one round
 * trip. Ending sessions (logout, password reset, a reused refresh token) writes a new revision after the
 * database commit: entries read under an older revision no longer count, so the next request reloads
 * from the database. An entry filled from a read that raced the revocation carries the old revision and
 * is never trusted. With Redis the revision is shared, so this is exact across engine instances; without
 * Redis it is exact within one instance (CONTRACT.md: more than one instance needs Redis).
 *
 * Entries live as long as an access token (`ttlSeconds`); a revision lives longer than any entry written
 * before it, so its expiry cannot revive one.
 */
export class SessionCache {
  private readonly orm: MikroORM
  private readonly cache: Cache
  private readonly ttlSeconds: number

  constructor(orm: MikroORM, cache: Cache, ttlSeconds: number) {
    this.orm = orm
    this.cache = cache
    this.ttlSeconds = ttlSeconds
  }

  /** True while the session is open: a current refresh token of it is neither spent, revoked nor expired. */
  async isActive(userId: string, sessionId: string): Promise<boolean> {
    const [cached, rev = NO_REVISION] = await this.cache.getMany<CachedSession | string>([`session:${userId}:${sessionId}`, `sessions-rev:${userId}`])
    const entry = cached as CachedSession | undefined
    if (entry && entry.rev === rev) return entry.active
    const [row] = await this.orm.em.fork().execute<Array<{ active: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM edu_refresh_tokens WHERE family_id = ? AND user_id = ? AND revoked_at IS NULL
         AND used_at IS NULL AND expires_at > now()) AS active`,
      [sessionId, userId],
    )
    const active = row?.active === true
    await this.cache.set(`session:${userId}:${sessionId}`, { rev: rev as string, active } satisfies CachedSession, this.ttlSeconds)
    return active
  }

  /** Call after committing the end of any of the user's sessions: every cached session state of theirs is reread. */
  async changed(userId: string): Promise<void> {
    await this.cache.set(`sessions-rev:${userId}`, randomUUID(), this.ttlSeconds * 2 + 60)
  }
}
