import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { reservedEmailMessage } from '../schemas/email.ts'
import { plainTextMessage } from '../schemas/text.ts'
import { fieldErrorsOf } from './errors.ts'
import type { ReplyStep } from './reply-finisher.ts'

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
)
export type Problem = Static<typeof ProblemSchema>

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 409: 'Conflict', 413: 'Content Too Large',
  408: 'Request Timeout', 414: 'URI Too Long', 415: 'Unsupported Media Type', 422: 'Unprocessable Content',
  429: 'Too Many Requests', 431: 'Request Header Fields Too Large',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
}

/** Codes for errors the framework raises (Fastify's FST_… and body-parser errors), by status. */
const FRAMEWORK_CODES: Record<number, string> = {
  400: 'EDU_MALFORMED_REQUEST', 404: 'EDU_ROUTE_NOT_FOUND', 405: 'EDU_METHOD_NOT_ALLOWED', 406: 'EDU_NOT_ACCEPTABLE',
  408: 'EDU_REQUEST_TIMEOUT', 413: 'EDU_CONTENT_TOO_LARGE', 414: 'EDU_URI_TOO_LONG', 415: 'EDU_UNSUPPORTED_MEDIA_TYPE',
  431: 'EDU_HEADERS_TOO_LARGE', 503: 'EDU_UNAVAILABLE',
}

/** The problem of an error the engine did not make itself (a Fastify or body-parser error): its status, our code. */
export function frameworkProblem(status: number, detail: string) {
  return { status, code: FRAMEWORK_CODES[status] ?? 'EDU_REQUEST_ERROR', title: TITLES[status] ?? 'Error', detail }
}

/**
 * A problem's `instance` (RFC 9457 §3.1.5): the request's path, without its query — a query may carry a
 * credential (`?token=` of a notification stream or an unsubscribe link), which a problem body, often logged
 * or shown by the client, must not repeat.
 */
export function problemInstance(url: string): string {
  const query = url.indexOf('?')
  return query < 0 ? url : url.slice(0, query)
}

export function sendProblem(reply: FastifyReply, problem: Omit<Problem, 'type' | 'title'> & Partial<Problem>) {
  const status = problem.status
  const body: Problem = {
    type: problem.type ?? 'about:blank',
    title: problem.title ?? TITLES[status] ?? 'Error',
    ...problem,
    instance: problem.instance ?? problemInstance(reply.request.url),
  }
  return reply.code(status).type('application/problem+json').send(body)
}

interface ValidationIssue { instancePath?: string; keyword?: string; params?: Record<string, unknown>; message?: string; data?: unknown }

function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  let path = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.')
  const p = issue.params ?? {}
  const extra = (p.missingProperty ?? p.additionalProperty) as string | undefined
  if (extra) path = path ? `${path}.${extra}` : extra
  return [context, path].filter(Boolean).join('.') || (context ?? 'request')
}

/**
 * How precisely an issue says what is wrong with its field, for a union (`anyOf`), whose every branch reports:
 * 0 the union's own "must match a schema in anyOf", 1 a branch of another type ("must be array" for a string),
 * 2 anything else (the branch whose type the value has, and a constraint it breaks: "must NOT have more than
 * 1000 characters"). Of equals, the first said wins.
 */
function precisionOf(issue: ValidationIssue, message: string): number {
  if (issue.keyword === 'anyOf' || message.includes('anyOf')) return 0
  return issue.keyword === 'type' ? 1 : 2
}

/** Every error leaves as problem+json; bad input never becomes a 500. */
export function problemErrorHandler(this: FastifyInstance, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.validation) {
    // One entry per field, the most precise said of it (`precision`).
    const byField = new Map<string, { message: string; precision: number }>()
    for (const issue of error.validation as ValidationIssue[]) {
      const field = fieldOf(issue, error.validationContext)
      const message = issue.params?.additionalProperty
        ? 'is not an allowed field'
        : (issue.keyword === 'pattern' ? plainTextMessage(issue.params?.pattern, issue.data) ?? reservedEmailMessage(issue.params?.pattern) : undefined) ?? issue.message ?? 'is invalid'
      const precision = precisionOf(issue, message)
      if ((byField.get(field)?.precision ?? -1) < precision) byField.set(field, { message, precision })
    }
    const errors = [...byField].map(([field, { message }]) => ({ field, message }))
    return sendProblem(reply, {
      status: 400,
      code: 'EDU_VALIDATION',
      detail: errors.map((e) => `${e.field} ${e.message}`).join('; '),
      errors,
    })
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode <= 599 ? error.statusCode : 500
  const ours = typeof error.code === 'string' && error.code.startsWith('EDU_')
  if (status >= 500 && !ours) {
    // Unexpected: log it whole, tell the client nothing of its message or stack.
    request.log.error({ err: error }, 'request failed')
    return sendProblem(reply, { status: 500, code: 'EDU_INTERNAL', detail: 'An unexpected error occurred' })
  }
  const headers = (error as { headers?: Record<string, string> }).headers
  if (headers) reply.headers(headers)
  if (ours) return sendProblem(reply, { status, code: error.code, detail: error.message, errors: fieldErrorsOf(error) })
  // Fastify's own 4xx: a body that is not JSON, too large, of a type no parser takes, an empty JSON body.
  const problem = frameworkProblem(status, error.message)
  const aboutBody = status === 400 && (!error.code || error.code.startsWith('FST_ERR_CTP'))
  return sendProblem(reply, { ...problem, errors: aboutBody ? [{ field: 'body', message: error.message }] : undefined })
}

export function problemNotFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, { status: 404, code: 'EDU_ROUTE_NOT_FOUND', detail: `No route ${request.method} ${problemInstance(request.url)}` })
}

const isProblem = (contentType: unknown) => typeof contentType === 'string' && contentType.toLowerCase().startsWith('application/problem+json')

/**
 * Every error reply is problem+json, whoever made it: a plugin that answers an error with a body of its
 * own (a static-file 404, a text/plain error, …) has its reply rewritten here, keeping its status and, below 500, its message (a short text body) as `detail`.
 * A reply step (`reply-finisher.ts`), run first, so the steps after it see the problem's `Content-Type`.
 */
export const problemGuard: ReplyStep = (request, reply, payload) => {
  if (reply.statusCode < 400 || isProblem(reply.getHeader('content-type'))) return undefined
  // A stream (a file) is not sent: it is closed, and the problem goes instead.
  if (payload && typeof (payload as { destroy?: unknown }).destroy === 'function' && !Buffer.isBuffer(payload)) (payload as { destroy(): void }).destroy()
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : ''
  const detail = reply.statusCode < 500 && text.length > 0 && text.length <= 200 && !text.trimStart().startsWith('{') && !text.trimStart().startsWith('<')
    ? text
    : TITLES[reply.statusCode] ?? 'Error'
  const problem = reply.statusCode >= 500
    ? { status: reply.statusCode, code: 'EDU_INTERNAL', title: TITLES[reply.statusCode] ?? 'Error', detail: 'An unexpected error occurred' }
    : frameworkProblem(reply.statusCode, detail)
  reply.removeHeader('content-length')
  reply.type('application/problem+json; charset=utf-8')
  return JSON.stringify({ type: 'about:blank', ...problem, instance: problemInstance(request.url) })
}
