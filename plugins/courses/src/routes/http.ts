import { sendCachedJson } from '@eduplatform/core'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { CachedBody } from '../cache.ts'

/**
 * Sends a cached, already serialized body with its ETag (core's `sendCachedJson`). Public bodies may be
 * revalidated by shared caches; owner-only ones (drafts, enrolled lessons) are private.
 */
export function sendCached(request: FastifyRequest, reply: FastifyReply, body: CachedBody, isPublic = true) {
  return sendCachedJson(request, reply, body, { public: isPublic })
}
