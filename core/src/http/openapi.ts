import type { FastifyInstance, RouteOptions } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { Type } from 'typebox'
import { hasAuthGuard } from '../identity/guard-order.ts'
import { etagOf, sendCachedJson } from './etag.ts'
import { ProblemSchema } from './problem.ts'
import { revalidatedReplies } from './revalidated.ts'

/** `listCourses`, `getCourse`, `markNotificationRead`: a verb, then a noun, in camelCase. */
export const OPERATION_ID = /^[a-z]+[A-Z][A-Za-z0-9]*$/

/** `security` of an operation that anyone may call, and that a bearer credential lets see more (drafts, lessons). */
export const OPTIONAL_BEARER: Array<Record<string, string[]>> = [{ bearer: [] }, {}]

/** The `response` schema of a 204: `response: { 204: NoContent }`. */
export const NoContent = Type.Null({ description: 'No content' })

/**
 * A documented error response, for a route's `response`: `{ 404: problemResponse('No course with this id') }`.
 * The engine sends every error as `application/problem+json` (RFC 9457); the document says so.
 */
export function problemResponse(description: string): { description: string } {
  return { description }
}

const GENERIC_ERRORS: Record<string, string> = {
  '4XX': 'A client error, as problem details',
  '5XX': 'A server error, as problem details (`EDU_INTERNAL`, no internal detail)',
}

const INPUT_KEYS = ['body', 'querystring', 'params', 'headers'] as const

type Schema = Record<string, unknown> & { description?: string }

/** `{ description, content: { 'application/problem+json': { schema } } }`: what both Fastify and the document read. */
function asProblem(schema: Schema | undefined, fallback: string) {
  const description = schema?.description ?? fallback
  return { description, content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } } }
}

/**
 * Fills in what every operation must document, from what the route already says:
 * - `security`: the bearer scheme when a guard of `app.auth.require` protects the route (`onRequest` or `preHandler`),
 *   `[]` (public) otherwise,
 *   unless the route states its own (`OPTIONAL_BEARER` for routes a token lets see more);
 * - error responses as `application/problem+json`: those the route declares (`problemResponse`), 400 when it
 *   validates input, 401 and 403 when it is guarded, 429 when it is rate limited, and any other 4XX and 5XX.
 * Refuses at boot an `operationId` that is not camelCase verb + noun.
 */
export function documentRoute(route: RouteOptions): void {
  const schema = (route.schema ?? {}) as Schema & { response?: Record<string, Schema>; security?: unknown; operationId?: string }
  if (schema.operationId !== undefined && !OPERATION_ID.test(schema.operationId)) {
    throw new Error(`Route ${String(route.method)} ${route.url}: operationId "${schema.operationId}" must be camelCase, a verb then a noun (listCourses, getCourse)`)
  }
  // Guards may be declared as onRequest, preValidation or preHandler (the engine runs them all first).
  const secured = hasAuthGuard(route)
  const response: Record<string, unknown> = {}
  const errors: Record<string, Schema | undefined> = {}
  for (const [status, value] of Object.entries(schema.response ?? {})) {
    if (/^[45]/.test(status)) errors[status.toUpperCase()] = value
    else response[status] = value
  }
  const inferred: Record<string, string> = {}
  if (INPUT_KEYS.some((k) => schema[k])) inferred['400'] = 'Invalid input: `errors` names each bad field'
  if (secured) {
    inferred['401'] = 'No credential, or one that is not valid'
    inferred['403'] = 'The credential may not do this'
  }
  if ((route.config as { rateLimit?: unknown } | undefined)?.rateLimit) inferred['429'] = 'Too many requests; `Retry-After` says when to try again'
  for (const [status, description] of Object.entries({ ...inferred, ...GENERIC_ERRORS })) {
    if (!(status in errors)) errors[status] = { description }
  }
  for (const [status, value] of Object.entries(errors)) response[status] = asProblem(value, 'Problem details')
  route.schema = {
    ...schema,
    security: secured ? [{ bearer: [] }] : ((schema.security as Array<Record<string, string[]>> | undefined) ?? []),
    response,
  }
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, { parameters?: Array<{ required?: boolean; schema?: { default?: unknown } }>; tags?: string[] }>>
  tags?: Array<{ name: string; description?: string }>
}

