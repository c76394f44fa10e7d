import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { sharedCacheOf } from './shared-cache.ts'

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
 * Sends an already serialized JSON body with its ETag; a matching If-None-Match gets 304 and no body.
 * `public` bodies may be revalidated by shared caches, others are `private`; `varyAuthorization` adds
 * `Authorization` to `Vary` (default: for private bodies, whose content depends on the credential), beside the
 * `Origin` the CORS hook puts there. The body may be its UTF-8 bytes (a Buffer kept for sending again: Node
 * writes it as it is, where a string is copied behind the head and encoded on every reply).
 *
 * `shared` (public bodies of bytes only) lets the engine's shared cache keep the response and answer the next
 * anonymous GETs of the URL before routing (see `SharedCache`): it returns the body the route would send for
 * this URL now, without a promise, or undefined; the stored response is served while it returns `body` itself
 * (the same object). It must depend on nothing of the request but its URL (no credential, no header).
 */
export function sendCachedJson(
  request: FastifyRequest,
  reply: FastifyReply,
  body: { etag: string; json: string | Buffer },
  options: { public: boolean; varyAuthorization?: boolean; shared?: () => unknown },
) {
  reply.header('etag', body.etag)
  reply.header('cache-control', options.public ? 'public, no-cache' : 'private, no-cache')
  if (options.varyAuthorization ?? !options.public) {
    // Added to what CORS set (`Vary: Origin` on every reply), never in its place.
    const vary = reply.getHeader('vary')
    reply.header('vary', vary ? `${String(vary)}, Authorization` : 'Authorization')
  }
  if (matchesEtag(request.headers['if-none-match'], body.etag)) return reply.code(304).send()
  if (options.shared && options.public && Buffer.isBuffer(body.json)) sharedCacheOf(reply)?.offer(request, { value: body, current: options.shared })
  return reply.type('application/json; charset=utf-8').send(body.json)
}
