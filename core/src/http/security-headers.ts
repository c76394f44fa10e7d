import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import helmet from 'helmet'

const HSTS = 'strict-transport-security'

/**
 * Helmet's headers, computed once at boot rather than by running its middleware on every request.
 * A route that sets its own (the API reference sets a CSP that allows its assets) keeps it.
 * `Strict-Transport-Security` goes only on replies to secure requests (RFC 6797 §7.2: a host sends it
 * over HTTPS only): TLS on the engine's own socket, or `X-Forwarded-Proto: https` from a proxy the
 * engine trusts (`http.trustProxy`), which is what Fastify's `request.protocol` says.
 */
export function registerSecurityHeaders(app: FastifyInstance) {
  const headers: Array<[string, string]> = []
  const collector = { setHeader: (name: string, value: string) => headers.push([name.toLowerCase(), String(value)]), removeHeader: () => {} }
  helmet()({} as IncomingMessage, collector as unknown as ServerResponse, () => {})
  app.addHook('onSend', (request, reply, payload, done) => {
    for (const [name, value] of headers) {
      if (name === HSTS && request.protocol !== 'https') continue
      if (!reply.hasHeader(name)) reply.header(name, value)
    }
    done(null, payload)
  })
}
