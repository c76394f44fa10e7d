import { sendCachedJson } from '@eduplatform/core'
import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * Sends a cached, already serialized body with its ETag (core's `sendCachedJson`). Public bodies may be
 * revalidated by shared caches; owner-only ones (drafts, enrolled lessons) are private. The JSON may be its UTF-8
 * bytes (a body decoded once and sent on every hit).
 */
export function sendCached(request: FastifyRequest, reply: FastifyReply, body: { etag: string; json: string | Buffer }, isPublic = true) {
  return sendCachedJson(request, reply, body, { public: isPublic })
}
