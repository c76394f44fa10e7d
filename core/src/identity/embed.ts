import { randomBytes } from 'node:crypto'
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'
import type { EventBus } from '../events/bus.ts'
import { Conflict } from '../http/errors.ts'
import type { AuthenticatedKey } from './api-keys.ts'
import { User } from './entities.ts'
import type { UserView } from './schemas.ts'
import { toUserView, type IdentityService } from './service.ts'

export interface EmbedSessionInput {
  externalUserId: string
  email?: string
  name?: string
}

export interface EmbedSessionResult {
  accessToken: string
  expiresAt: string
  expiresIn: number
  user: UserView
}

/**
 * The address of an embedded student who has no usable email: random (128 bits), so nobody can
 * foresee it, and in `.invalid` (RFC 2606/6761), which no caller may register or pass (`EmailAddress`),
 * so nobody can take it first. The student is found by (school, externalUserId), never by address.
 */
const placeholderEmail = () => `student-${randomBytes(16).toString('hex')}@embedded.invalid`

/** Two first calls for the same student raced; the loser reads the winner's link. */
class LinkTaken extends Error {}

/**
 * Sessions for the students of embedding schools (CONTRACT.md, Embedding). A school's backend, holding an
 * API key with the `embed` scope, trades its own user id for a short-lived student token: the student
 * account is created on first use and linked to the key's school by `externalUserId`. An account is
 * never linked by email: a key that could claim any email could take over any account. An email that
 * another account already has (a self-registered user, another school's student, another student of
 * the same school) is not given to the new student: the student is created with a placeholder
 * address instead, so the session opens and the other account stays as it is.
 */
export class EmbedService {
  private readonly orm: MikroORM
  private readonly identity: IdentityService
  private readonly events: EventBus
  private readonly ttlSeconds: number

  constructor(deps: { orm: MikroORM; identity: IdentityService; events: EventBus }, ttlSeconds: number) {
    this.orm = deps.orm
    this.identity = deps.identity
    this.events = deps.events
    this.ttlSeconds = ttlSeconds
  }

  /** Opens a session for the school's student, creating the student on first use. */
  async openSession(key: AuthenticatedKey, input: EmbedSessionInput): Promise<EmbedSessionResult> {
    try {
      return await this.#open(key, input)
    } catch (error) {
      // A first call raced another: two for the same student (the loser's account was rolled back and
      // the winner's link stands), or anything that took the student's email in between (the second
      // try sees it taken and gives a placeholder).
      if (!(error instanceof LinkTaken || error instanceof Conflict)) throw error
      return this.#open(key, input)
    }
  }

  async #linkedUser(em: EntityManager, school: string, externalUserId: string): Promise<string | undefined> {
    const [row] = await em.execute<Array<{ user_id: string }>>(
      `SELECT user_id FROM edu_external_users WHERE school = ? AND external_user_id = ?`, [school, externalUserId],
    )
    return row?.user_id
  }

  async #open(key: AuthenticatedKey, input: EmbedSessionInput): Promise<EmbedSessionResult> {
    let renamed = false
    const result = await this.orm.em.fork().transactional(async (em) => {
      const linked = await this.#linkedUser(em, key.school, input.externalUserId)
      let user: User
      if (linked) {
        user = (await em.findOne(User, { id: linked }))!
        renamed = input.name !== undefined && input.name !== user.name
      } else {
        user = await this.#createStudent(em, key.school, input)
      }
      const session = await this.identity.openShortSession(em, user, this.ttlSeconds)
      return { accessToken: session.accessToken, expiresAt: session.expiresAt.toISOString(), expiresIn: this.ttlSeconds, user: toUserView(user) }
    })
    // A new name goes through the profile path: cached views of the name are rebuilt (`user.updated`).
    if (renamed) result.user = await this.identity.updateProfile(result.user.id, { name: input.name! })
    return result
  }

  /** Whether the address is free (lower-cased as accounts store it). */
  async #emailFree(em: EntityManager, email: string): Promise<boolean> {
    const rows = await em.execute(`SELECT 1 FROM edu_users WHERE email = ?`, [email.toLowerCase()])
    return rows.length === 0
  }

  async #createStudent(em: EntityManager, school: string, input: EmbedSessionInput): Promise<User> {
    const email = input.email !== undefined && await this.#emailFree(em, input.email) ? input.email : placeholderEmail()
    // A Conflict here (the address was taken a moment ago) is retried by openSession.
    const user = await this.identity.createUser({ email, password: null, name: input.name ?? 'Student', role: 'student', isVerified: true }, em)
    const [link] = await em.execute<Array<{ user_id: string }>>(
      `INSERT INTO edu_external_users (school, external_user_id, user_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING user_id`,
      [school, input.externalUserId, user.id],
    )
    if (!link) throw new LinkTaken()
    await this.events.emit(em, 'user.registered', { userId: user.id, email: user.email, role: 'student' })
    return user
  }
}
