import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { EngineConfig } from '../config.ts'
import { createError } from './errors.ts'
import { frameworkProblem, sendProblem } from './problem.ts'

const OriginNotAllowed = createError('EDU_ORIGIN_NOT_ALLOWED', '%s', 403)

/** An entry of `EDU_CORS_ORIGINS` (or `http.corsOrigins`) that is not an origin; its message is one line for the person starting the engine. */
export class CorsOriginError extends Error {}

/**
 * One allowed origin in the form browsers send in `Origin` (RFC 6454): scheme, host and port only,
 * lower-case, no default port, no trailing slash. `https://School.Example/` (as copied from the address
 * bar) becomes `https://school.example`. Anything else (a path, a query, user info, `*`, a scheme other
 * than http/https) is refused with a `CorsOriginError` naming the entry.
 */
export function normaliseOrigin(entry: string): string {
  const refuse = (why: string) => new CorsOriginError(`EDU_CORS_ORIGINS: "${entry}" is not an origin (${why}); write it as scheme://host[:port], e.g. https://school.example`)
  let url: URL
  try {
    url = new URL(entry.trim())
  } catch {
    throw refuse('not a URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(`scheme ${url.protocol} is not http or https`)
  if (url.username || url.password) throw refuse('it has user info')
  if (url.pathname !== '/' || url.search || url.hash) throw refuse('an origin has no path, query or fragment')
  return url.origin
}

/** The origins a browser may call the engine from: `http.corsOrigins` normalised, and the origin of `http.publicUrl`. */
export function allowedOrigins(config: EngineConfig): string[] {
  const origins = new Set((config.http?.corsOrigins ?? []).map(normaliseOrigin))
  if (config.http?.publicUrl) origins.add(new URL(config.http.publicUrl).origin)
  return [...origins]
}

const EXPOSED = 'ETag, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset'
const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE'
const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, If-None-Match'
/** How long a browser may keep a preflight's answer, seconds. */
const MAX_AGE = '600'
/** How many distinct refused origins are logged; after that, one more line says the rest are not. */
const MAX_LOGGED_REFUSALS = 100

/**
 * CORS (Fetch standard §3.2) for the allowed origins, ahead of every other request hook, so that errors
 * raised by those hooks (415, 503 while stopping, 401, …) carry the CORS headers too and a browser lets
 * the page read the problem. One synchronous hook with its header values fixed at start (every request
 * passes it, nearly all without `Origin`), in place of `@fastify/cors`, whose hook cost ~3 µs a request.
 *
 * - Every reply says `Vary: Origin`; a reply to an allowed origin also `Access-Control-Allow-Origin: <origin>`
 *   and `Access-Control-Expose-Headers` (the engine's `ETag`, `Retry-After` and `RateLimit-*`). A browser reads
 *   those only on the reply to a CORS request, which carries `Origin` (Fetch standard §3.2.3), so a request
 *   without `Origin` (nearly all) gets neither.
 * - A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) from an allowed origin is a
 *   204 with the methods, request headers and max age (600 s) allowed; an `OPTIONS` request without those
 *   two headers is a 400 (`Invalid Preflight Request`); a preflight from an origin not allowed is a 403
 *   that says so (in the browser's network panel), not the 404 of a route that does not exist.
 * - A request from an origin not allowed is answered without CORS headers (the browser hides the reply)
 *   and logged at info, once per origin; not a same-origin request (a page the engine serves itself, such
 *   as /widgets/, whose browser sends `Origin` on POST), which needs no CORS.
 * - A route with `config: { cors: false }` (the widgets files, for any origin) gets none of this.
 * - Replies made before any hook runs (a malformed URL, a path segment over the router's limit) get the
 *   headers from `cors.addHeaders`, as a reply step (`reply-finisher.ts`) and in Fastify's `frameworkErrors`. Not
 *   possible: 414/431 refused by Node's HTTP parser, before the headers (and `Origin`) are read.
 */
export function registerCors(app: FastifyInstance, cors: CorsAllowList) {
  const { allowed } = cors
  const refused = new Set<string>()
  const exempt = exemptRoutes(app)
  app.addHook('onRequest', (request, reply, done) => {
    if (exempt(request)) return done()
    const origin = request.headers.origin
    if (reply.hasHeader('vary')) appendVary(reply)
    else reply.header('vary', 'Origin')
    if (origin !== undefined) {
      if (!allowed.has(origin)) return refuse(request, origin, done)
      allowOrigin(reply, origin)
    }
    if (request.method !== 'OPTIONS') return done()
    if (origin === undefined || !request.headers['access-control-request-method']) return sendProblem(reply, frameworkProblem(400, 'Invalid Preflight Request'))
    reply.header('access-control-allow-methods', METHODS).header('access-control-allow-headers', ALLOWED_HEADERS).header('access-control-max-age', MAX_AGE)
    reply.code(204).header('content-length', '0').send()
  })
  // Lets the router accept preflights for every path; the hook above answers them, so this only
  // sees what it passed on (an OPTIONS request from an origin not allowed, without a request method).
  app.options('*', { schema: { hide: true } }, (_request, reply) => reply.callNotFound())

  function refuse(request: FastifyRequest, origin: string, done: (error?: Error) => void) {
    if (refused.size < MAX_LOGGED_REFUSALS && !refused.has(origin) && !sameOrigin(origin, request.headers.host)) {
      refused.add(origin)
      app.log.info({ origin, allowed: [...allowed] }, `CORS: refused a request from ${origin}, which is not in EDU_CORS_ORIGINS (logged once per origin)`)
      if (refused.size === MAX_LOGGED_REFUSALS) app.log.info(`CORS: ${MAX_LOGGED_REFUSALS} origins refused; further ones are not logged`)
    }
    if (request.method !== 'OPTIONS' || !request.headers['access-control-request-method']) return done()
    done(new OriginNotAllowed(`The origin ${origin} is not allowed to call this engine from a browser: add it to EDU_CORS_ORIGINS`))
  }

}

/**
 * Whether a request's route says `config: { cors: false }`. Asked of every request, so the route's options
 * (an object Fastify builds on each read) are only read when the URL starts as such a route's path does.
 */
function exemptRoutes(app: FastifyInstance): (request: FastifyRequest) => boolean {
  const routes = new Set<string>()
  const prefixes = new Set<string>()
  app.addHook('onRoute', (route) => {
    if ((route.config as { cors?: unknown } | undefined)?.cors !== false) return
    prefixes.add(route.url.split(/[:*]/, 1)[0]!)
    for (const method of [route.method].flat()) routes.add(`${method} ${route.url}`)
  })
  return (request) => {
    if (prefixes.size === 0) return false
    for (const prefix of prefixes) {
      if (request.url.startsWith(prefix)) return routes.has(`${request.method} ${request.routeOptions.url}`)
    }
    return false
  }
}

/** Adds `Origin` to a `Vary` header already set, unless it is there (or `*`). */
function appendVary(reply: FastifyReply) {
  const vary = String(reply.getHeader('vary'))
  const names = vary.toLowerCase().split(/\s*,\s*/)
  if (!names.includes('origin') && !names.includes('*')) reply.header('vary', `${vary}, Origin`)
}

/** Whether `Origin` names the host the request was sent to (`Host`, with its port): the engine's own page. */
function sameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false
  try {
    return new URL(origin).host === new URL(`http://${host}`).host
  } catch {
    return false
  }
}

/** The headers that let the page of an allowed origin read a reply. */
function allowOrigin(reply: FastifyReply, origin: string) {
  reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', EXPOSED)
}

/**
 * The origins allowed to call the engine from a browser, as the one set that both CORS paths read: the
 * request hook (`registerCors`) and `addHeaders`, which sets the CORS headers of a reply to an allowed origin
 * when nothing set them yet, for replies made outside the request hooks (Fastify's `frameworkErrors`, and as
 * a reply step as every reply leaves).
 */
export interface CorsAllowList {
  readonly allowed: ReadonlySet<string>
  addHeaders(request: FastifyRequest, reply: FastifyReply): void
}

/** Builds the allow-list once, at start, from `allowedOrigins(config)`. */
export function corsAllowList(origins: readonly string[]): CorsAllowList {
  const allowed: ReadonlySet<string> = new Set(origins)
  return {
    allowed,
    addHeaders(request, reply) {
      const origin = request.headers.origin
      if (origin === undefined || !allowed.has(origin) || reply.hasHeader('access-control-allow-origin')) return
      allowOrigin(reply, origin)
      if (!reply.hasHeader('vary')) reply.header('vary', 'Origin')
      else appendVary(reply)
    },
  }
}
