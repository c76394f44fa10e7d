import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Principal } from '../identity/auth.ts'

/**
 * Request headers a stored response may be served for. A request with any other header (`Cookie`, `Origin`,
 * `If-None-Match`, `Range`, `Content-Type`, a body's `Content-Length`, …) goes through the router as usual: its
 * answer may depend on it. `Authorization` is looked at apart (see `SharedOffer.admit`), as is `Content-Length: 0`
 * (a request without a body). Lower case.
 */
const NEUTRAL_HEADERS = new Set([
  'host', 'connection', 'keep-alive', 'user-agent', 'accept', 'accept-language', 'accept-encoding', 'cache-control', 'pragma',
  'referer', 'dnt', 'priority', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'x-request-id',
  'sec-fetch-dest', 'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-user', 'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform',
])

/** What a route offers to share: the cached value it sent and how to tell that it is still the current one. */
export interface SharedOffer {
  /** The cached value the reply was made from (kept by identity). */
  value: unknown
  /** The value the route would send for this URL now, without a promise (undefined when it cannot tell). */
  current(): unknown
  /**
   * Whom else the stored response fits. Without it, only requests without a credential are served, and only the
   * reply to one is kept. With it, a request without a credential is served when `admit(null)` returns true, and a
   * signed-in user's (the access token known at once: `Authentication.userAtOnce`) when `admit(user)` does; a
   * signed-in user's reply may then be kept too (never an API key's). It must return at once whether the route
   * would send that caller this very response (the route's access rule, decided from what this process holds;
   * false when it cannot tell), and when it returns true, count what the route counts for a request (a per-user
   * limit): the request is served from here and never reaches the route. A throw counts as false. It is asked only
   * when a stored response would be served (the credential recognised and `current()` still returning `value`), never
   * when a reply is kept, and with null for every request without a credential. Like `current`, it lives as long as
   * the stored response: make both in a function apart from the handler, capturing only what names the resource (an
   * id) and long-lived services, never the request or the reply.
   */
  admit?(caller: Principal | null): boolean
}

/** A request's headers as far as a stored response depends on them. */
interface Shape {
  /** Its `X-Forwarded-Proto` ('' without one; several joined by commas). */
  proto: string
  /** Its `Authorization` ('' without one). */
  authorization: string
}

interface Entry {
  /** Header names and values in turn, as `writeHead` takes them. */
  headers: string[]
  body: Buffer
  /** What the entry counts against `maxBytes`: its body, URL and head (UTF-16 code units for the strings). */
  size: number
  /** The `X-Forwarded-Proto` the response was made for ('' without one): the security headers depend on the protocol. */
  forwardedProto: string
  encrypted: boolean
  offer: SharedOffer & { route: string }
}

/** Bounds of the shared cache: positive integers (the constructor throws a RangeError naming any other). */
export interface SharedCacheOptions {
  /** Most responses kept (default 10,000). */
  maxEntries?: number
  /**
   * Most bytes kept (default 64 MiB): each entry's body, URL and head, counted per entry (entries of several URLs
   * sharing one body count it each); a response larger than this is not kept.
   */
  maxBytes?: number
}

/** The signed-in user of an `Authorization` header when known at once, else undefined (`Authentication.userAtOnce`). */
export type IdentifyAtOnce = (authorization: string) => Principal | undefined

/** Counts a response served from the cache (the request histogram's `observe`). */
export type ObserveServed = (method: string, route: string, statusCode: number, seconds: number) => void

const offers = new WeakMap<IncomingMessage, SharedOffer & { route: string }>()

/**
 * A shared cache (RFC 9111 §1: one that serves a stored response to more than one user) in front of the router, for
 * reads whose routes already answer from a cached value: a course's review pages and rating summary, catalogue and
 * search pages, course detail and curriculum, a lesson's AI summary. A route offers a reply with `offer` (through
 * `sendCachedJson`'s `shareWhile`, or `shareReply`); the `keep` hook, last of every GET and POST route's `onSend`
 * hooks, keeps it (status 200, every header as sent, the body's bytes) under its method and URL. The next request
 * of that method and URL with no origin, condition, cookie or body is answered from it by the HTTP server's request
 * listener, before Fastify routes it, if the route's check still returns the value it was made from and the offer
 * admits the caller (anonymous callers only, unless the offer's `admit` says whom else): a write that changes the
 * value (a tag bump, an expiry, an eviction) sends the next request to the route, which answers and offers again.
 * So a hit is as fresh as the route's own cache; nothing invalidates the stored responses themselves.
 *
 * What a hit skips, by design, like a CDN in front of an origin: every hook (rate limits included: the routes that
 * offer have none) and the request log (the cache is off at log level `debug` or `trace`); what the hooks added to
 * the reply when it was kept is replayed. A hit is counted in `edu_http_request_duration_seconds` under its route,
 * and in `edu_http_shared_cache_hits_total`. Off behind proxies trusted by address or hop count (the protocol, and so
 * the security headers, would depend on the peer), while the engine stops, and for a pipelined request waiting
 * behind another response (it goes through the router's ordering). With Redis, `Cache.peek*` answer nothing, so
 * routes that check through them are never served from here. At most `maxEntries` responses and `maxBytes` (bodies,
 * URLs and heads); the least recently served goes first. A check must capture nothing but what names the value
 * (ids, the parsed query): it lives as long as its entry.
 */
