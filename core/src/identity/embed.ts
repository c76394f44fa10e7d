import { randomBytes } from 'node:crypto'
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'
import type { EventBus } from '../events/bus.ts'
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
 * The address of an embedded student whose school gave none: random (128 bits) and in `.invalid`
 * (RFC 2606/6761), which no caller may register or pass (`EmailAddress`), and no mail can reach.
 */
const placeholderEmail = () => `student-${randomBytes(16).toString('hex')}@embedded.invalid`

/** Two first calls for the same student raced; the loser reads the winner's link. */
class LinkTaken extends Error {}

/**
 * Sessions for the students of embedding schools (CONTRACT.md, Embedding). A school's backend, holding an
 * API key with the `embed` scope, trades its own user id for a short-lived student token: the student
 * account is created on first use and linked to the key's school by `externalUserId`. A school's
 * student is an identity of that school, found only by (school, externalUserId). The email a school
 * gives is contact data, fixed when the student is created (shown as `user.email` to the student and the
 * school only; see `IdentityService.shownEmails`): nobody showed the school owns it, so it is never
 * confirmed or mailed, reserves nothing (its owner can still register it, as a separate account, and a
 * self-registered account with it stays as it is), and sign-in, password reset and registration never
 * find the student by it (`embedded` accounts; see IdentityService).
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

  /**
   * Opens a session for the school's student, creating the student on first use. `beforeCreating` runs
   * (inside the transaction) only when a new student is about to be created: the per-key limit, which
   * throws a 429 and so leaves nothing stored.
   */
  async openSession(key: AuthenticatedKey, input: EmbedSessionInput, beforeCreating: () => Promise<void> = async () => {}): Promise<EmbedSessionResult> {
    try {
      return await this.#open(key, input, beforeCreating)
    } catch (error) {
      // A first call raced another for the same student: the loser's account was rolled back and the
      // winner's link stands.
      if (!(error instanceof LinkTaken)) throw error
      return this.#open(key, input, beforeCreating)
    }
  }

  async #linkedUser(em: EntityManager, school: string, externalUserId: string): Promise<string | undefined> {
    const [row] = await em.execute<Array<{ user_id: string }>>(
      `SELECT user_id FROM edu_external_users WHERE school = ? AND external_user_id = ?`, [school, externalUserId],
    )
    return row?.user_id
  }

  async #open(key: AuthenticatedKey, input: EmbedSessionInput, beforeCreating: () => Promise<void>): Promise<EmbedSessionResult> {
    let renamed = false
    const result = await this.orm.em.fork().transactional(async (em) => {
      const linked = await this.#linkedUser(em, key.school, input.externalUserId)
      let user: User
      if (linked) {
        user = (await em.findOne(User, { id: linked }))!
        renamed = input.name !== undefined && input.name !== user.name
      } else {
        await beforeCreating()
        user = await this.#createStudent(em, key.school, input)
      }
      const session = await this.identity.openShortSession(em, user, this.ttlSeconds)
      return { accessToken: session.accessToken, expiresAt: session.expiresAt.toISOString(), expiresIn: this.ttlSeconds, user: toUserView(user) }
    })
    // A new name goes through the profile path: cached views of the name are rebuilt (`user.updated`).
    if (renamed) result.user = await this.identity.updateProfile(result.user.id, { name: input.name! })
    return result
  }

  async #createStudent(em: EntityManager, school: string, input: EmbedSessionInput): Promise<User> {
    const user = await this.identity.createUser(
      { email: input.email ?? placeholderEmail(), password: null, name: input.name ?? 'Student', role: 'student', isVerified: true, embedded: true },
      em,
    )
    const [link] = await em.execute<Array<{ user_id: string }>>(
      `INSERT INTO edu_external_users (school, external_user_id, user_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING user_id`,
      [school, input.externalUserId, user.id],
    )
    if (!link) throw new LinkTaken()
    await this.events.emit(em, 'user.registered', { userId: user.id, email: user.email, role: 'student' })
    return user
  }
}
