import { createHash, randomBytes } from 'node:crypto'
import type { Cache } from '@eduplatform/core'

const key = (token: string) => `notifications:stream-token:${createHash('sha256').update(token).digest('hex')}`

/**
 * Short-lived credentials for `GET /notifications/stream?token=` (EventSource cannot send headers). A
 * token is 192 random bits kept (as its SHA-256) in the shared cache for at most 60 s; it is not a JWT, so
 * no other route accepts it. It stays valid for its lifetime so EventSource can reconnect with it.
 */
export class StreamTokens {
  readonly #cache: Cache
  readonly #ttlSeconds: number

  constructor(cache: Cache, ttlSeconds: number) {
    this.#cache = cache
    this.#ttlSeconds = ttlSeconds
  }

  async issue(userId: string): Promise<{ token: string; expiresAt: string }> {
    const token = randomBytes(24).toString('base64url')
    await this.#cache.set(key(token), userId, this.#ttlSeconds)
    return { token, expiresAt: new Date(Date.now() + this.#ttlSeconds * 1000).toISOString() }
  }

  /** The user a token was issued to; undefined when unknown or expired. */
  async userOf(token: string): Promise<string | undefined> {
    return this.#cache.get<string>(key(token))
  }
}