export class SharedCache {
  readonly #entries = new Map<string, Entry>()
  readonly #maxEntries: number
  readonly #maxBytes: number
  #bytes = 0
  #observe: ObserveServed = () => {}
  #identify: IdentifyAtOnce = () => undefined
  #stopping = false
  /** Responses served from the cache (for `/metrics`). */
  hits = 0

  constructor(options: SharedCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000
    this.#maxBytes = options.maxBytes ?? 64 * 1024 * 1024
    for (const [name, value] of [['maxEntries', this.#maxEntries], ['maxBytes', this.#maxBytes]] as const) {
      if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`http.sharedCache.${name} must be a positive integer (got ${value})`)
    }
  }

  /** Responses kept, and the bytes they count against `maxBytes`. */
  get size() {
    return { entries: this.#entries.size, bytes: this.#bytes }
  }

  /** Where served responses are counted (the request histogram, once metrics exist). */
  countWith(observe: ObserveServed) {
    this.#observe = observe
  }

  /** How a request's `Authorization` is recognised at once (the engine's `Authentication.userAtOnce`). */
  identifyWith(identify: IdentifyAtOnce) {
    this.#identify = identify
  }

  /** From now on every request goes to the router (which answers 503 while the engine stops). */
  stop() {
    this.#stopping = true
    this.#entries.clear()
    this.#bytes = 0
  }

  /** The HTTP server's request listener: a stored response when one may be served, else `next` (Fastify). */
  listener(next: RequestListener): RequestListener {
    return (req, res) => {
      if (!this.#serve(req, res)) next(req, res)
    }
  }

  /**
   * Marks a reply as one to keep (`keep`) if it leaves with 200 and a body of bytes and `offer.current()` still
   * returns `offer.value` then. Only a request that could be served from the cache is marked (GET or POST, no
   * body, neutral headers only, and a credential only for an offer with `admit`, from a signed-in user). Its
   * route's URL pattern names it in metrics.
   */
  offer(request: FastifyRequest, offer: SharedOffer) {
    const raw = request.raw
    if (this.#stopping || (raw.method !== 'GET' && raw.method !== 'POST')) return
    const shape = shapeOf(raw)
    if (shape === false) return
    if ((shape.authorization || request.user) && (!offer.admit || request.user?.kind !== 'user')) return
    offers.set(raw, { value: offer.value, current: offer.current, admit: offer.admit, route: request.routeOptions.url ?? request.url })
  }

  /**
   * An `onSend` hook, added last to every GET and POST route (after every plugin's `onSend` hooks): keeps an offered reply
   * that leaves with 200, a body of bytes and no `Set-Cookie`, with its headers as they are then, if the route's check
   * still returns the value offered (on a miss the body was just made, not the cached value: that reply is not kept,
   * the next is). Every header kept is sent to every caller served: a route that offers sets none that depends on
   * the caller.
   */
  keep = (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
    const offer = offers.get(request.raw)
    if (offer) {
      offers.delete(request.raw)
      this.#store(request, reply, offer, payload)
    }
    done(null, payload)
  }

  #store(request: FastifyRequest, reply: FastifyReply, offer: SharedOffer & { route: string }, payload: unknown) {
    if (this.#stopping || reply.statusCode !== 200 || !Buffer.isBuffer(payload) || currentOf(offer) !== offer.value) return
    // A cookie is set for the caller it was sent to: never replayed to another.
    if (reply.hasHeader('set-cookie')) return
    const headers: string[] = []
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined || name === 'content-length') continue
      if (Array.isArray(value)) for (const v of value) headers.push(name, v)
      else headers.push(name, String(value))
    }
    headers.push('content-length', String(payload.length))
    const url = keyOf(request.raw.method!, request.raw.url!)
    this.#delete(url)
    const size = payload.length + url.length + headers.reduce((n, text) => n + text.length, 0)
    if (size > this.#maxBytes) return
    this.#entries.set(url, {
      headers, body: payload, size, offer,
      forwardedProto: (shapeOf(request.raw) as Shape).proto, encrypted: isEncrypted(request.raw),
    })
    this.#bytes += size
    while (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) this.#delete(this.#entries.keys().next().value!)
  }

  #serve(req: IncomingMessage, res: ServerResponse): boolean {
    const method = req.method!
    if ((method !== 'GET' && method !== 'POST') || this.#stopping) return false
    const key = keyOf(method, req.url!)
    const entry = this.#entries.get(key)
    // A pipelined request behind another response waits for its turn in the router (see pipelining.ts).
    if (!entry || res.socket === null) return false
    const shape = shapeOf(req)
    if (shape === false || shape.proto !== entry.forwardedProto || isEncrypted(req) !== entry.encrypted) return false
    const { offer } = entry
    let caller: Principal | null = null
    if (shape.authorization) {
      // A credential the engine cannot recognise at once (or one that fails) goes to the router, which decides.
      if (!offer.admit) return false
      const user = this.#identify(shape.authorization)
      if (!user) return false
      caller = user
    }
    if (currentOf(offer) !== offer.value) {
      this.#delete(key)
      return false
    }
    // Last, as it counts the request against the route's limits when it admits it.
    if (offer.admit && !admits(offer, caller)) return false
    const started = process.hrtime.bigint()
    // Least recently served goes first: a hit moves its entry to the end.
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    res.writeHead(200, entry.headers)
    res.end(entry.body)
    this.hits++
    this.#observe(method, offer.route, 200, Number(process.hrtime.bigint() - started) / 1e9)
    return true
  }

  #delete(url: string) {
    const entry = this.#entries.get(url)
    if (!entry) return
    this.#entries.delete(url)
    this.#bytes -= entry.size
  }
}

