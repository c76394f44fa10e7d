import type { FastifyInstance, FastifyRequest } from 'fastify'
import { createError } from '../http/errors.ts'
import { sha256 } from './secrets.ts'

/** A number of attempts per time window. */
export interface Limit {
  max: number
  timeWindowMs: number
}

/** Defaults of CONTRACT.md's credential routes (see docs/configuration.md). */
export const DEFAULT_ADDRESS_LIMIT: Limit = { max: 300, timeWindowMs: 60_000 }
export const DEFAULT_ACCOUNT_LIMIT: Limit = { max: 10, timeWindowMs: 15 * 60_000 }
/** New students per embed key: a school's whole first morning fits; a runaway loop or a leaked key is stopped. */
export const DEFAULT_EMBED_NEW_STUDENT_LIMIT: Limit = { max: 2000, timeWindowMs: 10 * 60_000 }

export const TooManyAttempts = createError('EDU_RATE_LIMITED', '%s', 429)

/**
 * Attempts against one account (its email), whatever address they come from: sign-ins and reset mails.
 * Each attempt is counted before the password is checked, so a burst of parallel guesses cannot slip
 * past the count. Kept in the rate limiter's store: Redis when REDIS_URL is set, shared by every
 * engine; in-process otherwise.
 */
export class AccountLimiter {
  readonly #limit: ReturnType<FastifyInstance['createRateLimit']>

  /** `keyOf`: what is counted (default: the account's email); `message` says what was too many. */
  constructor(app: FastifyInstance, limit: Limit, purpose: string, options: { keyOf?: (request: FastifyRequest) => string; message?: string } = {}) {
    const keyOf = options.keyOf ?? ((request: FastifyRequest) => sha256(String((request.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()))
    this.#message = options.message ?? 'Too many attempts for this account'
    this.#limit = app.createRateLimit({ max: limit.max, timeWindow: limit.timeWindowMs, keyGenerator: (request) => `${purpose}:${keyOf(request)}` })
  }

  readonly #message: string

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
