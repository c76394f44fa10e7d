import { sendCachedJson } from '@eduplatform/core'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Readable, Sendable } from '../reading.ts'

/**
 * Sends a cached, already serialized body with its ETag (core's `sendCachedJson`). Public bodies may be
 * revalidated by shared caches; owner-only ones (drafts, enrolled lessons) are private. The JSON may be its UTF-8
 * bytes (a body decoded once and sent on every hit).
 */
export function sendCached(request: FastifyRequest, reply: FastifyReply, body: { etag: string; json: string | Buffer }, isPublic = true) {
  return sendCachedJson(request, reply, body, { public: isPublic })
}

/**
 * Answers a cached read: at once with `cached` (what this process holds, see `Reading.detailAtOnce`), else with
 * what `read` finds through the cache's promises.
 */
export function answerRead(request: FastifyRequest, reply: FastifyReply, cached: Sendable | undefined, read: () => Promise<Readable>) {
  if (cached) return sendCached(request, reply, cached.body, cached.public)
  return read().then((found) => sendCached(request, reply, found.body, found.public))
}
