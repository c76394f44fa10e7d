import type { FastifyReply } from 'fastify'

/**
 * Ends Fastify's part in a hijacked reply whose connection stays open (a Server-Sent Events stream), once
 * its head is written: the `onResponse` hooks run now (the request metric records the time to open, with
 * the status written) and the response no longer holds Fastify's request and reply (the logger child, the
 * principal, the parsed headers and query) for the lifetime of the connection — about 1.3 KB of heap per
 * open stream. Without it Fastify runs them when the response finishes, however long that takes.
 *
 * Fastify 5 listens for the response's `finish` and `error` with one function that runs the hooks and
 * then removes itself from both; calling it early is all this does (a no-op when it is not there).
 */
export function settleHijackedReply(reply: FastifyReply): void {
  const settle = reply.raw.listeners('finish').find((listener) => listener.name === 'onResFinished')
  settle?.()
}
