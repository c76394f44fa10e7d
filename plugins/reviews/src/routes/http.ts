import { sendCachedJson } from '@eduplatform/core'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Readable } from '../reading.ts'

/** Sends a cached, serialized body with its ETag (core's `sendCachedJson`); a matching If-None-Match gets 304. */
export function sendCached(request: FastifyRequest, reply: FastifyReply, found: Readable) {
  // Admins see hidden reviews: their bodies are private, and vary with the credential.
  return sendCachedJson(request, reply, found.body, { public: found.public && request.user?.role !== 'admin', varyAuthorization: true })
}
