import { hash, verify } from '@node-rs/argon2'

/**
 * argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): strong against GPU
 * cracking while a login costs about 20 ms of one core, so a 2-core engine still serves logins
 * under load. Raise memoryCost on bigger machines.
 */
const PARAMS = { algorithm: 2 /* Algorithm.Argon2id, an ambient const enum */, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

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
