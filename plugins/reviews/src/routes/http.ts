import { sendCachedJson } from '@eduplatform/core'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Readable } from '../reading.ts'

/**
 * Sends a cached, serialized body with its ETag (core's `sendCachedJson`); a matching If-None-Match gets 304.
 * `current` (a body found without a promise) offers a public reply to the engine's shared cache: it returns the
 * body an anonymous request for the URL gets now.
 */
export function sendCached(request: FastifyRequest, reply: FastifyReply, found: Readable, current?: () => unknown) {
  // Admins see hidden reviews: their bodies are private, and vary with the credential.
  const isPublic = found.public && request.user?.role !== 'admin'
  return sendCachedJson(request, reply, found.body, { public: isPublic, varyAuthorization: true, shareWhile: isPublic && !request.user ? current : undefined })
}
