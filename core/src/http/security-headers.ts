import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'

/** Helmet's headers for these options, computed once (lower-case names). */
function helmetHeaders(options?: HelmetOptions): Array<[string, string]> {
  const headers: Array<[string, string]> = []
  const collector = { setHeader: (name: string, value: string) => headers.push([name.toLowerCase(), String(value)]), removeHeader: () => {} }
  helmet(options)({} as IncomingMessage, collector as unknown as ServerResponse, () => {})
  return headers
}

/**
 * The headers of a JSON reply: the set the OWASP REST Security Cheat Sheet ("Security Headers",
 * https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#security-headers) gives for
 * API responses. A JSON body is never rendered as a page, so helmet's document headers (a CSP for scripts and
 * styles, COOP, CORP, Origin-Agent-Cluster, …) would only add ~700 bytes to each reply. `Cache-Control:
 * no-store` is the default, so that no cache keeps a token (sign-in, refresh, stream tokens) or a private reply
 * (`/auth/me`, `/payments/me`, …); a route whose reply may be kept sets its own (the ETag routes' `no-cache`).
 */
export const API_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['cache-control', 'no-store'],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
]

/** `application/json` and its structured-syntax types (`application/problem+json`, …), any parameters. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i

/** Whether a reply's `Content-Type` is JSON. */
export function isJsonReply(contentType: unknown): boolean {
  return typeof contentType === 'string' && JSON_MEDIA_TYPE.test(contentType)
}

/**
 * Sets the security headers of a reply (call it as the reply leaves, once its `Content-Type` is known),
 * with every header value computed once at boot:
 *
 * - JSON and problem+json replies get the API set above (`API_HEADERS`), `Cache-Control: no-store` included
 *   unless the route set its own `Cache-Control`.
 * - So do the API's replies without a body (a 304 to `If-None-Match`, a 204; a URL under `apiPrefix`): a browser merges a 304's
 *   headers into the JSON reply it has stored, which must not end up with a page's weaker set.
 * - Everything else (the storefront and landing pages, the API reference, widget files, `/metrics`, and
 *   their replies without a body, such as a 304 whose headers a browser merges into the page it has stored)
 *   gets helmet's full set of document headers.
 *
 * A route that sets one of these headers itself (the API reference sets a CSP that allows its assets) keeps
 * its own. What only makes sense over HTTPS goes only on replies to secure requests: `Strict-Transport-Security`
 * (RFC 6797 §7.2: a host sends it over HTTPS only) and the document CSP's `upgrade-insecure-requests`, which
 * would send the page of an engine served over plain http (a LAN address) to https for its own files. Secure
 * means TLS on the engine's own socket, or `X-Forwarded-Proto: https` from a proxy the engine trusts
 * (`http.trustProxy`), which is what Fastify's `request.protocol` says.
 */
export function securityHeaders(apiPrefix: string): (request: FastifyRequest, reply: FastifyReply) => void {
  const secureDocument = helmetHeaders()
  const plainDocument = helmetHeaders({ strictTransportSecurity: false, contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } })
  const hsts = secureDocument.find(([name]) => name === 'strict-transport-security')!
  const secureApi = [...API_HEADERS, hsts]
  return (request, reply) => {
    const secure = request.protocol === 'https'
    const contentType = reply.getHeader('content-type')
    const headers = isJsonReply(contentType) || (contentType === undefined && request.url.startsWith(apiPrefix))
      ? (secure ? secureApi : API_HEADERS)
      : (secure ? secureDocument : plainDocument)
    for (const [name, value] of headers) {
      if (!reply.hasHeader(name)) reply.header(name, value)
    }
  }
}
