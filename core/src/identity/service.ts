import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'
import { UniqueConstraintViolationException } from '@mikro-orm/core'
import { Type } from 'typebox'
import type { Cache } from '../cache/cache.ts'
import { currentEm, queryPrimary } from '../db/current-em.ts'
import { newId } from '../db/ids.ts'
import { decodeCursor, toPage } from '../db/pagination.ts'
import type { EventBus } from '../events/bus.ts'
import { BadRequest, Conflict, NotFound, Unauthorized } from '../http/errors.ts'
import { User, type Role } from './entities.ts'
import type { AccessTokenInput } from './access-token.ts'
import type { Mailer } from './mailer.ts'
import { burnPasswordCheck, hashPassword, UNUSABLE_PASSWORD, verifyPassword } from './passwords.ts'
import type { UserView } from './schemas.ts'
import { randomSecret, sha256 } from './secrets.ts'
import type { SessionCache, SessionState } from './sessions.ts'

export interface IdentityOptions {
  accessTokenTtl: number
  refreshTokenTtlDays: number
  publicUrl: string
}

export interface SessionResult {
  user: UserView
  accessToken: string
  refreshToken: string
  expiresIn: number
}

type TokenPurpose = 'email_verify' | 'password_reset'
const TOKEN_TTL_MS: Record<TokenPurpose, number> = { email_verify: 24 * 3600_000, password_reset: 3600_000 }
const USER_TTL = 300
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const PendingCursor = Type.Tuple([Type.String(), Type.String({ format: 'uuid' })])

export const toUserView = (u: Pick<User, 'id' | 'email' | 'name' | 'role' | 'isVerified' | 'emailVerified'>): UserView => ({
  id: u.id, email: u.email, name: u.name, role: u.role, isVerified: u.isVerified, emailVerified: u.emailVerified,
})

/**
 * Users, sessions and the one-time tokens of email verification and password reset. Identity reads
 * go to the primary: a replica may lag behind a registration, a reset or a revocation.
 */
export interface IdentityDeps {
  orm: MikroORM
  cache: Cache
  events: EventBus
  mailer: Mailer
  /** Signs an access token; `ttlSeconds` overrides the configured lifetime. */
  signAccessToken: (payload: AccessTokenInput, ttlSeconds?: number) => string
  sessions: SessionCache
}

export class IdentityService {
  private readonly deps: IdentityDeps
  private readonly options: IdentityOptions

  constructor(deps: IdentityDeps, options: IdentityOptions) {
    this.deps = deps
    this.options = options
  }

