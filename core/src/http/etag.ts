import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Principal } from '../identity/auth.ts'
import { shareReply } from './shared-cache.ts'

/** A strong ETag for a serialized body: `"` + base64url SHA-1 of the text + `"` (RFC 9110 §8.8.3). */
export function etagOf(json: string): string {
  return `"${createHash('sha1').update(json).digest('base64url')}"`
}

/** Whether an If-None-Match header names this ETag (weak comparison, lists and `*` allowed; RFC 9110 §13.1.2). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}

/**
 * Sends an already serialized JSON body with its ETag; a matching If-None-Match gets 304 and no body. Return
 * what it returns from the handler (the reply).
 *
 * - `body.etag`: a strong ETag with its quotes, as `etagOf` makes it; `body.json`: the JSON as text, or its UTF-8
 *   bytes (a Buffer kept for sending again: Node writes it as it is, where a string is copied behind the head and
 *   encoded on every reply).
 * - `public` bodies may be revalidated by shared caches (`Cache-Control: public, no-cache`), others are `private`;
 *   `varyAuthorization` adds `Authorization` to `Vary` (default: for private bodies, whose content depends on the
 *   credential), beside the `Origin` the CORS hook puts there.
 * - `shareWhile` offers the response to the engine's shared cache, which then answers the next GETs of the URL
 *   before routing, from anonymous callers, or from the callers `admit` accepts (see `SharedCache`, and
 *   docs/architecture.md, "The shared cache"). It must return, at once (no promise), the body this route would send
 *   for this URL now (to any caller it serves), or undefined: the stored
 *   response is served while it returns `body` itself, the same object (a cached value kept by identity, such as
 *   what `app.cache.peekDecoded(key, decode)` returns with one `decode` kept for the purpose); anything else, or a
 *   throw, sends the request to the route. It is ignored unless `body.json` is a Buffer, for a 304, for a request
 *   with any header outside the cache's neutral list (an origin, a cookie; a credential, unless `admit` is given),
 *   and, without `admit`, for a private body or a signed-in caller (`request.user`). The response kept is the one
 *   sent (the headers set before this call included; never one that sets a cookie), so give it only for a body and
 *   headers that depend on the URL and nothing else of the request. Make the check (and `admit`) in a function apart
 *   from the handler: a closure made inside it would keep the request alive as long as the stored response.
 * - `admit` (with `shareWhile`) says whom the stored response fits, so that it is served to them too (signed-in
 *   users included) and a signed-in user's reply (public or private) may be kept: it returns at once whether this
 *   route would send the caller (null: anonymous) this very body (see `SharedOffer.admit`); `anyCaller` when the body
 *   is the same for everyone (a published course). A private body (an enrolled-only lesson) keeps its `private`
 *   `Cache-Control` and `Vary: Authorization` when served to another caller it admits.
 */
export function sendCachedJson(
  request: FastifyRequest,
  reply: FastifyReply,
  body: { etag: string; json: string | Buffer },
  options: { public: boolean; varyAuthorization?: boolean; shareWhile?: () => unknown; admit?: (caller: Principal | null) => boolean },
) {
  reply.header('etag', body.etag)
  reply.header('cache-control', options.public ? 'public, no-cache' : 'private, no-cache')
  if (options.varyAuthorization ?? !options.public) {
    // Added to what CORS set (`Vary: Origin` on every reply), never in its place.
    const vary = reply.getHeader('vary')
    reply.header('vary', vary ? `${String(vary)}, Authorization` : 'Authorization')
  }
  if (matchesEtag(request.headers['if-none-match'], body.etag)) return reply.code(304).send()
  // A signed-in caller's reply only where the route says whom it fits, however the credential came.
  if (options.shareWhile && (options.admit || (options.public && !request.user)) && Buffer.isBuffer(body.json)) {
    shareReply(request, reply, { value: body, current: options.shareWhile, admit: options.admit })
  }
  return reply.type('application/json; charset=utf-8').send(body.json)
}

/** `admit` for a body that is the same for every caller, signed in or not (see `sendCachedJson`). */
export const anyCaller = (): boolean => true
