import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'

/**
 * Requests one connection may have waiting behind the response in front (HTTP/1.1 pipelining); one more
 * closes the connection. Node stops reading a connection whose queued responses hold 16 KiB; a request
 * that waits holds no response yet, so this is the bound instead.
 */
export const MAX_WAITING_PER_CONNECTION = 16

const waiting = new WeakMap<Socket, number>()

/**
 * HTTP/1.1 pipelining: a request sent on a connection before the response to the one in front of it
 * finished runs only once that response has finished and its own turn comes (Node hands the socket to its
 * response then, `'socket'`), not as soon as it is parsed. Its reply could not leave earlier anyway:
 * responses go out in order (RFC 9112 §9.3.2).
 *
 * So a request behind a response that never finishes — a Server-Sent Events stream, whose head says
 * `Connection: close` — never runs: it could never be answered, and a server that sends `close` must not
 * process further requests on that connection (RFC 9112 §9.6). Before, Node handed it to Fastify at once:
 * it ran (a `POST` changed data) and its reply was queued behind the stream forever. Nor does one run behind
 * a response that closes its connection. A request in its turn (nearly all: a connection's first, or one
 * sent after the previous reply) costs one property read.
 *
 * A waiting request holds its parsed request until its turn or until the connection closes; a connection
 * with more than `MAX_WAITING_PER_CONNECTION` waiting is closed. Registered first of the request hooks.
 */
export function registerPipelineOrder(app: FastifyInstance) {
  app.addHook('onRequest', (request, reply, done) => {
    const response = reply.raw
    if (response.socket !== null) return done()
    const socket = request.raw.socket
    const count = (waiting.get(socket) ?? 0) + 1
    if (count > MAX_WAITING_PER_CONNECTION) {
      socket.destroy()
      return
    }
    waiting.set(socket, count)
    response.once('socket', () => {
      waiting.set(socket, (waiting.get(socket) ?? 1) - 1)
      done()
    })
  })
}
