import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { frameworkProblem, sendProblem } from './problem.ts'
import { API_HEADERS } from './security-headers.ts'

// Taken as CommonJS exports: an ES import of `node:http` builds its ES facade by reading every export, the
// lazy WebSocket, MessageEvent and CloseEvent included, which loads undici and the web streams (about 3 MB
// of heap) into every engine, used or not.
const { STATUS_CODES } = process.getBuiltinModule('node:http')

/**
 * Errors Fastify raises before a route is found (Fastify's `frameworkErrors` option): a URL whose
 * percent-encoding is malformed (400), a path parameter longer than the router takes (414). `addHeaders`
 * run first, once the reply's type is problem+json: what the engine's reply steps add to every other reply.
 */
export function problemFrameworkErrors(addHeaders: ReadonlyArray<(request: FastifyRequest, reply: FastifyReply) => void>) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    // No hook runs for these replies, `onSend` included: the headers every reply gets (`addHeaders`: the CORS
    // headers of an allowed origin, so the page can read the problem, and the security headers of a
    // problem+json reply, chosen by its type) are added here.
    reply.type('application/problem+json; charset=utf-8')
    for (const add of addHeaders) add(request, reply)
    frameworkError(error, request, reply)
  }
}

function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_BAD_URL') {
    return sendProblem(reply, { ...frameworkProblem(400, 'The URL is not valid: malformed percent-encoding'), errors: [{ field: 'url', message: 'is not a valid URL' }] })
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(reply, frameworkProblem(414, 'A path segment of the URL is too long'))
  request.log.error({ err: error }, 'router failed')
  return sendProblem(reply, { status: 500, code: 'EDU_INTERNAL', detail: 'An unexpected error occurred' })
}

/** The API security headers as header lines of a reply written to the socket (no HSTS: the request is unread). */
const API_HEADER_LINES = API_HEADERS.map(([name, value]) => `${name}: ${value}\r\n`).join('')

/**
 * What the HTTP parser refuses before Fastify sees a request (Node's `clientError`): a request line or
 * headers over the size limit (414 when the request line alone does not fit, else 431), a request
 * that took too long (408), or bytes that are not HTTP (400). Answered as problem+json with the security
 * headers of every problem+json reply, then closed.
 */
export function problemClientErrorHandler(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  let status = 400
  let detail = 'The request is not valid HTTP'
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408
    detail = 'The request took too long to arrive'
  } else if (error.code === 'HPE_INVALID_EOF_STATE') {
    detail = 'The request ended before its body was complete'
  } else if (error.code === 'HPE_HEADER_OVERFLOW') {
    // The parser counts the request line with the headers: when the request line is most of what
    // overflowed (or has no end in what arrived), the URL is what is too long.
    const packet = Buffer.isBuffer(error.rawPacket) ? error.rawPacket : undefined
    const lineEnd = packet ? packet.indexOf('\r\n') : 0
    const longUrl = packet !== undefined && (lineEnd < 0 || lineEnd > packet.length / 2)
    status = longUrl ? 414 : 431
    detail = longUrl ? 'The URL is too long' : 'The request headers are too large'
  }
  if (socket.writable) {
    const problem = { type: 'about:blank', ...frameworkProblem(status, detail) }
    const body = JSON.stringify(problem)
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n${API_HEADER_LINES}` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy(error)
}
