import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** A random URL-safe secret (256 bits by default). */
export const randomSecret = (bytes = 32) => randomBytes(bytes).toString('base64url')

/** Tokens are stored only as their SHA-256: a database leak reveals no usable token. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