  #em() {
    return this.deps.orm.em.fork()
  }

  /** For reads: the open transaction of this flow (an event handler's), else a fork; see `currentEm`. */
  #reader() {
    return currentEm(this.deps.orm)
  }

  /** A user by id, from cache; undefined when there is none. */
  async getUser(id: string): Promise<UserView | undefined> {
    return this.deps.cache.wrap(`user:${id}`, USER_TTL, async () => {
      // From the primary: a replica may not have the account that was made a moment ago.
      const user = await this.#reader().findOne(User, { id }, { connectionType: 'write' })
      return user ? toUserView(user) : undefined
    })
  }

  /**
   * Several users by id: one cache round trip, one statement for those not cached (their rows read as they are,
   * not as entities: course cards ask for up to a page of teachers at a time). Unknown ids are left out.
   */
  async getUsers(ids: readonly string[]): Promise<Map<string, UserView>> {
    const unique = [...new Set(ids)].filter((id) => UUID.test(id))
    const found = new Map<string, UserView>()
    const cached = await this.deps.cache.getMany<UserView | null>(unique.map((id) => `user:${id}`))
    const missing = unique.filter((id, i) => {
      const hit = cached[i]
      if (hit) found.set(id, hit)
      return hit === undefined
    })
    if (missing.length > 0) {
      // From the primary, as `getUser`: a replica may not have the account that was made a moment ago.
      const views = await queryPrimary<UserView>(this.deps.orm,
        `SELECT id, email, name, role, is_verified AS "isVerified", email_verified AS "emailVerified"
         FROM edu_users WHERE id = ANY(string_to_array(?, ',')::uuid[])`, [missing.join(',')])
      await Promise.all(views.map((view) => {
        found.set(view.id, view)
        return this.deps.cache.fill(`user:${view.id}`, view, USER_TTL)
      }))
    }
    return found
  }

  /**
   * The addresses of these users that others (a course's teacher, admins) may see, by user id. An
   * embedded student's address was given by a school's site and nobody confirmed it (it may even be
   * another account's), so it is left out: only the student (`GET /auth/me`) and the school's key (the
   * session's `user`) see it. Unknown ids are left out too. Read from the primary, one query.
   */
  async shownEmails(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)].filter((id) => UUID.test(id))
    if (unique.length === 0) return new Map()
    const rows = await this.#reader().execute<Array<{ id: string; email: string }>>(
      `SELECT id, email FROM edu_users WHERE id = ANY(string_to_array(?, ',')::uuid[]) AND NOT embedded`, [unique.join(',')],
    )
    return new Map(rows.map((r) => [r.id, r.email]))
  }

  /** After an account changed: its cached view and the states of its sessions (which carry it) are reread. */
  async #forget(id: string) {
    await Promise.all([this.deps.cache.invalidate(`user:${id}`), this.deps.sessions.changed(id)])
  }

  /**
   * Creates a user of any role; for bootstrap, demo data, tests and admin tooling. A `null` password
   * makes an account that cannot sign in with a password (embedded students). `embedded`: a student
   * of an embedding school, whose address is contact data: it takes no address from anyone (another
   * account may hold the same one), and sign-in, password reset and registration never find it.
   */
  async createUser(input: { email: string; password: string | null; name: string; role: Role; isVerified?: boolean; emailVerified?: boolean; embedded?: boolean }, em: EntityManager = this.#em()): Promise<User> {
    const user = em.create(User, {
      embedded: input.embedded ?? false,
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      passwordHash: input.password === null ? UNUSABLE_PASSWORD : await hashPassword(input.password),
      isVerified: input.isVerified ?? input.role !== 'teacher',
      emailVerified: input.emailVerified ?? false,
    })
    try {
      await em.flush()
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new Conflict('An account with this email already exists')
      throw error
    }
    return user
  }

  /** Creates an account and signs it in; `role` defaults to student (as `RegisterBody` says); a teacher starts unverified. */
  async register(input: { email: string; password: string; name: string; role?: 'student' | 'teacher' }): Promise<SessionResult> {
    const role = input.role ?? 'student'
    return this.#em().transactional(async (em) => {
      const user = await this.createUser({ ...input, role, isVerified: role === 'student' }, em)
      await this.deps.events.emit(em, 'user.registered', { userId: user.id, email: user.email, role: user.role as Role })
      return this.#issueSession(em, user, newId())
    })
  }

  async login(email: string, password: string): Promise<SessionResult> {
    const em = this.#em()
    const user = await em.findOne(User, { email: email.toLowerCase(), embedded: false }, { populate: ['passwordHash'], connectionType: 'write' })
    if (!user) {
      await burnPasswordCheck(password)
      throw new Unauthorized('Email or password is wrong')
    }
    if (!(await verifyPassword(user.passwordHash, password))) throw new Unauthorized('Email or password is wrong')
    return this.#issueSession(em, user, newId())
  }

  /**
   * Opens a session for an existing user without a password (demo data, tests, admin tooling); undefined
   * when there is no such user. `accessTokenTtl` (seconds) shortens its first access token.
   */
  async startSession(userId: string, options: { accessTokenTtl?: number } = {}): Promise<SessionResult | undefined> {
    const em = this.#em()
    const user = await em.findOne(User, { id: userId }, { connectionType: 'write' })
    return user ? this.#issueSession(em, user, newId(), options.accessTokenTtl) : undefined
  }

  async #issueSession(em: EntityManager, user: User, familyId: string, accessTokenTtl?: number): Promise<SessionResult> {
    const refreshToken = randomSecret()
    await em.execute(
      `INSERT INTO edu_refresh_tokens (id, user_id, family_id, token_hash, expires_at) VALUES (?, ?, ?, ?, now() + (? * interval '1 day'))`,
      [newId(), user.id, familyId, sha256(refreshToken), this.options.refreshTokenTtlDays],
    )
    return {
      user: toUserView(user),
      accessToken: this.deps.signAccessToken({ sub: user.id, role: user.role, sid: familyId }, accessTokenTtl),
      refreshToken,
      expiresIn: accessTokenTtl ?? this.options.accessTokenTtl,
    }
  }

  /**
   * A session with no refresh token, ending after `ttlSeconds` (embedded widgets): its access token
   * lives exactly as long as the session.
   */
  async openShortSession(em: EntityManager, user: Pick<User, 'id' | 'role'>, ttlSeconds: number): Promise<{ accessToken: string; expiresAt: Date }> {
    const sid = newId()
    const accessToken = this.deps.signAccessToken({ sub: user.id, role: user.role, sid }, ttlSeconds)
    // The session ends when its token does, to the second.
    const { exp } = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as { exp: number }
    const expiresAt = new Date(exp * 1000)
    await em.execute(
      `INSERT INTO edu_refresh_tokens (id, user_id, family_id, token_hash, expires_at) VALUES (?, ?, ?, ?, ?)`,
      [newId(), user.id, sid, sha256(randomSecret()), expiresAt],
    )
    return { accessToken, expiresAt }
  }

  /** Whether an access token's session is still open, and its account (cached; see SessionCache). */
  readSession(userId: string, sessionId: string): Promise<SessionState> {
    return this.deps.sessions.read(userId, sessionId)
  }

  /** `readSession` at once when this process's cache holds it; undefined otherwise (see SessionCache.peek). */
  peekSession(userId: string, sessionId: string): SessionState | undefined {
    return this.deps.sessions.peek(userId, sessionId)
  }

  /** Rotates a refresh token. A token used twice revokes its whole family: someone has a copy. */
  async refresh(refreshToken: string): Promise<SessionResult> {
    const outcome = await this.#em().transactional(async (em) => {
      const [row] = await em.execute<Array<{ id: string; user_id: string; family_id: string; expired: boolean; used_at: Date | null; revoked_at: Date | null }>>(
        `SELECT id, user_id, family_id, expires_at < now() AS expired, used_at, revoked_at FROM edu_refresh_tokens WHERE token_hash = ? FOR UPDATE`,
        [sha256(refreshToken)],
      )
      if (!row) return { error: 'This refresh token is not valid' } as const
      if (row.used_at || row.revoked_at) {
        await em.execute(`UPDATE edu_refresh_tokens SET revoked_at = now() WHERE family_id = ? AND revoked_at IS NULL`, [row.family_id])
        return { error: 'This refresh token was already used; every session it began is now signed out', ended: row.user_id } as const
      }
      if (row.expired) return { error: 'This refresh token has expired' } as const
      await em.execute(`UPDATE edu_refresh_tokens SET used_at = now() WHERE id = ?`, [row.id])
      const user = await em.findOne(User, { id: row.user_id })
      if (!user) return { error: 'This refresh token is not valid' } as const
      return { session: await this.#issueSession(em, user, row.family_id) }
    })
    if ('error' in outcome) {
      if ('ended' in outcome && outcome.ended) await this.deps.sessions.changed(outcome.ended)
      throw new Unauthorized(outcome.error)
    }
    return outcome.session
  }

  /**
   * Ends the session the refresh token belongs to, if it is the caller's: its refresh token and every
   * access token of it stop working at once, on every engine instance.
   */
  async logout(userId: string, refreshToken: string): Promise<void> {
    await this.#em().execute(
      `UPDATE edu_refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND family_id IN
         (SELECT family_id FROM edu_refresh_tokens WHERE token_hash = ? AND user_id = ?)`,
      [sha256(refreshToken), userId],
    )
    await this.deps.sessions.changed(userId)
  }

  async #createOneTimeToken(em: EntityManager, userId: string, purpose: TokenPurpose): Promise<string> {
    const token = randomSecret()
    await em.execute(`UPDATE edu_user_tokens SET used_at = now() WHERE user_id = ? AND purpose = ? AND used_at IS NULL`, [userId, purpose])
    await em.execute(
      `INSERT INTO edu_user_tokens (id, user_id, purpose, token_hash, expires_at) VALUES (?, ?, ?, ?, ?)`,
      [newId(), userId, purpose, sha256(token), new Date(Date.now() + TOKEN_TTL_MS[purpose])],
    )
    return token
  }

  /** Spends a one-time token; returns its user id or refuses. */
  async #spendOneTimeToken(em: EntityManager, token: string, purpose: TokenPurpose): Promise<string> {
    const [row] = await em.execute<Array<{ user_id: string }>>(
      `UPDATE edu_user_tokens SET used_at = now() WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > now() RETURNING user_id`,
      [sha256(token), purpose],
    )
    if (!row) throw new BadRequest('body.token', 'This link is not valid or has expired; ask for a new one')
    return row.user_id
  }

  async requestEmailVerification(userId: string): Promise<void> {
    const em = this.#em()
    const user = await em.findOne(User, { id: userId }, { connectionType: 'write' })
    if (!user) throw new NotFound('User not found')
    if (user.emailVerified) return
    // Nobody showed the school owns the address it gave: the engine sends it nothing, this link included.
    if (user.embedded) throw new Conflict("This account belongs to a school's site: its address is the school's contact data, which the engine does not confirm or mail")
    const token = await this.#createOneTimeToken(em, user.id, 'email_verify')
    await this.deps.mailer.send({
      to: user.email,
      subject: 'Confirm your email address',
      text: `Confirm your email address: ${this.options.publicUrl}/verify-email?token=${token}`,
      template: 'email-verify',
      data: { token },
    })
  }

  async verifyEmail(token: string): Promise<void> {
    const userId = await this.#em().transactional(async (em) => {
      const id = await this.#spendOneTimeToken(em, token, 'email_verify')
      await em.execute(`UPDATE edu_users SET email_verified = true, updated_at = now() WHERE id = ?`, [id])
      return id
    })
    await this.#forget(userId)
  }

  /**
   * The address the engine may send a user's mail to (notifications), or undefined: only a confirmed
   * address (`emailVerified`). Anyone can register someone else's address, and a school's student has the
   * address the school gave: until its owner confirms it, it gets no mail but the confirmation link and,
   * when asked for, a password reset (the account's own recovery, which confirms it too).
   */
  async mailAddress(userId: string): Promise<string | undefined> {
    const user = await this.#reader().findOne(User, { id: userId }, { fields: ['email', 'emailVerified'], connectionType: 'write' })
    if (!user || !user.emailVerified) return undefined
    return user.email
  }

  /** Sends a reset link when the account exists; says nothing either way. */
  async forgotPassword(email: string): Promise<void> {
    const em = this.#em()
    // A school's student is never found by address: the address may be anyone's.
    const user = await em.findOne(User, { email: email.toLowerCase(), embedded: false }, { connectionType: 'write' })
    if (!user) return
    const token = await this.#createOneTimeToken(em, user.id, 'password_reset')
    await this.deps.mailer.send({
      to: user.email,
      subject: 'Reset your password',
      text: `Reset your password (valid for one hour): ${this.options.publicUrl}/reset-password?token=${token}`,
      template: 'password-reset',
      data: { token },
    })
  }

  async resetPassword(token: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password)
    const userId = await this.#em().transactional(async (em) => {
      const id = await this.#spendOneTimeToken(em, token, 'password_reset')
      // The reset link was opened from the account's mailbox: its address is confirmed.
      await em.execute(`UPDATE edu_users SET password_hash = ?, email_verified = true, updated_at = now() WHERE id = ?`, [passwordHash, id])
      await em.execute(`UPDATE edu_refresh_tokens SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL`, [id])
      return id
    })
    await this.#forget(userId)
  }

  async listPendingTeachers(limit: number, cursor?: string) {
    const after = cursor ? decodeCursor(cursor, PendingCursor) : undefined
    const rows = await this.#em().execute<Array<{ id: string; email: string; name: string; role: Role; is_verified: boolean; email_verified: boolean; created_at: string }>>(
      `SELECT id, email, name, role, is_verified, email_verified, created_at FROM edu_users
       WHERE role = 'teacher' AND NOT is_verified ${after ? 'AND (created_at, id) > (?::timestamptz, ?::uuid)' : ''}
       ORDER BY created_at, id LIMIT ?`,
      after ? [after[0], after[1], limit + 1] : [limit + 1],
    )
    return toPage(
      rows,
      limit,
      (r) => ({ ...toUserView({ id: r.id, email: r.email, name: r.name, role: r.role, isVerified: r.is_verified, emailVerified: r.email_verified }), createdAt: new Date(r.created_at).toISOString() }),
      // Raw results keep PostgreSQL's microseconds, so the cursor is exact.
      (r) => [r.created_at, r.id],
    )
  }

  async verifyTeacher(id: string): Promise<UserView> {
    const user = await this.#em().transactional(async (em) => {
      const found = await em.findOne(User, { id })
      if (!found) throw new NotFound('User not found')
      if (found.role !== 'teacher') throw new Conflict('Only teachers are verified by an admin')
      if (!found.isVerified) {
        found.isVerified = true
        await this.deps.events.emit(em, 'teacher.verified', { userId: found.id })
      }
      return found
    })
    // The id as the database spells it: the route takes a uuid in either case, and the cache keys of the
    // user and of their sessions' revision are the lower-case id their tokens carry.
    await this.#forget(user.id)
    return toUserView(user)
  }

  /** Changes what a user may change about themselves; `user.updated` tells plugins that show names. */
  async updateProfile(userId: string, changes: { name?: string }): Promise<UserView> {
    let eventId: string | undefined
    const user = await this.#em().transactional(async (em) => {
      const found = await em.findOne(User, { id: userId })
      if (!found) throw new NotFound('This account no longer exists')
      if (changes.name !== undefined && changes.name !== found.name) {
        found.name = changes.name
        eventId = await this.deps.events.emit(em, 'user.updated', { userId, fields: ['name'] })
      }
      return found
    })
    // The cached user goes first, then the subscribers run (they rebuild views that show the name).
    await this.#forget(userId)
    if (eventId) await this.deps.events.deliverNow(eventId)
    return toUserView(user)
  }

  /** Creates the admin named by EDU_ADMIN_EMAIL if it does not exist; keeps an existing one as it is. */
  async ensureAdmin(email: string, password: string): Promise<{ created: boolean }> {
    const existing = await this.#em().findOne(User, { email: email.toLowerCase(), embedded: false }, { connectionType: 'write' })
    if (existing) {
      if (existing.role !== 'admin') throw new Error(`EDU_ADMIN_EMAIL ${email} belongs to a ${existing.role}, not an admin`)
      return { created: false }
    }
    await this.createUser({ email, password, name: 'Administrator', role: 'admin', emailVerified: true })
    return { created: true }
  }
}