/** A parameter with a default is optional to the caller, whatever the schema's `required` says. */
function finishDocument(doc: OpenApiDocument, tagDescriptions: Record<string, string>): OpenApiDocument {
  const tags = new Set<string>()
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.schema?.default !== undefined) parameter.required = false
      }
      for (const tag of operation.tags ?? []) tags.add(tag)
    }
  }
  doc.tags = [...tags].sort().map((name) => (tagDescriptions[name] ? { name, description: tagDescriptions[name] } : { name }))
  return doc
}

/**
 * The API reference page's Content Security Policy: @fastify/swagger-ui's own (`staticCSP: true`), plus the
 * one inline style Swagger UI applies, allowed by its hash ('unsafe-hashes': it is a style attribute), and
 * without `upgrade-insecure-requests`, which would send an engine on plain http (a LAN address) to https for
 * the page's own files. A Swagger UI upgrade that changes the style fails core/test/docs-page.test.ts.
 */
const DOCS_CSP = [
  "default-src 'self'", "base-uri 'self'", "font-src 'self' https: data:", "frame-ancestors 'self'",
  "img-src 'self' data: validator.swagger.io", "object-src 'none'", "script-src 'self'", "script-src-attr 'none'",
  "style-src 'self' https: 'unsafe-hashes' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='",
].join('; ')

/**
 * Serves the OpenAPI 3.1 document of every enabled route at `/openapi.json` and a reference at `/docs`.
 * Component schemas are named by their TypeBox `$id` (`Course`, `Problem`). Both carry an ETag with
 * `Cache-Control: public, no-cache` (kept by browsers and proxies, revalidated each time: 304 to a matching
 * If-None-Match), since they change only when the engine does.
 */
export async function registerOpenApi(app: FastifyInstance, version: string) {
  const tagDescriptions: Record<string, string> = {
    identity: 'Accounts, sign-in and sessions',
    admin: 'Administration: teacher verification, API keys',
    embedding: "Student sessions minted by embedding schools' backends for their widgets",
    operations: 'Health and metrics for operators',
  }
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'EduPlatform API',
        version,
        description: 'Headless learning engine. Errors are application/problem+json (RFC 9457). Lists are `{ items, nextCursor }` with `?limit=` and `?cursor=`. Amounts are integers in the minor unit of their ISO 4217 currency.',
      },
      servers: [{ url: '/', description: 'This engine' }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A JWT access token, or an integrator API key' } },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `Schema${i}`),
    },
    transformObject: (documents) => finishDocument((documents as { openapiObject: OpenApiDocument }).openapiObject, tagDescriptions) as never,
  })
  // One shared schema, referenced by every error response (components/schemas/Problem).
  app.addSchema(ProblemSchema)
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide || route.url.startsWith('/docs')) return
    documentRoute(route)
  })
  // The reference's page, script and document carry ETags and are revalidated (its files from @fastify/static have their own).
  await app.register(async (docs) => {
    const revalidated = revalidatedReplies()
    docs.addHook('onRequest', revalidated.onRequest)
    docs.addHook('onSend', revalidated.onSend)
    await docs.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CSP })
  })
  // The document is the same until the engine restarts: serialized and hashed on the first request only.
  let document: { etag: string; json: string } | undefined
  app.get('/openapi.json', { schema: { hide: true } }, async (request, reply) => {
    if (!document) {
      const json = JSON.stringify(app.swagger())
      document = { etag: etagOf(json), json }
    }
    return sendCachedJson(request, reply, document, { public: true })
  })
}
