import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { EduApp } from '@eduplatform/core'
import { isNotificationType, type NotificationType } from '../notification-types.ts'

const KEY_NAME = 'unsubscribe'

/**
 * Unsubscribe links (RFC 8058 one-click and the link in the body): `<user>.<type>.<HMAC-SHA256>`, all
 * base64url, signed with a key from the options or generated once and kept in `notification_keys`, so
 * every engine instance accepts the links of every other. They do not expire: a mail may be read late.
 */
export class UnsubscribeTokens {
  readonly #app: EduApp
  readonly #configured: string | undefined
  #key: Promise<Buffer> | undefined

  constructor(app: EduApp, configuredSecret: string | undefined) {
    this.#app = app
    this.#configured = configuredSecret
  }

  #secret(): Promise<Buffer> {
    this.#key ??= (async () => {
      if (this.#configured) return Buffer.from(this.#configured)
      const em = this.#app.orm.em.fork()
      await em.execute(`INSERT INTO notification_keys (name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, [KEY_NAME, randomBytes(32).toString('base64url')])
      const [row] = await em.execute<Array<{ secret: string }>>(`SELECT secret FROM notification_keys WHERE name = ?`, [KEY_NAME])
      return Buffer.from(row!.secret)
    })().catch((err: unknown) => {
      this.#key = undefined
      throw err
    })
    return this.#key
  }

  /** Reads (or makes, once for every engine) the signing key; at start, so no request or handler has to. */
  async load(): Promise<void> {
    await this.#secret()
  }

  async sign(userId: string, type: NotificationType): Promise<string> {
    const payload = `${Buffer.from(userId).toString('base64url')}.${Buffer.from(type).toString('base64url')}`
    return `${payload}.${createHmac('sha256', await this.#secret()).update(payload).digest('base64url')}`
  }

  /** The user and type a token names; undefined for anything this engine did not sign. */
  async verify(token: string): Promise<{ userId: string; type: NotificationType } | undefined> {
    const parts = token.split('.')
    if (parts.length !== 3) return undefined
    const [user, type, mac] = parts as [string, string, string]
    const expected = createHmac('sha256', await this.#secret()).update(`${user}.${type}`).digest()
    const given = Buffer.from(mac, 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
    const userId = Buffer.from(user, 'base64url').toString()
    const typeName = Buffer.from(type, 'base64url').toString()
    return isNotificationType(typeName) ? { userId, type: typeName } : undefined
  }
}
