import type { FastifyRequest } from 'fastify'

/**
 * Query parameters whose values are credentials: the stream token of `GET /notifications/stream?token=`
 * (EventSource cannot send a header) and the unsubscribe token of a mail's link. Matched by name as the
 * query parser reads it (percent-decoded), so `%74oken=` is one too.
 */
const SECRET_PARAMETERS = new Set(['token'])

export const REDACTED = '[redacted]'

function decodedName(name: string): string {
  if (!name.includes('%') && !name.includes('+')) return name
  try {
    return decodeURIComponent(name.replaceAll('+', ' '))
  } catch {
    return name
  }
}

/**
 * A request URL fit for a log: the value of every secret query parameter (`token`) replaced by `[redacted]`,
 * everything else as it came (`/api/v1/notifications/stream?token=[redacted]&lastEventId=…`).
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('?')
  if (start === -1) return url
  const query = url.slice(start + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=')
    if (eq === -1 || !SECRET_PARAMETERS.has(decodedName(pair.slice(0, eq)))) return pair
    return `${pair.slice(0, eq + 1)}${REDACTED}`
  })
  return `${url.slice(0, start + 1)}${query.join('&')}`
}

/**
 * pino's serializer of `req` in Fastify's request log lines (`incoming request`, logged at LOG_LEVEL=debug):
 * Fastify's own fields, with the URL through `redactUrl`, so no token from a query reaches a log.
 */
export function requestLogSerializer(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    version: [request.headers?.['accept-version']].flat()[0],
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }
}
