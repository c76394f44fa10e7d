import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify'
import secureJson from 'secure-json-parse'
import { createInputError } from './errors.ts'

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

/** The engine's parser of `application/json` in place of Fastify's default, for every route. */
export function registerBodyParsers(app: FastifyInstance) {
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson)
}
