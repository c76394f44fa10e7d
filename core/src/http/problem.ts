import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { plainTextMessage } from '../schemas/text.ts'

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
  415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable',
}

export function sendProblem(reply: FastifyReply, problem: Omit<Problem, 'type' | 'title'> & Partial<Problem>) {
  const status = problem.status
  const body: Problem = {
    type: problem.type ?? 'about:blank',
    title: problem.title ?? TITLES[status] ?? 'Error',
    ...problem,
    instance: problem.instance ?? reply.request.url,
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

/** Every error leaves as problem+json; bad input never becomes a 500. */
export function problemErrorHandler(this: FastifyInstance, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.validation) {
    // One entry per field; a union's "must match a schema in anyOf" only when nothing more precise was said.
    const byField = new Map<string, string>()
    for (const issue of error.validation as ValidationIssue[]) {
      const field = fieldOf(issue, error.validationContext)
      const message = issue.params?.additionalProperty
        ? 'is not an allowed field'
        : (issue.keyword === 'pattern' ? plainTextMessage(issue.params?.pattern, issue.data) : undefined) ?? issue.message ?? 'is invalid'
      if (!byField.has(field) || byField.get(field)!.includes('anyOf')) byField.set(field, message)
    }
    const errors = [...byField].map(([field, message]) => ({ field, message }))
    return sendProblem(reply, {
      status: 400,
      code: 'EDU_VALIDATION',
      detail: errors.map((e) => `${e.field} ${e.message}`).join('; '),
      errors,
    })
  }
  const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed')
    return sendProblem(reply, { status, code: 'EDU_INTERNAL', detail: 'An unexpected error occurred' })
  }
  const headers = (error as { headers?: Record<string, string> }).headers
  if (headers) reply.headers(headers)
  return sendProblem(reply, { status, code: error.code, detail: error.message })
}

export function problemNotFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, { status: 404, code: 'EDU_ROUTE_NOT_FOUND', detail: `No route ${request.method} ${request.url.split('?')[0]}` })
}
