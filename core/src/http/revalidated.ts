import type { FastifyReply, FastifyRequest } from 'fastify'
import { etagOf, matchesEtag } from './etag.ts'

/**
 * Hooks for routes whose replies are the same for everyone until the engine changes (the API reference's
 * page, its script and its copy of the OpenAPI document). `onRequest` gives GET and HEAD
 * `Cache-Control: public, no-cache` (kept by browsers and proxies, revalidated each time; set before the
 * handler, so the engine's default `no-store` for JSON is not applied), unless the route sets its own.
 * `onSend` gives a 200 with a text body a strong ETag of that body (`etagOf`), and answers a matching
 * If-None-Match with 304 and no body (RFC 9110 §13.1.2). Streams and Buffers (the files @fastify/static sends,
 * with its own ETag) pass untouched. Each route's last body and ETag are kept, so an unchanged body is hashed once.
 */
export function revalidatedReplies() {
  const last = new Map<string, { body: string; etag: string }>()
  const cacheable = (request: FastifyRequest) => request.method === 'GET' || request.method === 'HEAD'
  return {
    onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
      if (cacheable(request)) reply.header('cache-control', 'public, no-cache')
    },
    onSend: async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (!cacheable(request) || reply.statusCode !== 200 || reply.hasHeader('etag') || typeof payload !== 'string') return payload
      const route = request.routeOptions.url ?? ''
      let known = last.get(route)
      if (known?.body !== payload) {
        known = { body: payload, etag: etagOf(payload) }
        last.set(route, known)
      }
      reply.header('etag', known.etag)
      if (!matchesEtag(request.headers['if-none-match'], known.etag)) return payload
      reply.code(304)
      reply.removeHeader('content-length')
      return ''
    },
  }
}
