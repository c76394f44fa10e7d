import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'

/** Helmet's headers for these options, computed once (lower-case names). */
function helmetHeaders(options?: HelmetOptions): Array<[string, string]> {
  const headers: Array<[string, string]> = []
  const collector = { setHeader: (name: string, value: string) => headers.push([name.toLowerCase(), String(value)]), removeHeader: () => {} }
  helmet(options)({} as IncomingMessage, collector as unknown as ServerResponse, () => {})
  return headers
}

/**
 * Helmet's headers, computed once at boot rather than by running its middleware on every request.
 * A route that sets its own (the API reference sets a CSP that allows its assets) keeps it.
 * What only makes sense over HTTPS goes only on replies to secure requests: `Strict-Transport-Security`
 * (RFC 6797 §7.2: a host sends it over HTTPS only) and the CSP's `upgrade-insecure-requests`, which would
 * send the page of an engine served over plain http (a LAN address) to https for its own files. Secure
 * means TLS on the engine's own socket, or `X-Forwarded-Proto: https` from a proxy the engine trusts
 * (`http.trustProxy`), which is what Fastify's `request.protocol` says.
 */
export function registerSecurityHeaders(app: FastifyInstance) {
  const secure = helmetHeaders()
  const plain = helmetHeaders({ strictTransportSecurity: false, contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } })
  app.addHook('onSend', (request, reply, payload, done) => {
    for (const [name, value] of request.protocol === 'https' ? secure : plain) {
      if (!reply.hasHeader(name)) reply.header(name, value)
    }
    done(null, payload)
  })
}
