import type { FastifyReply, FastifyRequest } from 'fastify'
import type { CachedBody } from '../cache.ts'

/** Whether an If-None-Match header names this ETag (weak comparison, lists and `*` allowed). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}

/**
 * Sends a cached, already serialized body with its ETag; a matching If-None-Match gets 304.
 * Public bodies may be revalidated by shared caches; owner-only ones (drafts, enrolled lessons) are private.
 */
export function sendCached(request: FastifyRequest, reply: FastifyReply, body: CachedBody, isPublic = true) {
  reply.header('etag', body.etag)
  reply.header('cache-control', isPublic ? 'public, no-cache' : 'private, no-cache')
  if (!isPublic) reply.header('vary', 'Authorization')
  if (matchesEtag(request.headers['if-none-match'], body.etag)) return reply.code(304).send()
  return reply.type('application/json; charset=utf-8').send(body.json)
}
