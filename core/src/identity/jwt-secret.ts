import { randomUUID } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { EngineConfig } from '../config.ts'

/** JWT_SECRET is missing where it is required, or too short: `npm start` says so in one line (`orExplain`). */
export class JwtSecretError extends Error {
  override name = 'JwtSecretError'
}

/**
 * The secret that signs access tokens: the configured one (JWT_SECRET), or — for the embedded default
 * only — one generated on first start and kept beside the embedded database.
 */
export async function jwtSecretFor(config: EngineConfig, embeddedDir: string | undefined): Promise<string> {
  const given = config.auth?.jwtSecret
  if (given) {
    if (given.length < 32) throw new JwtSecretError(`JWT_SECRET must be at least 32 characters (it has ${given.length}); e.g. openssl rand -base64 48`)
    return given
  }
  if (!embeddedDir) {
    throw new JwtSecretError('JWT_SECRET is required when DATABASE_URL is set: 32 or more random characters, the same on every engine of the database (e.g. openssl rand -base64 48)')
  }
  const file = join(embeddedDir, 'jwt-secret')
  try {
    return (await readFile(file, 'utf8')).trim()
  } catch {
    const secret = randomUUID() + randomUUID()
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, secret, { mode: 0o600 })
    return secret
  }
}
