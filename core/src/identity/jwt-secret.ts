import { randomUUID } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { EngineConfig } from '../config.ts'

/**
 * The secret that signs access tokens: the configured one (JWT_SECRET), or — for the embedded default
 * only — one generated on first start and kept beside the embedded database.
 */
export async function jwtSecretFor(config: EngineConfig, embeddedDir: string | undefined): Promise<string> {
  const given = config.auth?.jwtSecret
  if (given) {
    if (given.length < 32) throw new Error('JWT_SECRET must be at least 32 characters')
    return given
  }
  if (!embeddedDir) throw new Error('JWT_SECRET is required when DATABASE_URL is set')
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
