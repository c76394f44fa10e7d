import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/**
 * One step of finishing a reply: it may set headers, and returns the payload to send instead, or
 * `undefined` to leave the payload as it is. Synchronous: it runs on every reply.
 */
export type ReplyStep = (request: FastifyRequest, reply: FastifyReply, payload: unknown) => unknown

/**
 * Runs the engine's reply steps in order from a single `onSend` hook: each concern keeps its own function
 * (and file), while a reply pays one hook-runner step rather than one per concern.
 */
export function registerReplyFinisher(app: FastifyInstance, steps: readonly ReplyStep[]) {
  app.addHook('onSend', (request, reply, payload, done) => {
    for (const step of steps) {
      const next = step(request, reply, payload)
      if (next !== undefined) payload = next
    }
    done(null, payload)
  })
}
