import { hash, verify } from '@node-rs/argon2'

/**
 * argon2id at one of OWASP's recommended settings (Password Storage Cheat Sheet: 46 MiB/t=1, 19 MiB/t=2,
 * 12 MiB/t=3, 9 MiB/t=4, 7 MiB/t=5, all p=1, of equal strength): 7 MiB, 5 passes, 1 lane. Of the five it
 * costs least when a classroom signs in at once: four hashes running together (libuv's pool) stay within a
 * server's shared cache, where 19 MiB each does not — 40 hashes at once took a median 221 ms against 416 ms
 * at 19 MiB/t=2 and 882 ms at 46 MiB/t=1 on a 2-core machine (`npm run bench -- logins`). A stored hash
 * carries its own parameters, so hashes made with another setting keep verifying.
 */
const PARAMS = { algorithm: 2 /* Algorithm.Argon2id, an ambient const enum */, memoryCost: 7_168, timeCost: 5, parallelism: 1 }

export const hashPassword = (password: string) => hash(password, PARAMS)

/** The stored hash of an account that has no password (an embedded student): nothing matches it. */
export const UNUSABLE_PASSWORD = '!'

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  if (stored === UNUSABLE_PASSWORD) {
    await burnPasswordCheck(password)
    return false
  }
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}

let dummy: Promise<string> | undefined
/** Spends the same time as a real check, so unknown emails are not revealed by timing. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password')
  await verifyPassword(await dummy, password)
}
