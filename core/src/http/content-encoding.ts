import type { FastifyInstance } from 'fastify'
import { createError } from './errors.ts'

/** A request body in a content coding the engine does not decode (RFC 9110 §15.5.16). */
export const UnsupportedContentEncoding = createError('EDU_UNSUPPORTED_MEDIA_TYPE', '%s', 415)

/** The codings of a `Content-Encoding` header other than `identity` (case-insensitive, RFC 9110 §8.4). */
export function encodedWith(header: string | string[] | undefined): string[] {
  if (header === undefined) return []
  return [header].flat().flatMap((value) => value.split(',')).map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity')
}

const hasBody = (headers: Record<string, string | string[] | undefined>) =>
  headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0')

/**
 * The engine reads request bodies as sent and decodes no content coding: a body sent with
 * `Content-Encoding: gzip` (or br, deflate, anything but identity) is refused with 415 problem+json
 * and `Accept-Encoding: identity` (RFC 9110 §12.5.3: the codings the server accepts), on every route,
 * before it is read, rather than parsed as if it were plain JSON.
 */
export function registerContentEncodingCheck(app: FastifyInstance) {
  app.addHook('onRequest', async (request, reply) => {
    const codings = encodedWith(request.headers['content-encoding'])
    if (codings.length === 0 || !hasBody(request.headers)) return
    reply.header('accept-encoding', 'identity')
    throw new UnsupportedContentEncoding(`Request bodies are read as sent; this one is encoded with ${codings.join(', ')}, which the engine does not decode. Send it without Content-Encoding`)
  })
}
