import { createHash } from 'node:crypto'

/** A short, stable content hash (SHA-256, base64url, 16 characters): the "version" of a text in cache keys. */
export function fingerprint(...parts: string[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\u0000')
  return hash.digest('base64url').slice(0, 16)
}
