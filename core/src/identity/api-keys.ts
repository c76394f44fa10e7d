import type { MikroORM } from '@mikro-orm/postgresql'
import type { Cache } from '../cache/cache.ts'
import { NotFound } from '../http/errors.ts'
import { ApiKey } from './entities.ts'
import { randomSecret, safeEqual, sha256 } from './secrets.ts'

export const API_KEY_PREFIX = 'edu_'
const KEY = /^edu_([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]{43})$/

export const toApiKeyView = (k: ApiKey) => ({
  id: k.id, name: k.name, prefix: `${API_KEY_PREFIX}${k.prefix}`, scopes: k.scopes as string[],
  createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
})

interface CachedKey { id: string; secretHash: string; scopes: string[]; revoked: boolean }

/** Integrator API keys: `edu_<prefix>.<secret>`, stored as the prefix and the secret's SHA-256. */
export class ApiKeyService {
  private readonly orm: MikroORM
  private readonly cache: Cache

  constructor(orm: MikroORM, cache: Cache) {
    this.orm = orm
    this.cache = cache
  }

  async create(name: string, scopes: string[], createdBy: string | null) {
    const em = this.orm.em.fork()
    const prefix = randomSecret(9)
    const secret = randomSecret()
    const key = em.create(ApiKey, { name, prefix, secretHash: sha256(secret), scopes, createdBy })
    await em.flush()
    return { apiKey: toApiKeyView(key), secret: `${API_KEY_PREFIX}${prefix}.${secret}` }
  }

  async list() {
    const keys = await this.orm.em.fork().find(ApiKey, { revokedAt: null }, { orderBy: { createdAt: 'desc' }, connectionType: 'write' })
    return keys.map(toApiKeyView)
  }

  async revoke(id: string): Promise<void> {
    const em = this.orm.em.fork()
    const key = await em.findOne(ApiKey, { id, revokedAt: null })
    if (!key) throw new NotFound('API key not found')
    key.revokedAt = new Date()
    await em.flush()
    await this.cache.del(`apikey:${key.prefix}`)
  }

  looksLikeKey(token: string): boolean {
    return token.startsWith(API_KEY_PREFIX)
  }

  /** The key's id and scopes, or undefined when the secret is wrong or the key revoked. */
  async authenticate(token: string): Promise<{ id: string; scopes: string[] } | undefined> {
    const match = KEY.exec(token)
    if (!match) return undefined
    const [, prefix, secret] = match as unknown as [string, string, string]
    const key = await this.cache.wrap<CachedKey | null>(`apikey:${prefix}`, 60, async () => {
      const found = await this.orm.em.fork().findOne(ApiKey, { prefix }, { connectionType: 'write' })
      return found ? { id: found.id, secretHash: found.secretHash, scopes: found.scopes as string[], revoked: found.revokedAt !== null } : null
    })
    if (!key || key.revoked || !safeEqual(key.secretHash, sha256(secret))) return undefined
    return { id: key.id, scopes: key.scopes }
  }
}
