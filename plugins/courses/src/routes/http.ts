import { anyCaller, sendCachedJson } from '@eduplatform/core'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Readable, Sendable } from '../reading.ts'

/**
 * Sends a cached, already serialized body with its ETag (core's `sendCachedJson`). Public bodies may be
 * revalidated by shared caches; owner-only ones (drafts, enrolled lessons) are private. The JSON may be its UTF-8
 * bytes (a body decoded once and sent on every hit). `shareWhile` (the body an anonymous GET of the URL gets now,
 * without a promise) offers a public reply to the engine's shared cache: a public body (a published course's, a
 * catalogue page) is the same for every caller, so it is served to anyone, signed in or not.
 */
export function sendCached(request: FastifyRequest, reply: FastifyReply, body: { etag: string; json: string | Buffer }, isPublic = true, shareWhile?: () => unknown) {
  return sendCachedJson(request, reply, body, { public: isPublic, shareWhile, admit: anyCaller })
}

/**
 * Answers a cached read: at once with `cached` (what this process holds, see `Reading.detailAtOnce`), else with
 * what `read` finds through the cache's promises. `shareWhile` (see `sendCached`) offers a public reply sent at once
 * to the engine's shared cache.
 */
export function answerRead(request: FastifyRequest, reply: FastifyReply, cached: Sendable | undefined, read: () => Promise<Readable>, shareWhile?: () => unknown) {
  if (cached) return sendCached(request, reply, cached.body, cached.public, shareWhile)
  return read().then((found) => sendCached(request, reply, found.body, found.public))
}
