import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/**
 * One step of finishing a reply: it may set headers, and returns the payload to send instead, or
 * `undefined` to leave the payload as it is. Synchronous: it runs on every reply.
 */
export type ReplyStep = (request: FastifyRequest, reply: FastifyReply, payload: unknown) => unknown

/** The reply steps of each engine, by its HTTP server (shared by every plugin context of the engine). */
const finishers = new WeakMap<object, readonly ReplyStep[]>()

/**
 * Runs the engine's reply steps in order from a single `onSend` hook: each concern keeps its own function
 * (and file), while a reply pays one hook-runner step rather than one per concern.
 */
export function registerReplyFinisher(app: FastifyInstance, steps: readonly ReplyStep[]) {
  finishers.set(app.server, steps)
  app.addHook('onSend', (request, reply, payload, done) => {
    for (const step of steps) {
      const next = step(request, reply, payload)
      if (next !== undefined) payload = next
    }
    done(null, payload)
  })
}

/**
 * Runs the engine's reply steps (see `registerReplyFinisher`) on a hijacked reply whose head its route writes
 * itself (a Server-Sent Events stream), for which no `onSend` hook runs: the security headers its
 * `Content-Type` calls for, the CORS headers of an allowed origin. Set the reply's headers (its type first)
 * before calling it, and write `reply.getHeaders()` after. Does nothing outside an engine.
 */
export function finishHijackedHead(reply: FastifyReply): void {
  for (const step of finishers.get(reply.server.server) ?? []) step(reply.request, reply, undefined)
}
