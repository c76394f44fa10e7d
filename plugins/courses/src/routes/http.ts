import { anyCaller, sendCachedJson, type Principal } from '@eduplatform/core'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Readable, Sendable } from '../reading.ts'

/**
 * Sends a cached, already serialized body with its ETag (core's `sendCachedJson`). Public bodies may be
 * revalidated by shared caches; owner-only ones (drafts, enrolled lessons) are private. The JSON may be its UTF-8
 * bytes (a body decoded once and sent on every hit). `shareWhile` (the body a GET of the URL gets now,
 * without a promise) offers the reply to the engine's shared cache, served to the callers `admit` accepts: by default,
 * for a public body (a published course's, a catalogue page), anyone, signed in or not, as it is the same for every
 * caller; a private body is offered only with an `admit` of its own.
 */
export function sendCached(
  request: FastifyRequest, reply: FastifyReply, body: { etag: string; json: string | Buffer }, isPublic = true,
  shareWhile?: () => unknown, admit?: (caller: Principal | null) => boolean,
) {
  // A private body (a draft's, an enrolled-only lesson) is offered only to those its route's own admit accepts.
  return sendCachedJson(request, reply, body, { public: isPublic, shareWhile, admit: admit ?? (isPublic ? anyCaller : undefined) })
}

/**
 * Answers a cached read: at once with `cached` (what this process holds, see `Reading.detailAtOnce`), else with
 * what `read` finds through the cache's promises. `shareWhile` and `admit` (see `sendCached`) offer a reply sent at
 * once to the engine's shared cache.
 */
export function answerRead(
  request: FastifyRequest, reply: FastifyReply, cached: Sendable | undefined, read: () => Promise<Readable>,
  shareWhile?: () => unknown, admit?: (caller: Principal | null) => boolean,
) {
  if (cached) return sendCached(request, reply, cached.body, cached.public, shareWhile, admit)
  return read().then((found) => sendCached(request, reply, found.body, found.public))
}
