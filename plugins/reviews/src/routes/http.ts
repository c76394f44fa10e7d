import { sendCachedJson } from '@eduplatform/core'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Readable } from '../reading.ts'

/**
 * Sends a cached, serialized body with its ETag (core's `sendCachedJson`); a matching If-None-Match gets 304.
 * `shareWhile` (the body an anonymous GET of the URL gets now, found without a promise) offers a public reply to
 * the engine's shared cache, which takes it only from a request without a credential.
 */
export function sendCached(request: FastifyRequest, reply: FastifyReply, found: Readable, shareWhile?: () => unknown) {
  // Admins see hidden reviews: their bodies are private, and vary with the credential.
  return sendCachedJson(request, reply, found.body, { public: found.public && request.user?.role !== 'admin', varyAuthorization: true, shareWhile })
}
