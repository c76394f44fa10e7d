import { MIMEType } from 'node:util'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { UnsupportedMediaType } from './errors.ts'

/** The codings of a `Content-Encoding` header other than `identity` (case-insensitive, RFC 9110 §8.4). */
export function encodedWith(header: string | string[] | undefined): string[] {
  if (header === undefined) return []
  return [header].flat().flatMap((value) => value.split(',')).map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity')
}

const hasBody = (headers: Record<string, string | string[] | undefined>) =>
  headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0')

/**
 * A body sent with `Content-Encoding: gzip` (or br, deflate, anything but identity): the engine reads request
 * bodies as sent and decodes no content coding, so it is refused with 415 problem+json and
 * `Accept-Encoding: identity` (RFC 9110 §12.5.3: the codings the server accepts), before it is read, rather
 * than parsed as if it were plain JSON. Undefined for a request it does not concern.
 */
function contentEncodingError(request: FastifyRequest, reply: FastifyReply): Error | undefined {
  const header = request.headers['content-encoding']
  if (header === undefined) return undefined
  const codings = encodedWith(header)
  if (codings.length === 0) return undefined
  reply.header('accept-encoding', 'identity')
  return new UnsupportedMediaType(`Request bodies are read as sent; this one is encoded with ${codings.join(', ')}, which the engine does not decode. Send it without Content-Encoding`)
}

/** The labels of UTF-8 (WHATWG Encoding Standard) a JSON body may carry in its `charset` parameter. */
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8'])

/**
 * The `charset` of a JSON media type (`application/json`, `…+json`) that is not UTF-8, or undefined.
 * A header that does not parse is left to the body parsers (which refuse it).
 */
export function nonUtf8JsonCharset(header: string | undefined): string | undefined {
  if (!header) return undefined
  let type: MIMEType
  try {
    type = new MIMEType(header)
  } catch {
    return undefined
  }
  if (type.essence !== 'application/json' && !type.subtype.endsWith('+json')) return undefined
  const charset = type.params.get('charset')
  return charset !== null && !UTF8_LABELS.has(charset.toLowerCase()) ? charset : undefined
}

/**
 * A JSON body that says it is in another charset than UTF-8 (`application/json; charset=utf-16`, `latin1`, …):
 * JSON is UTF-8 (RFC 8259 §8.1) and the engine reads every JSON body as UTF-8, so it is refused with 415
 * problem+json, before it is read, rather than read as something it says it is not. Undefined otherwise.
 */
function jsonCharsetError(request: FastifyRequest): Error | undefined {
  const charset = nonUtf8JsonCharset(request.headers['content-type'])
  if (charset === undefined) return undefined
  return new UnsupportedMediaType(`JSON bodies are read as UTF-8 (RFC 8259); this one says charset=${charset}. Send it in UTF-8, with charset=utf-8 or no charset`)
}

/**
 * The checks of a request body's encoding, on every route, before the body is read: its content coding
 * (`contentEncodingError`), then its charset (`jsonCharsetError`). One synchronous hook: a request without a
 * body (most reads) costs two header lookups, no promise.
 */
export function registerBodyEncodingChecks(app: FastifyInstance) {
  app.addHook('onRequest', (request, reply, done) => {
    if (!hasBody(request.headers)) return done()
    const error = contentEncodingError(request, reply) ?? jsonCharsetError(request)
    if (error) return done(error)
    done()
  })
}
