import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * Request headers a stored response may be served for. A request with any other header (`Authorization`,
 * `Cookie`, `Origin`, `If-None-Match`, `Range`, a body's `Content-Length`, an API key, …) goes through the
 * router as usual: its answer may depend on it. Lower case.
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

/** Counts a response served from the cache (the request histogram's `observe`). */
export type ObserveServed = (method: string, route: string, statusCode: number, seconds: number) => void

const offers = new WeakMap<IncomingMessage, SharedOffer & { route: string }>()

/**
 * A shared cache (RFC 9111 §1: one that serves a stored response to more than one user) in front of the router, for
 * public GETs whose routes already answer from a cached value: a course's review pages and rating summary,
 * catalogue and search pages, course detail and curriculum. A route offers a reply with `offer` (through
 * `sendCachedJson`'s `shareWhile`); the `keep` hook, last of every GET route's `onSend` hooks, keeps it (status 200,
 * every header as sent, the body's bytes) under its URL. The next GET of that URL from a request with no credential,
 * origin, condition or body is answered from it by the HTTP server's request listener, before Fastify routes it, if
 * the route's check still returns the value it was made from: a write that changes the value (a tag bump, an
 * expiry, an eviction) sends the next request to the route, which answers and offers again. So a hit is as fresh
 * as the route's own cache; nothing invalidates the stored responses themselves.
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
   * returns `offer.value` then. Only a request that could be served from the cache is marked (GET, neutral
   * headers only). Its route's URL pattern names it in metrics.
   */
  offer(request: FastifyRequest, offer: SharedOffer) {
    const raw = request.raw
    if (this.#stopping || raw.method !== 'GET' || forwardedProtoOf(raw) === false) return
    offers.set(raw, { value: offer.value, current: offer.current, route: request.routeOptions.url ?? request.url })
  }

  /**
   * An `onSend` hook, added last to every GET route (after every plugin's `onSend` hooks): keeps an offered reply
   * that leaves with 200 and a body of bytes, with its headers as they are then, if the route's check still returns
   * the value offered (on a miss the body was just made, not the cached value: that reply is not kept, the next is).
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
    const headers: string[] = []
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined || name === 'content-length') continue
      if (Array.isArray(value)) for (const v of value) headers.push(name, v)
      else headers.push(name, String(value))
    }
    headers.push('content-length', String(payload.length))
    const url = request.raw.url!
    this.#delete(url)
    const size = payload.length + url.length + headers.reduce((n, text) => n + text.length, 0)
    if (size > this.#maxBytes) return
    this.#entries.set(url, {
      headers, body: payload, size, offer,
      forwardedProto: forwardedProtoOf(request.raw) as string, encrypted: isEncrypted(request.raw),
    })
    this.#bytes += size
    while (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) this.#delete(this.#entries.keys().next().value!)
  }

  #serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' || this.#stopping) return false
    const entry = this.#entries.get(req.url!)
    // A pipelined request behind another response waits for its turn in the router (see pipelining.ts).
    if (!entry || res.socket === null) return false
    if (forwardedProtoOf(req) !== entry.forwardedProto || isEncrypted(req) !== entry.encrypted) return false
    if (currentOf(entry.offer) !== entry.offer.value) {
      this.#delete(req.url!)
      return false
    }
    const started = process.hrtime.bigint()
    // Least recently served goes first: a hit moves its entry to the end.
    this.#entries.delete(req.url!)
    this.#entries.set(req.url!, entry)
    res.writeHead(200, entry.headers)
    res.end(entry.body)
    this.hits++
    this.#observe('GET', entry.offer.route, 200, Number(process.hrtime.bigint() - started) / 1e9)
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

/**
 * The request's `X-Forwarded-Proto` ('' without one; several joined by commas) when every header of the request
 * is one a shared response may be served for (`NEUTRAL_HEADERS`), else false. One pass over the raw headers.
 */
function forwardedProtoOf(req: IncomingMessage): string | false {
  const raw = req.rawHeaders
  let proto = ''
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    if (!NEUTRAL_HEADERS.has(name)) return false
    if (name === 'x-forwarded-proto') proto = proto ? `${proto},${raw[i + 1]}` : raw[i + 1]!
  }
  return proto
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
