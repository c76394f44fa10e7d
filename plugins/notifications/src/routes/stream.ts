import type { FastifyReply, FastifyRequest } from 'fastify'
import type { EduApp } from '@eduplatform/core'
import { InvalidStreamToken, ShuttingDown } from '../errors.ts'
import { HEARTBEAT_FRAME, notificationFrame, type LiveHub, type LiveStream } from '../live/hub.ts'
import type { StreamTokens } from '../live/stream-tokens.ts'
import type { NotificationsService } from '../service.ts'
import { StreamHeaders, StreamQuery, StreamToken } from '../schemas.ts'
import { signedInUser, userIdOf } from './principal.ts'

const tags = ['notifications']
/** Notifications replayed at most on one resume; a client further behind reloads the list. */
const REPLAY_LIMIT = 500

export interface StreamDeps {
  service: NotificationsService
  hub: LiveHub
  tokens: StreamTokens
  retryMs: number
}

/** `GET /notifications/stream` (Server-Sent Events) and `POST /notifications/stream-token`. */
export function streamRoutes(app: EduApp, deps: StreamDeps) {
  const { service, hub, tokens } = deps

  app.post('/notifications/stream-token', {
    preValidation: signedInUser(app),
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
  const authenticate = async (request: FastifyRequest<{ Querystring: { token?: string } }>) => {
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
        'On reconnect, `Last-Event-ID` replays what was created since that notification (up to 500). The stream ends when the engine shuts down; clients reconnect after `retry`.',
      querystring: StreamQuery,
      headers: StreamHeaders,
      response: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } } },
    },
  }, async (request, reply) => {
    const userId = userIdOf(app, request)
    const lastEventId = request.headers['last-event-id']
    if (hub.closed) throw new ShuttingDown()
    openStream(request, reply, userId, async (stream) => {
      const replayed = lastEventId ? await service.listSince(userId, lastEventId, REPLAY_LIMIT) : []
      const sent = new Set<string>()
      for (const item of replayed) {
        stream.write(notificationFrame(item))
        sent.add(item.id)
      }
      return sent
    })
  })

  function openStream(
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    replay: (stream: Pick<LiveStream, 'write'>) => Promise<Set<string>>,
  ) {
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    })
    res.write(`retry: ${deps.retryMs}\n\n`)
    res.socket?.setNoDelay(true)
    // Until the replay is written, live frames wait here (in order) so none is lost or overtakes it.
    let pending: string[] | null = []
    let ended = false
    const stream: LiveStream = {
      userId,
      write(frame) {
        if (ended) return
        if (pending) pending.push(frame)
        else res.write(frame)
      },
      end() {
        if (ended) return Promise.resolve()
        ended = true
        hub.remove(stream)
        return new Promise<void>((resolve) => {
          res.end(() => {
            res.socket?.destroy()
            resolve()
          })
          // A client that stopped reading cannot hold shutdown.
          setTimeout(() => {
            res.destroy()
            resolve()
          }, 1000).unref()
        })
      },
    }
    request.raw.on('close', () => {
      ended = true
      hub.remove(stream)
    })
    // Subscribed first, replayed second: live frames arriving meanwhile are written after the replay,
    // less those the replay already carried.
    hub.add(stream)
    const direct = { write: (frame: string) => void (!ended && res.write(frame)) }
    replay(direct).then((sent) => {
      const queued = pending ?? []
      pending = null
      for (const frame of queued) {
        const id = /^id: (\S+)/.exec(frame)?.[1]
        if (frame === HEARTBEAT_FRAME || !id || !sent.has(id)) stream.write(frame)
      }
    }, (err: unknown) => {
      request.log.error({ err }, 'notifications: stream replay failed')
      void stream.end()
    })
  }
}
