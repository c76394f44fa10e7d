import { currentEm } from '../db/current-em.ts'
import type { FastifyBaseLogger } from 'fastify'
import type { MikroORM } from '@mikro-orm/postgresql'
import { Type } from 'typebox'
import type { Cache } from '../cache/cache.ts'
import { decodeCursor, toPage } from '../db/pagination.ts'
import { NotFound } from '../http/errors.ts'
import { ApiKey } from './entities.ts'
import type { ApiKeyScope } from './schemas.ts'
import { randomSecret, safeEqual, sha256 } from './secrets.ts'

export const API_KEY_PREFIX = 'edu_'
const KEY = /^edu_([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]{43})$/
/** `lastUsedAt` is written at most this often per key (a write per request would cost more than the request). */
export const LAST_USED_PRECISION_MS = 60_000
const ListCursor = Type.Tuple([Type.String(), Type.String({ format: 'uuid' })])

interface ApiKeyRow { id: string; name: string; prefix: string; scopes: string[]; school: string | null; created_at: string; last_used_at: Date | null }

const toView = (k: ApiKeyRow) => ({
  id: k.id, name: k.name, prefix: `${API_KEY_PREFIX}${k.prefix}`, scopes: k.scopes as ApiKeyScope[], school: k.school,
  createdAt: new Date(k.created_at).toISOString(), lastUsedAt: k.last_used_at ? new Date(k.last_used_at).toISOString() : null,
})

/** The key that authenticated a request. */
export interface AuthenticatedKey {
  id: string
  name: string
  /** `edu_` and the public part of the key, to recognise it. */
  prefix: string
  scopes: ApiKeyScope[]
  /**
   * Whose users the key's embedded sessions belong to: the key's `school`, or, for a key that names none,
   * `key:<its id>` (no `school` value can contain ':', so no named school can share its students).
   */
  school: string
}

/** The school of a key that names none (migration 005 moved older students to this form). */
export const implicitSchool = (keyId: string) => `key:${keyId}`

interface CachedKey extends AuthenticatedKey { secretHash: string; revoked: boolean }

/** Integrator API keys: `edu_<prefix>.<secret>`, stored as the prefix and the secret's SHA-256. */
export class ApiKeyService {
  private readonly orm: MikroORM
  private readonly cache: Cache
  private readonly log: FastifyBaseLogger
  /** When this engine last wrote each key's `lastUsedAt` (ms since the epoch). */
  readonly #lastWritten = new Map<string, number>()

  constructor(orm: MikroORM, cache: Cache, log: FastifyBaseLogger) {
    this.orm = orm
    this.cache = cache
    this.log = log
  }

  async create(input: { name: string; scopes: ApiKeyScope[]; school?: string }, createdBy: string) {
    const em = this.orm.em.fork()
    const prefix = randomSecret(9)
    const secret = randomSecret()
    const key = em.create(ApiKey, { name: input.name, prefix, secretHash: sha256(secret), scopes: input.scopes, school: input.school ?? null, createdBy })
    await em.flush()
    const view = toView({ ...key, created_at: key.createdAt.toISOString(), last_used_at: null, scopes: key.scopes as string[], school: key.school ?? null })
    return { apiKey: view, secret: `${API_KEY_PREFIX}${prefix}.${secret}` }
  }

  /** Active keys, newest first, a page at a time. */
  async list(limit: number, cursor?: string) {
    const after = cursor ? decodeCursor(cursor, ListCursor) : undefined
    const rows = await currentEm(this.orm).execute<ApiKeyRow[]>(
      `SELECT id, name, prefix, scopes, school, created_at, last_used_at FROM edu_api_keys
       WHERE revoked_at IS NULL ${after ? 'AND (created_at, id) < (?::timestamptz, ?::uuid)' : ''}
       ORDER BY created_at DESC, id DESC LIMIT ?`,
      after ? [after[0], after[1], limit + 1] : [limit + 1],
    )
    // Raw rows keep PostgreSQL's microseconds, so the cursor is exact.
    return toPage(rows, limit, toView, (r) => [r.created_at, r.id])
  }

  async revoke(id: string): Promise<void> {
    const em = this.orm.em.fork()
    const key = await em.findOne(ApiKey, { id, revokedAt: null })
    if (!key) throw new NotFound('API key not found')
    key.revokedAt = new Date()
    await em.flush()
    await this.cache.invalidate(`apikey:v2:${key.prefix}`)
  }

  looksLikeKey(token: string): boolean {
    return token.startsWith(API_KEY_PREFIX)
  }

  /** The key, or undefined when the secret is wrong or the key revoked. The caller notes its use (`noteUse`). */
  async authenticate(token: string): Promise<AuthenticatedKey | undefined> {
    const match = KEY.exec(token)
    if (!match) return undefined
    const [, prefix, secret] = match as unknown as [string, string, string]
    const key = await this.cache.wrap<CachedKey | null>(`apikey:v2:${prefix}`, 60, async () => {
      const found = await currentEm(this.orm).findOne(ApiKey, { prefix }, { connectionType: 'write' })
      if (!found) return null
      return {
        id: found.id, name: found.name, prefix: `${API_KEY_PREFIX}${found.prefix}`, scopes: found.scopes as ApiKeyScope[],
        school: found.school ?? implicitSchool(found.id), secretHash: found.secretHash, revoked: found.revokedAt !== null,
      }
    })
    if (!key || key.revoked || !safeEqual(key.secretHash, sha256(secret))) return undefined
    return { id: key.id, name: key.name, prefix: key.prefix, scopes: key.scopes, school: key.school }
  }

  /**
   * Records that a key was used for a request the engine carried out (authentication notes it only
   * for replies below 400: a refused request is no use). Writes `lastUsedAt` at most once a minute
   * per key: this engine remembers its last write, and the UPDATE skips a row another engine wrote
   * within the minute. A failed write is logged, never fatal.
   */
  async noteUse(id: string): Promise<void> {
    const now = Date.now()
    if (now - (this.#lastWritten.get(id) ?? 0) < LAST_USED_PRECISION_MS) return
    this.#lastWritten.set(id, now)
    const at = new Date(now)
    await currentEm(this.orm).execute(
      `UPDATE edu_api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)`,
      [at, id, new Date(now - LAST_USED_PRECISION_MS)],
    ).catch((error: unknown) => this.log.warn({ err: error, apiKey: id }, 'could not record when an API key was used'))
  }
}
