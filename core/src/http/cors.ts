import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import cors from '@fastify/cors'
import type { EngineConfig } from '../config.ts'
import { createError } from './errors.ts'

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

const EXPOSED = ['ETag', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']
/** How many distinct refused origins are logged; after that, one more line says the rest are not. */
const MAX_LOGGED_REFUSALS = 100

/**
 * CORS (`@fastify/cors`) for the allowed origins, ahead of every other request hook, so that errors
 * raised by those hooks (415, 503 while stopping, 401, …) carry the CORS headers too and a browser
 * lets the page read the problem. Replies made before any hook runs (a malformed URL, a path segment
 * over the router's limit) get them from an `onSend` hook. A request from an origin that is not allowed
 * is answered without CORS headers (the browser hides the reply) and logged at info, once per origin.
 * Not possible: 414/431 refused by Node's HTTP parser, before the headers (and `Origin`) are read.
 */
export async function registerCors(app: FastifyInstance, origins: readonly string[]) {
  const allowed = new Set(origins)
  const refused = new Set<string>()
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin === undefined || allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-None-Match'],
    exposedHeaders: EXPOSED,
    maxAge: 600,
  })
  // A preflight from an origin that is not allowed: a 403 that says so (in the browser's network panel),
  // not the 404 of a route that does not exist.
  // Synchronous: every request passes here, nearly all of them at the first comparison.
  // Refusals are logged here, where the request's Host is known: a same-origin request (a page the
  // engine serves itself, such as /widgets/, whose browser sends `Origin` on POST) needs no CORS and is
  // not a refusal.
  app.addHook('onRequest', (request, _reply, done) => {
    const origin = request.headers.origin
    if (origin === undefined || allowed.has(origin)) return done()
    if (refused.size < MAX_LOGGED_REFUSALS && !refused.has(origin) && !sameOrigin(origin, request.headers.host)) {
      refused.add(origin)
      app.log.info({ origin, allowed: [...allowed] }, `CORS: refused a request from ${origin}, which is not in EDU_CORS_ORIGINS (logged once per origin)`)
      if (refused.size === MAX_LOGGED_REFUSALS) app.log.info(`CORS: ${MAX_LOGGED_REFUSALS} origins refused; further ones are not logged`)
    }
    if (request.method !== 'OPTIONS' || !request.headers['access-control-request-method']) return done()
    done(new OriginNotAllowed(`The origin ${origin} is not allowed to call this engine from a browser: add it to EDU_CORS_ORIGINS`))
  })
  const addHeaders = corsHeaders(origins)
  app.addHook('onSend', (request, reply, payload, done) => {
    addHeaders(request, reply)
    done(null, payload)
  })
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

/**
 * Sets the CORS headers of a reply to an allowed origin when nothing set them yet: for replies made
 * outside the request hooks (Fastify's `frameworkErrors`, the `onSend` hook above).
 */
export function corsHeaders(origins: readonly string[]): (request: FastifyRequest, reply: FastifyReply) => void {
  const allowed = new Set(origins)
  return (request, reply) => {
    const origin = request.headers.origin
    if (origin === undefined || !allowed.has(origin) || reply.hasHeader('access-control-allow-origin')) return
    reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', EXPOSED.join(', '))
    const vary = reply.getHeader('vary')
    if (!vary) reply.header('vary', 'Origin')
    else if (!String(vary).toLowerCase().split(/\s*,\s*/).includes('origin')) reply.header('vary', `${String(vary)}, Origin`)
  }
}
