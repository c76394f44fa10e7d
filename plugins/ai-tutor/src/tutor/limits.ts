import type { FastifyInstance, FastifyRequest, preValidationAsyncHookHandler } from 'fastify'
import { AiQuotaExceeded, AiRateLimited } from '../errors.ts'
import type { AiTutorOptions } from '../options.ts'

const DAY_MS = 24 * 3600 * 1000

/** Signed-in users are counted by id, anonymous callers (preview summaries) by address. */
const who = (request: FastifyRequest) => (request.user ? `${request.user.kind}:${request.user.id}` : `ip:${request.ip}`)

/**
 * The AI routes' own limits, counted through `@fastify/rate-limit` (in Redis when the engine has it, so every
 * instance shares them): `ratePerMinute` requests a minute and `dailyQuota` requests in a rolling day per user.
 * Beyond either: 429 problem+json with `Retry-After` (seconds). Every request to an AI route counts, cached or not.
 */
export function aiLimits(app: FastifyInstance, options: AiTutorOptions): preValidationAsyncHookHandler {
  const perMinute = app.createRateLimit({ max: options.ratePerMinute, timeWindow: 60_000, keyGenerator: (r) => `ai-minute:${who(r)}` })
  const perDay = app.createRateLimit({ max: options.dailyQuota, timeWindow: DAY_MS, keyGenerator: (r) => `ai-day:${who(r)}` })
  return async function aiLimit(request) {
    const minute = await perMinute(request)
    if (!minute.isAllowed && minute.isExceeded) {
      throw Object.assign(new AiRateLimited(minute.ttlInSeconds), { headers: { 'retry-after': String(minute.ttlInSeconds) } })
    }
    const day = await perDay(request)
    if (!day.isAllowed && day.isExceeded) {
      throw Object.assign(new AiQuotaExceeded(options.dailyQuota, day.ttlInSeconds), { headers: { 'retry-after': String(day.ttlInSeconds) } })
    }
  }
}
