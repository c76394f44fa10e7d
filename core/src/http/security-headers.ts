import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import helmet from 'helmet'

/**
 * Helmet's headers, computed once at boot rather than by running its middleware on every request.
 * A route that sets its own (the API reference sets a CSP that allows its assets) keeps it.
 */
export function registerSecurityHeaders(app: FastifyInstance) {
  const headers: Array<[string, string]> = []
  const collector = { setHeader: (name: string, value: string) => headers.push([name.toLowerCase(), String(value)]), removeHeader: () => {} }
  helmet()({} as IncomingMessage, collector as unknown as ServerResponse, () => {})
  app.addHook('onSend', (_request, reply, payload, done) => {
    for (const [name, value] of headers) if (!reply.hasHeader(name)) reply.header(name, value)
    done(null, payload)
  })
}
