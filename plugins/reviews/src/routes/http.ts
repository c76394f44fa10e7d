import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Readable } from '../reading.ts'

/** Whether an If-None-Match header names this ETag (weak comparison, lists and `*` allowed; RFC 9110 §13.1.2). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}

/** Sends a cached, serialized body with its ETag; a matching If-None-Match gets 304. */
export function sendCached(request: FastifyRequest, reply: FastifyReply, found: Readable) {
  reply.header('etag', found.body.etag)
  // Admins see hidden reviews: their bodies are private, and vary with the credential.
  const isPublic = found.public && request.user?.role !== 'admin'
  reply.header('cache-control', isPublic ? 'public, no-cache' : 'private, no-cache')
  reply.header('vary', 'Authorization')
  if (matchesEtag(request.headers['if-none-match'], found.body.etag)) return reply.code(304).send()
  return reply.type('application/json; charset=utf-8').send(found.body.json)
}