/** What the route would send now; undefined when its check throws (then the route answers). */
function currentOf(offer: SharedOffer): unknown {
  try {
    return offer.current()
  } catch {
    return undefined
  }
}

/** Whether the offer admits the caller; a throw is a no. */
function admits(offer: SharedOffer, caller: Principal | null): boolean {
  try {
    return offer.admit!(caller) === true
  } catch {
    return false
  }
}

/** Where a response to this method and URL is kept: GETs under their URL, POSTs apart (a URL starts with `/` or a scheme). */
function keyOf(method: string, url: string): string {
  return method === 'GET' ? url : `${method} ${url}`
}

/**
 * The request's `X-Forwarded-Proto` and `Authorization` when every header of the request is one a shared response
 * may be served for (`NEUTRAL_HEADERS`, one `Authorization`, `Content-Length: 0`), else false. One pass over the
 * raw headers.
 */
function shapeOf(req: IncomingMessage): Shape | false {
  const raw = req.rawHeaders
  let proto = ''
  let authorization = ''
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    if (NEUTRAL_HEADERS.has(name)) {
      if (name === 'x-forwarded-proto') proto = proto ? `${proto},${raw[i + 1]}` : raw[i + 1]!
    } else if (name === 'authorization') {
      if (authorization) return false
      authorization = raw[i + 1]!
    } else if (name !== 'content-length' || raw[i + 1] !== '0') {
      return false
    }
  }
  return { proto, authorization }
}

function isEncrypted(req: IncomingMessage): boolean {
  return (req.socket as { encrypted?: boolean }).encrypted === true
}

const caches = new WeakMap<object, SharedCache>()

/** Makes `cache` the shared cache of the engine serving with `server` (found by `sharedCacheOf`). */
export function attachSharedCache(server: object, cache: SharedCache) {
  caches.set(server, cache)
}

/** The shared cache of the engine a reply belongs to; undefined when it has none (switched off, or outside an engine). */
export function sharedCacheOf(reply: FastifyReply): SharedCache | undefined {
  return caches.get(reply.server.server)
}

/**
 * Offers the reply about to be sent to the engine's shared cache (see `SharedCache` and `SharedOffer`), for a route
 * that answers from a cached value without an ETag (a POST that reads, like the AI summary); `sendCachedJson`'s
 * `shareWhile` does this for cached GETs. The reply is kept as it leaves if its status is 200, its body a Buffer,
 * it sets no cookie, and `offer.current()` still returns `offer.value`; a signed-in caller's only with `offer.admit`.
 * Every header is sent again to every caller served: set none that depends on the caller. Make the offer in a
 * function apart from the handler (a closure made inside it would keep the request alive as long as the stored
 * response). Nothing happens when the shared cache is switched off; with Redis a check that reads `app.cache.peek*`
 * never returns the value (those answer nothing) and no signed-in caller is recognised at once, so such offers are
 * never served.
 */
export function shareReply(request: FastifyRequest, reply: FastifyReply, offer: SharedOffer) {
  sharedCacheOf(reply)?.offer(request, offer)
}
