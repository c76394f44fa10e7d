import type { FastifyError } from 'fastify'
import { sendProblem, type EduApp } from '@eduplatform/core'
import { PROVIDER_FAILURE_TITLES } from '../errors.ts'

/**
 * Provider failures (502, 503, 504) are this plugin's to explain: they leave with their code and detail. The
 * engine's handler, which hides the detail of unexpected 5xx errors, gets everything else.
 */
export function providerFailureHandler(app: EduApp): void {
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const title = error.code ? PROVIDER_FAILURE_TITLES[error.code] : undefined
    if (!title) throw error
    const headers = (error as { headers?: Record<string, string> }).headers
    if (headers) reply.headers(headers)
    return sendProblem(reply, { status: error.statusCode ?? 503, title, code: error.code, detail: error.message })
  })
}
