import type { FastifyInstance, FastifyRequest, preValidationHookHandler } from 'fastify'
import type { Redis } from 'ioredis'
import { AiQuotaExceeded, AiRateLimited } from '../errors.ts'
import type { AiTutorOptions } from '../options.ts'

const MINUTE_MS = 60_000
const DAY_MS = 24 * 3600 * 1000
/**
 * Callers of each kind (users, anonymous addresses) whose windows an engine without Redis keeps; beyond, the
 * least recently seen go first (their counts restart).
 */
const MAX_LOCAL_CALLERS = 100_000

/** Signed-in users are counted by id, anonymous callers (preview summaries) by address. */
const who = (request: FastifyRequest) => (request.user ? `${request.user.kind}:${request.user.id}` : `ip:${request.ip}`)

/**
 * Counts of one request against both limits: the minute's count and the milliseconds left of its window,
 * then the day's (0 and 0 when the minute refused the request, which then does not count for the day).
 */
type Counts = [minute: number, minuteTtlMs: number, day: number, dayTtlMs: number]

/**
 * Both windows in one script, so a request costs one Redis round trip. Fixed windows that start at a key's
 * first request (INCR, then PEXPIRE on 1), as `@fastify/rate-limit` counts them, under the same key names.
 */
const SCRIPT = `
local function hit(key, window)
  local n = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if n == 1 or ttl < 0 then
    redis.call('PEXPIRE', key, window)
    ttl = window
  end
  return n, ttl
end
local minute, minuteTtl = hit(KEYS[1], tonumber(ARGV[1]))
if minute > tonumber(ARGV[2]) then return {minute, minuteTtl, 0, 0} end
local day, dayTtl = hit(KEYS[2], tonumber(ARGV[3]))
return {minute, minuteTtl, day, dayTtl}
`

type LimitRedis = Redis & { eduAiLimits?: (minuteKey: string, dayKey: string, minuteMs: number, perMinute: number, dayMs: number) => Promise<Counts> }

/** The two windows of one caller, in an engine without Redis. */
interface LocalWindows { minute: number; minuteEnds: number; day: number; dayEnds: number }

/**
 * The AI routes' own limits: `ratePerMinute` requests a minute and `dailyQuota` requests a day per user, in
 * fixed windows that start at the user's first request. Counted in Redis when the engine has it, so every
 * engine shares them (one round trip for both), else in this process. Beyond either: 429 problem+json with
 * `Retry-After` (seconds until the window ends). Every request to an AI route counts, cached or not; one
 * refused by the minute's limit does not count for the day. If Redis cannot be reached, requests pass.
 */
export function aiLimits(app: FastifyInstance, options: AiTutorOptions): AiLimits {
  const local = app.hasDecorator('redis') ? undefined : localCounts(options.ratePerMinute)
  const count = local ?? redisCounts(app.redis as LimitRedis, `${app.edu.config.redis?.namespace ?? 'edu'}:rl:`, options.ratePerMinute)
  const refusal = ([minute, minuteTtl, day, dayTtl]: Counts): Error | undefined => {
    if (minute > options.ratePerMinute) {
      const wait = Math.ceil(minuteTtl / 1000)
      return Object.assign(new AiRateLimited(wait), { headers: { 'retry-after': String(wait) } })
    }
    if (day > options.dailyQuota) {
      const wait = Math.ceil(dayTtl / 1000)
      return Object.assign(new AiQuotaExceeded(options.dailyQuota, wait), { headers: { 'retry-after': String(wait) } })
    }
    return undefined
  }
  // Counted in this process, a request passes without a promise.
  const hook: preValidationHookHandler = function aiLimit(request, _reply, done) {
    const counts = count(who(request))
    if (Array.isArray(counts)) return done(refusal(counts))
    counts.then((c) => done(refusal(c)), done)
  }
  return {
    hook,
    countUserAtOnce: local
      ? (user) => local.countIfAllowed(`${user.kind}:${user.id}`, options.dailyQuota)
      : () => false,
  }
}

/** The AI routes' limits (`aiLimits`). */
export interface AiLimits {
  /** The routes' `preValidation` hook: counts the request, or refuses it with 429. */
  hook: preValidationHookHandler
  /**
   * Counts a signed-in user's request at once if both windows let it through, as `hook` would; false (not counted)
   * when either would refuse it, or when it cannot tell without a promise (Redis): then send it through `hook`.
   */
  countUserAtOnce(user: { kind: string; id: string }): boolean
}

function redisCounts(redis: LimitRedis, prefix: string, perMinute: number): (caller: string) => Promise<Counts> {
  if (!redis.eduAiLimits) redis.defineCommand('eduAiLimits', { numberOfKeys: 2, lua: SCRIPT })
  const allowed: Counts = [0, 0, 0, 0]
  return (caller) => redis.eduAiLimits!(`${prefix}ai-minute:${caller}`, `${prefix}ai-day:${caller}`, MINUTE_MS, perMinute, DAY_MS)
    .catch(() => allowed)
}

/** Both windows counted in this process (see `localCounts`). */
export interface LocalCounts {
  /** Counts one request of `caller`. */
  (caller: string): Counts
  /**
   * Counts one request of `caller` only if neither window refuses it (at most `perMinute` this minute and
   * `dailyQuota` today, this one included); whether it did. A request it declines is not counted.
   */
  countIfAllowed(caller: string, dailyQuota: number): boolean
}

/**
 * Both windows counted in this process. Users and anonymous addresses are kept apart, so a flood of
 * addresses (cheap with IPv6) cannot push users' windows out and restart their quota; in each, the least
 * recently seen caller goes first (a Map keeps insertion order: a caller seen again moves to its end).
 */
export function localCounts(perMinute: number, maxPerKind = MAX_LOCAL_CALLERS): LocalCounts {
  const users = new Map<string, LocalWindows>()
  const addresses = new Map<string, LocalWindows>()
  /** The caller's windows, moved to the end of their map, each restarted if it ended. */
  const windowsOf = (caller: string, now: number): LocalWindows => {
    const windows = caller.startsWith('ip:') ? addresses : users
    let w = windows.get(caller)
    if (w) {
      windows.delete(caller)
    } else {
      if (windows.size >= maxPerKind) windows.delete(windows.keys().next().value!)
      w = { minute: 0, minuteEnds: 0, day: 0, dayEnds: 0 }
    }
    windows.set(caller, w)
    if (w.minuteEnds <= now) {
      w.minute = 0
      w.minuteEnds = now + MINUTE_MS
    }
    return w
  }
  const restartDay = (w: LocalWindows, now: number) => {
    if (w.dayEnds <= now) {
      w.day = 0
      w.dayEnds = now + DAY_MS
    }
  }
  const count = (caller: string): Counts => {
    const now = Date.now()
    const w = windowsOf(caller, now)
    w.minute += 1
    if (w.minute > perMinute) return [w.minute, w.minuteEnds - now, 0, 0]
    restartDay(w, now)
    w.day += 1
    return [w.minute, w.minuteEnds - now, w.day, w.dayEnds - now]
  }
  return Object.assign(count, {
    countIfAllowed(caller: string, dailyQuota: number): boolean {
      const now = Date.now()
      const w = windowsOf(caller, now)
      restartDay(w, now)
      if (w.minute >= perMinute || w.day >= dailyQuota) return false
      w.minute += 1
      w.day += 1
      return true
    },
  })
}
