import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify'
import secureJson from 'secure-json-parse'
import { createInputError, UnsupportedMediaType } from './errors.ts'

/** secure-json-parse's message when it finds such a key (its `SyntaxError`; JSON.parse's own say where the text breaks). */
const FORBIDDEN_KEY_MESSAGE = 'Object contains forbidden prototype property'
const PARSE_OPTIONS = { protoAction: 'error', constructorAction: 'error' } as const

const ForbiddenJsonKey = createInputError(
  'EDU_MALFORMED_REQUEST',
  'The body has a "__proto__" key, or a "constructor" key holding a "prototype" key: names no request body may use (they could change the prototype of objects made from it). Rename the field',
)
/** The problem's `errors` names the body. */
const forbiddenJsonKey = () => new ForbiddenJsonKey('body')

type Done = (error: Error | null, body?: unknown) => void

/**
 * JSON bodies, parsed as Fastify's own parser does (secure-json-parse: a `__proto__` key, or `constructor`
 * holding `prototype`, is refused, at any depth), with a problem that says so: Fastify's reports such a body,
 * which is valid JSON, as "not valid JSON". An empty or malformed body keeps Fastify's errors (400, `body`).
 */
function parseJson(_request: FastifyRequest, body: string | Buffer, done: Done) {
  const text = body as string
  if (text.length === 0) return done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY())
  let parsed: unknown
  try {
    parsed = secureJson.parse(text, undefined, PARSE_OPTIONS)
  } catch (error) {
    return done((error as Error).message === FORBIDDEN_KEY_MESSAGE ? forbiddenJsonKey() : new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY())
  }
  done(null, parsed)
}

/**
 * `text/plain`: request bodies are JSON, so a text body is 415 problem+json, before any handler or
 * validation runs (Fastify's default parser handed the text on, and a route then refused it as a 400
 * "body must be object", or ignored it). An empty one is no body at all: browsers send
 * `text/plain;charset=UTF-8` for `fetch(url, { method: 'POST', body: '' })`, and a route that takes no
 * body (read-all, verify-request, one-click unsubscribe) must keep answering it.
 */
function parseText(_request: FastifyRequest, body: string | Buffer, done: Done) {
  if (body.length === 0) return done(null, undefined)
  done(new UnsupportedMediaType('Request bodies are JSON: send this one as application/json, not text/plain'))
}

/** The engine's parsers of `application/json` and `text/plain` in place of Fastify's defaults, for every route. */
export function registerBodyParsers(app: FastifyInstance) {
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson)
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, parseText)
}
