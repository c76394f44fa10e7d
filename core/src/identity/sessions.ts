import { currentEm } from '../db/current-em.ts'
import { randomUUID } from 'node:crypto'
import type { MikroORM } from '@mikro-orm/postgresql'
import type { Cache } from '../cache/cache.ts'
import type { Role } from './entities.ts'
import type { UserView } from './schemas.ts'

/** What a request's access token stands for: whether its session is open, and its account when it is. */
export interface SessionState {
  active: boolean
  /** The account, as of the last change to it (present when `active`). */
  user?: UserView
}

/** A session's cached state, stamped with the revision of its user's sessions it was read under. */
interface CachedSession extends SessionState {
  rev: string
}

/** How long a user's revision lives (seconds): any value works, as revisions are random and never repeat. */
const REVISION_TTL = 24 * 3600

interface SessionRow {
  id: string
  email: string
  name: string
  role: Role
  is_verified: boolean
  email_verified: boolean
  active: boolean
}

/** Whether a cached state was read under the user's current revision (and is whole: an open one has its account). */
function isCurrent(entry: CachedSession | undefined, rev: unknown): entry is CachedSession {
  return entry !== undefined && rev !== undefined && entry.rev === rev && (entry.user !== undefined || !entry.active)
}

/**
 * Whether a session (a refresh-token family) is still open, and the account it belongs to, checked on
 * every request that carries an access token — from the cache, in one round trip, not the database.
 *
 * Each session's state is cached beside a revision of its user's sessions, and both are read together.
 * Every user has a revision (a random value, set when first needed), so an open session is a cache hit
 * too. Ending sessions (logout, password reset, a reused refresh token) or changing the account writes a
 * new revision after the database commit: entries read under an older revision no longer count, so the
 * next request reloads from the database. A reader sets a missing revision only if it is still missing,
 * before it reads the database, so an entry filled from a read that raced a change carries an older
 * revision and is never trusted. With Redis the revision is shared, so this is exact across engine
 * instances; without Redis it is exact within one instance (CONTRACT.md: more than one instance needs Redis).
 *
 * Entries live as long as an access token (`ttlSeconds`). A revision that expires or is evicted is
 * replaced by a new random one, which no earlier entry carries.
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

  /**
   * The session's state: open while a current refresh token of it is neither spent, revoked nor
   * expired and its user exists. One cache round trip when cached; otherwise one query and two writes.
   */
  async read(userId: string, sessionId: string): Promise<SessionState> {
    const key = `session:${userId}:${sessionId}`
    const [cached, rev] = await this.cache.getMany<CachedSession | string>([key, `sessions-rev:${userId}`])
    const entry = cached as CachedSession | undefined
    if (isCurrent(entry, rev)) return entry
    // A missing revision is set before the database is read, and only if still missing: a change that
    // commits after the read writes another one.
    const current = rev !== undefined ? (rev as string) : await this.#startRevision(userId)
    const [row] = await currentEm(this.orm).execute<SessionRow[]>(
      `SELECT u.id, u.email, u.name, u.role, u.is_verified, u.email_verified,
         EXISTS (SELECT 1 FROM edu_refresh_tokens WHERE family_id = ? AND user_id = u.id AND revoked_at IS NULL
           AND used_at IS NULL AND expires_at > now()) AS active
       FROM edu_users u WHERE u.id = ?`,
      [sessionId, userId],
    )
    const state: SessionState = row?.active === true
      ? { active: true, user: { id: row.id, email: row.email, name: row.name, role: row.role, isVerified: row.is_verified, emailVerified: row.email_verified } }
      : { active: false }
    if (current !== undefined) await this.cache.fill(key, { rev: current, ...state } satisfies CachedSession, this.ttlSeconds)
    return state
  }

  /**
   * `read` at once, without a promise, when this process's cache (the in-process store, never Redis) holds the
   * session's state under its user's current revision; undefined otherwise: then call `read`. Reads count as
   * `Cache.peek`'s do (a value found is a hit).
   */
  peek(userId: string, sessionId: string): SessionState | undefined {
    const rev = this.cache.peek<string>(`sessions-rev:${userId}`)
    if (rev === undefined) return undefined
    const entry = this.cache.peek<CachedSession>(`session:${userId}:${sessionId}`)
    return isCurrent(entry, rev) ? entry : undefined
  }

  /** A new revision if the user has none; undefined when another was set meanwhile (nothing is cached then). */
  async #startRevision(userId: string): Promise<string | undefined> {
    const rev = randomUUID()
    return (await this.cache.add(`sessions-rev:${userId}`, rev, REVISION_TTL)) ? rev : undefined
  }

  /**
   * Call after committing the end of any of the user's sessions, or a change to the account: every
   * cached session state of theirs is reread.
   */
  async changed(userId: string): Promise<void> {
    await this.cache.set(`sessions-rev:${userId}`, randomUUID(), REVISION_TTL)
  }
}
