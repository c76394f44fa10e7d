import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import type { EngineConfig } from '../config.ts'
import { checkConfigOption } from '../config-option.ts'
import { createError } from '../http/errors.ts'
import { sha256 } from './secrets.ts'

/** A number of attempts per time window. */
export const LimitSchema = Type.Object({
  max: Type.Integer({ minimum: 1, description: 'Attempts allowed in the window' }),
  timeWindowMs: Type.Integer({ minimum: 1, description: 'The window, ms' }),
}, { additionalProperties: false })
export type Limit = Static<typeof LimitSchema>

/** Defaults of CONTRACT.md's credential routes (see docs/configuration.md). */
export const DEFAULT_ADDRESS_LIMIT: Limit = { max: 300, timeWindowMs: 60_000 }
/** Sign-in attempts against one account from one client address; reset mails per account. */
export const DEFAULT_ACCOUNT_LIMIT: Limit = { max: 10, timeWindowMs: 15 * 60_000 }
/** Sign-in attempts against one account from every address together: guessing spread over many addresses. */
export const DEFAULT_ACCOUNT_CEILING: Limit = { max: 100, timeWindowMs: 15 * 60_000 }
/** New students per embed key: a school's whole first morning fits; a runaway loop or a leaked key is stopped. */
export const DEFAULT_EMBED_NEW_STUDENT_LIMIT: Limit = { max: 2000, timeWindowMs: 10 * 60_000 }

export const TooManyAttempts = createError('EDU_RATE_LIMITED', '%s', 429)

/** A limit of edu.config.ts's `auth` that `LimitSchema` refuses; the message is one line naming the field (`checkConfigOption`). */
export class LimitConfigError extends Error {
  override name = 'LimitConfigError'
}

/** The limits of `auth` in edu.config.ts, each its default when unset. */
export interface CredentialLimits {
  /** `auth.rateLimit`: each credential route, per client address. */
  address: Limit
  /** `auth.accountRateLimit`: sign-in attempts per account and client address; reset mails per account. */
  account: Limit
  /** `auth.accountCeiling`: sign-in attempts per account from every address. */
  accountCeiling: Limit
  /** `auth.embedNewStudentLimit`: new students per embed API key. */
  embedNewStudents: Limit
}

/**
 * Checks and completes the limits of `auth`: each unset one is its default; a set one must be what `LimitSchema`
 * accepts, `{ max, timeWindowMs }` of whole numbers from 1 (attempts; milliseconds). Anything else throws a
 * `LimitConfigError`, e.g. `auth.accountCeiling.max in edu.config.ts must be >= 1; got 0`.
 */
export function credentialLimits(auth: EngineConfig['auth']): CredentialLimits {
  return {
    address: checkedLimit('auth.rateLimit', auth?.rateLimit, DEFAULT_ADDRESS_LIMIT),
    account: checkedLimit('auth.accountRateLimit', auth?.accountRateLimit, DEFAULT_ACCOUNT_LIMIT),
    accountCeiling: checkedLimit('auth.accountCeiling', auth?.accountCeiling, DEFAULT_ACCOUNT_CEILING),
    embedNewStudents: checkedLimit('auth.embedNewStudentLimit', auth?.embedNewStudentLimit, DEFAULT_EMBED_NEW_STUDENT_LIMIT),
  }
}

function checkedLimit(field: string, value: unknown, fallback: Limit): Limit {
  if (value === undefined) return fallback
  const { max, timeWindowMs } = checkConfigOption(field, LimitSchema, value, '{ max, timeWindowMs }', (line) => new LimitConfigError(line))
  return { max, timeWindowMs }
}

/** The account a credential request names: a hash of its body's email, lower-cased ('' when it has none). */
export const accountOf = (request: FastifyRequest): string =>
  sha256(String((request.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase())

/**
 * Attempts counted under a key: by default the account (its email) whatever address they come from.
 * Each attempt is counted before the password is checked, so a burst of parallel guesses cannot slip
 * past the count. Kept in the rate limiter's store: Redis when REDIS_URL is set, shared by every
 * engine; in-process otherwise.
 */
export class AccountLimiter {
  readonly #limit: ReturnType<FastifyInstance['createRateLimit']>
  readonly #message: string

  /** `keyOf`: what is counted (default: the account's email); `message` says what was too many. */
  constructor(app: FastifyInstance, limit: Limit, purpose: string, options: { keyOf?: (request: FastifyRequest) => string; message?: string } = {}) {
    const keyOf = options.keyOf ?? accountOf
    this.#message = options.message ?? 'Too many attempts for this account'
    this.#limit = app.createRateLimit({ max: limit.max, timeWindow: limit.timeWindowMs, keyGenerator: (request) => `${purpose}:${keyOf(request)}` })
  }

  /** Counts an attempt; refuses with 429 (`Retry-After`: seconds until the window ends) when it is one too many. */
  async count(request: FastifyRequest): Promise<void> {
    const state = await this.#limit(request)
    if (!state.isAllowed && state.isExceeded) this.#refuse(state.ttlInSeconds)
  }

  #refuse(seconds: number): never {
    const wait = Math.max(1, seconds)
    throw Object.assign(new TooManyAttempts(`${this.#message}; try again in ${wait} seconds`), {
      headers: { 'retry-after': String(wait) },
    })
  }
}

/**
 * Sign-in attempts against one account, counted twice before the password is checked:
 * - per account and client address (`perAddress`, default 10 per 15 minutes): one address guessing one account;
 * - per account from every address (`ceiling`, default 100 per 15 minutes): guessing spread over many addresses.
 * Someone who knows an email cannot lock its owner out from elsewhere: their failures fill their own
 * address's count, and the owner's address has its own, until the whole account reaches the ceiling.
 * Only attempts the address's count lets through reach the ceiling's, so one address that goes on after
 * its 10 does not bring the account nearer to it. The client address is Fastify's `request.ip`:
 * `X-Forwarded-For` only from trusted proxies (`http.trustProxy`, `EDU_TRUST_PROXY`), as every limit.
 * A refusal is 429 problem+json `EDU_RATE_LIMITED` with `Retry-After` (seconds left in that window).
 */
export class SignInLimiter {
  readonly #perAddress: AccountLimiter
  readonly #ceiling: AccountLimiter

  constructor(app: FastifyInstance, limits: { perAddress: Limit; ceiling: Limit }) {
    this.#perAddress = new AccountLimiter(app, limits.perAddress, 'login', {
      keyOf: (request) => `${accountOf(request)}:${request.ip}`,
      message: 'Too many sign-in attempts for this account from this address',
    })
    this.#ceiling = new AccountLimiter(app, limits.ceiling, 'login-all', { message: 'Too many sign-in attempts for this account' })
  }

  /** Counts a sign-in attempt; refuses with 429 when it is one too many from this address, or for the account. */
  async count(request: FastifyRequest): Promise<void> {
    await this.#perAddress.count(request)
    await this.#ceiling.count(request)
  }
}
