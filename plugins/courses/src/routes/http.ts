import { sendCachedJson } from '@eduplatform/core'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Readable, Sendable } from '../reading.ts'

/**
 * Sends a cached, already serialized body with its ETag (core's `sendCachedJson`). Public bodies may be
 * revalidated by shared caches; owner-only ones (drafts, enrolled lessons) are private. The JSON may be its UTF-8
 * bytes (a body decoded once and sent on every hit). `current`, for an anonymous request, offers the reply to the
 * engine's shared cache: it returns the body an anonymous GET of the URL gets now, without a promise.
 */
export function sendCached(request: FastifyRequest, reply: FastifyReply, body: { etag: string; json: string | Buffer }, isPublic = true, current?: () => unknown) {
  return sendCachedJson(request, reply, body, { public: isPublic, shareWhile: isPublic && !request.user ? current : undefined })
}

/**
 * Answers a cached read: at once with `cached` (what this process holds, see `Reading.detailAtOnce`), else with
 * what `read` finds through the cache's promises. `current` (the body an anonymous reader gets now, found at once)
 * offers a public reply sent at once to the engine's shared cache (core's `sendCachedJson`, `shareWhile`).
 */
export function answerRead(request: FastifyRequest, reply: FastifyReply, cached: Sendable | undefined, read: () => Promise<Readable>, current?: () => unknown) {
  if (cached) return sendCached(request, reply, cached.body, cached.public, current)
  return read().then((found) => sendCached(request, reply, found.body, found.public))
}
