import type { FastifyRequest } from 'fastify'
import { finishHijackedHead, problemResponse, settleHijackedReply, type EduApp } from '@eduplatform/core'
import { InvalidStreamToken, ShuttingDown, TooManyStreams } from '../errors.ts'
import { notificationFrame, type LiveHub } from '../live/hub.ts'
import { SseStream, sseHead } from '../live/sse-stream.ts'
import type { StreamTokens } from '../live/stream-tokens.ts'
import type { NotificationsService } from '../service.ts'
import { StreamHeaders, StreamQuery, StreamToken } from '../schemas.ts'
import { signedInUser, userIdOf } from './principal.ts'

const tags = ['notifications']
/** The head of a stream (and of a HEAD request's answer), before the engine's security headers. */
const STREAM_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' }
/** Notifications replayed at most on one resume; a client further behind reloads the list. */
const REPLAY_LIMIT = 500

export interface StreamDeps {
  service: NotificationsService
  hub: LiveHub
  tokens: StreamTokens
  retryMs: number
  /** Streams one user may hold open on this engine; one more is 429. */
  maxStreamsPerUser: number
  /** Stream tokens one user may ask for per minute; one more is 429 (each is a cache entry for its lifetime). */
  streamTokensPerMinute: number
}

/** `GET /notifications/stream` (Server-Sent Events) and `POST /notifications/stream-token`. */
export function streamRoutes(app: EduApp, deps: StreamDeps) {
  const { service, hub, tokens } = deps

  app.post('/notifications/stream-token', {
    preValidation: signedInUser(app),
    // Per user (core reads the bearer token at onRequest, before this limit); an anonymous caller is refused after it.
    config: { rateLimit: { max: deps.streamTokensPerMinute, timeWindow: 60_000, keyGenerator: (request: FastifyRequest) => `notifications-stream-token:${request.user?.id ?? request.ip}` } },
    schema: {
      operationId: 'createNotificationStreamToken',
      tags,
      security: [{ bearer: [] }],
      summary: 'A short-lived token (≤ 60 s) for `GET /notifications/stream?token=`; no other route accepts it',
      description: 'EventSource cannot send an Authorization header. The token stays valid until `expiresAt`, so EventSource may reconnect with it; after that, ask for a new one.',
      response: { 201: StreamToken },
    },
  }, async (request, reply) => reply.code(201).send(await tokens.issue(userIdOf(app, request))))

  // The caller is known before anything else is looked at: the bearer header (read by core), or a stream token.
  const authenticate = async (request: FastifyRequest) => {
    if (request.user) return
    const token = (request.query as { token?: unknown }).token
    if (typeof token !== 'string' || token === '') {
      app.auth.principal(request)
      return
    }
    const userId = await tokens.userOf(token)
    const user = userId ? await app.identity.getUser(userId) : undefined
    if (!user) throw new InvalidStreamToken()
    request.user = { kind: 'user', id: user.id, role: user.role }
  }

  app.get('/notifications/stream', {
    onRequest: authenticate,
    schema: {
      operationId: 'streamNotifications',
      tags,
      security: [{ bearer: [] }],
      summary: 'My new notifications as Server-Sent Events (`event: notification`, `data`: the item, `id`: its id)',
      description: 'Authenticate with the bearer header or `?token=` (POST /notifications/stream-token). A comment line is sent as a heartbeat on idle streams. ' +
        'On reconnect, `Last-Event-ID` (or `?lastEventId=`, for a new EventSource) replays what was created since that notification (up to 500). The stream ends when the engine shuts down; clients reconnect after `retry`.',
      querystring: StreamQuery,
      headers: StreamHeaders,
      response: {
        200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        429: problemResponse('The user holds as many open streams on this engine as it allows (`maxStreamsPerUser`, default 10): `EDU_NOTIFICATIONS_TOO_MANY_STREAMS`'),
      },
    },
  }, async (request, reply) => {
    const userId = userIdOf(app, request)
    // EventSource sends the header when it reconnects by itself; a new one (say, with a fresh token) can only use the query.
    const lastEventId = request.headers['last-event-id'] ?? request.query.lastEventId
    if (hub.closed) throw new ShuttingDown()
    if (hub.openBy(userId) >= deps.maxStreamsPerUser) throw new TooManyStreams(String(deps.maxStreamsPerUser))
    // HEAD (which Fastify routes here too): the stream's head and no stream, as a HEAD response has no content
    // (RFC 9110 §9.3.2) — bytes after the head would be read as the response to the client's next request.
    if (request.method === 'HEAD') return reply.headers(STREAM_HEADERS).send()
    const log = request.log
    reply.hijack()
    const socket = reply.raw.socket
    if (!socket || socket.destroyed) return
    // The head and the frames go straight to the socket (see sseHead); Fastify's request and reply are
    // then done with. A stream keeps its socket and nothing of the request. Node's response keeps the
    // socket (no `detachSocket`): a detached socket is free for Node to answer a request pipelined behind
    // the stream's into the stream, and that response's finish trips Node's assertion and ends the process.
    // Such a request never runs: core runs a pipelined request only once the reply in front has finished.
    socket.setNoDelay(true)
    reply.headers({ ...STREAM_HEADERS, connection: 'close' })
    // What the engine adds to every reply as it leaves (the security headers for this type), which no onSend hook does here.
    finishHijackedHead(reply)
    socket.write(sseHead(reply.getHeaders()) + `retry: ${deps.retryMs}\n\n`)
    settleHijackedReply(reply)
    // Subscribed first, replayed second: live frames arriving meanwhile wait for the replay.
    const stream = new SseStream(socket, userId, (closed) => hub.remove(closed))
    hub.add(stream)
    try {
      const replayed = lastEventId ? await service.listSince(userId, lastEventId, REPLAY_LIMIT) : []
      for (const item of replayed) stream.writeNow(notificationFrame(item))
      stream.replayed(new Set(replayed.map((item) => item.id)))
    } catch (err) {
      log.error({ err }, 'notifications: stream replay failed')
      hub.remove(stream)
      await stream.end()
    }
  })
}
