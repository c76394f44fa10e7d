import { connect, type AddressInfo, type Socket } from 'node:net'
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { createTestEngine, waitUntil, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { enroll, expectProblem, feed, makeCourse, plugins, unreadCount } from './helpers.ts'
import { openSse } from './sse-client.ts'

const redisUrl = inject('eduRedisUrl')
let t: TestEngine
let base: string

const listen = async (app: FastifyInstance) => {
  await app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/notifications/stream`
}

beforeAll(async () => {
  t = await createTestEngine({ plugins: plugins({ heartbeatSeconds: 1, retryMs: 2000 }), config: { http: { corsOrigins: ['https://school.example'] } } })
  base = await listen(t.app)
})
afterAll(async () => t?.close())

/** One notification for the student, made by a `course.completed` event handled by the main engine. */
async function notify(student: Actor): Promise<void> {
  await t.app.orm.em.fork().transactional((em) =>
    t.app.events.emit(em, 'course.completed', { enrollmentId: randomUUID(), studentId: student.user.id, courseId: randomUUID(), completedAt: new Date().toISOString() }))
  await t.drainEvents()
}

describe('GET /notifications/stream (Server-Sent Events over a real socket)', () => {
  it('sends a notification made by another request to the open stream, as `event: notification` with the item', async () => {
    const student = await t.asStudent()
    const stranger = await t.asStudent()
    const sse = await openSse(base, student.headers)
    expect(sse.status).toBe(200)
    expect(sse.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    expect(sse.headers['cache-control']).toBe('no-cache, no-transform')
    // The engine's security headers, as on every other reply that is not JSON (no onSend hook runs for a stream's head).
    expect(sse.headers['x-content-type-options']).toBe('nosniff')
    expect(sse.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect(sse.headers['content-security-policy']).toContain("default-src 'self'")
    await notify(stranger)
    // Another request (a free enrollment) makes the notification; the engine's dispatcher delivers it.
    const teacher = await t.asTeacher()
    const course = await makeCourse(teacher, { title: 'Streamed course' })
    await enroll(student, course.courseId)
    const [event] = await sse.waitForEvents(1)
    const [item] = await feed(student)
    expect(item).toMatchObject({ type: 'enrollment.created', title: 'You are enrolled in Streamed course' })
    expect({ ...event, data: JSON.parse(event!.data) }).toEqual({ id: item!.id, event: 'notification', data: item })
    expect(sse.retry).toBe(2000)
    // The stranger's notification was never written to this stream.
    await notify(student)
    await sse.waitForEvents(2)
    expect(sse.events.map((e) => e.id)).toEqual((await feed(student)).map((n) => n.id).reverse())
    sse.close()
  })

  it('answers an embedding site’s origin with CORS headers, so EventSource works from another origin', async () => {
    const student = await t.asStudent()
    const token = (await student.inject({ method: 'POST', url: '/api/v1/notifications/stream-token' })).json().token as string
    const sse = await openSse(`${base}?token=${token}`, { origin: 'https://school.example' })
    expect(sse.status).toBe(200)
    expect(sse.headers['access-control-allow-origin']).toBe('https://school.example')
    sse.close()
    const foreign = await openSse(`${base}?token=${token}`, { origin: 'https://elsewhere.example' })
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined()
    foreign.close()
  })

  it('sends the unread count when notifications are read elsewhere (another tab), without moving the resume point', async () => {
    const student = await t.asStudent()
    const sse = await openSse(base, student.headers)
    await notify(student)
    await notify(student)
    await sse.waitForEvents(2)
    const [newest] = await feed(student)
    expect((await student.inject({ method: 'PATCH', url: `/api/v1/notifications/${newest!.id}/read` })).statusCode).toBe(200)
    await sse.waitForEvents(3)
    expect(sse.events[2]).toEqual({ event: 'unread-count', data: '{"count":1}' })
    expect((await student.inject({ method: 'POST', url: '/api/v1/notifications/read-all' })).json()).toEqual({ updated: 1 })
    await sse.waitForEvents(4)
    expect(sse.events[3]).toEqual({ event: 'unread-count', data: '{"count":0}' })
    sse.close()
  })

  it('sends each notification to every stream of the user (tabs), and to those left open when others close', async () => {
    const student = await t.asStudent()
    const [a, b, c] = await Promise.all([openSse(base, student.headers), openSse(base, student.headers), openSse(base, student.headers)])
    await notify(student)
    await Promise.all([a!, b!, c!].map((s) => s.waitForEvents(1)))
    b!.close()
    await notify(student)
    await Promise.all([a!, c!].map((s) => s.waitForEvents(2)))
    a!.close()
    await notify(student)
    await c!.waitForEvents(3)
    const ids = (await feed(student)).map((n) => n.id).reverse()
    expect(c!.events.map((e) => e.id)).toEqual(ids)
    expect(a!.events.map((e) => e.id)).toEqual(ids.slice(0, 2))
    expect(b!.events.map((e) => e.id)).toEqual(ids.slice(0, 1))
    c!.close()
  })

  it('sends heartbeat comments on an idle stream', async () => {
    const student = await t.asStudent()
    const sse = await openSse(base, student.headers)
    expect(await sse.waitForComment()).toBe('heartbeat')
    expect(sse.events).toEqual([])
    sse.close()
  })

  it('runs no request pipelined behind the stream on its connection (it could never be answered), and goes on streaming', async () => {
    const student = await t.asStudent()
    await notify(student)
    expect(await unreadCount(student)).toBe(1)
    const { port } = t.app.server.address() as AddressInfo
    const accepted = new Promise<Socket>((resolve) => t.app.server.once('connection', resolve))
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.setEncoding('utf8').on('data', (chunk: string) => { received += chunk })
    const auth = `Authorization: ${student.headers.authorization}\r\n`
    const readAll = `POST /api/v1/notifications/read-all HTTP/1.1\r\nHost: engine\r\n${auth}Content-Length: 0\r\n\r\n`
    // One behind the stream's request in the same packet, parsed before the stream opens; one after it opened.
    socket.write(`GET /api/v1/notifications/stream HTTP/1.1\r\nHost: engine\r\n${auth}\r\n${readAll}`)
    await waitUntil(() => received.includes('retry: 2000'))
    socket.write(readAll)
    await notify(student)
    await waitUntil(() => received.includes('event: notification'))
    await waitUntil(() => received.split(': heartbeat').length > 2)
    // Neither ran (the notifications are unread: no `unread-count` frame either), nor was answered into the stream.
    expect(await unreadCount(student)).toBe(2)
    expect(received).not.toContain('event: unread-count')
    expect(received).not.toContain('"status"')
    expect(received.match(/HTTP\/1\.1 /g)).toHaveLength(1)
    socket.destroy()
    // Nor do they run once the connection is gone.
    const serverSide = await accepted
    await new Promise((resolve) => (serverSide.destroyed ? resolve(undefined) : serverSide.once('close', resolve)))
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200)
    expect(await unreadCount(student)).toBe(2)
  })

  it('answers HEAD with the stream\'s head alone: no stream opened, nothing after the head, and the connection answers the next request', async () => {
    const student = await t.asStudent()
    const { port } = t.app.server.address() as AddressInfo
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.setEncoding('utf8').on('data', (chunk: string) => { received += chunk })
    const auth = `Authorization: ${student.headers.authorization}\r\n`
    // A HEAD response has no content (RFC 9110 §9.3.2): a client reads the head alone, so whatever followed it
    // would be read as the response to the request it pipelined next.
    socket.write(`HEAD /api/v1/notifications/stream HTTP/1.1\r\nHost: engine\r\n${auth}\r\nGET /health/live HTTP/1.1\r\nHost: engine\r\n\r\n`)
    await waitUntil(() => received.match(/HTTP\/1\.1 /g)?.length === 2 && received.endsWith('}'), { message: 'the request pipelined behind the HEAD was not answered' })
    const [head, next] = received.split(/(?=HTTP\/1\.1 )/)
    expect(head).toMatch(/^HTTP\/1\.1 200 /)
    expect(head!.toLowerCase()).toContain('content-type: text/event-stream; charset=utf-8')
    expect(head).not.toContain('retry:')
    expect(head!.endsWith('\r\n\r\n')).toBe(true)
    expect(next).toMatch(/^HTTP\/1\.1 200 /)
    socket.destroy()
  })

  it('replays what was missed since Last-Event-ID, oldest first, then goes on live', async () => {
    const student = await t.asStudent()
    const first = await openSse(base, student.headers)
    await notify(student)
    const [seen] = await first.waitForEvents(1)
    first.close()
    await first.ended
    await notify(student)
    await notify(student)
    const missed = (await feed(student)).slice(0, 2).reverse()

    const resumed = await openSse(base, { ...student.headers, 'last-event-id': seen!.id! })
    await resumed.waitForEvents(2)
    expect(resumed.events.map((e) => e.id)).toEqual(missed.map((n) => n.id))
    await notify(student)
    await resumed.waitForEvents(3)
    expect(resumed.events.map((e) => e.id)).toEqual([...missed.map((n) => n.id), (await feed(student))[0]!.id])
    resumed.close()

    const bad = await openSse(base, { ...student.headers, 'last-event-id': 'not-an-id' })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body).errors[0].field).toContain('last-event-id')
  })

  it('resumes from ?lastEventId= for a new EventSource (with a fresh token), which cannot send Last-Event-ID', async () => {
    const student = await t.asStudent()
    await notify(student)
    const [seen] = await feed(student)
    await notify(student)
    await notify(student)
    const missed = (await feed(student)).slice(0, 2).reverse()

    const { token } = (await student.inject({ method: 'POST', url: '/api/v1/notifications/stream-token' })).json() as { token: string }
    const resumed = await openSse(`${base}?token=${token}&lastEventId=${seen!.id}`)
    expect(resumed.status).toBe(200)
    await resumed.waitForEvents(2)
    expect(resumed.events.map((e) => e.id)).toEqual(missed.map((n) => n.id))
    resumed.close()

    // EventSource reconnecting by itself sends the header, which wins over the query it was opened with.
    const reconnected = await openSse(`${base}?token=${token}&lastEventId=${seen!.id}`, { 'last-event-id': missed[0]!.id })
    await reconnected.waitForEvents(1)
    expect(reconnected.events.map((e) => e.id)).toEqual([missed[1]!.id])
    reconnected.close()

    const bad = await openSse(`${base}?token=${token}&lastEventId=not-an-id`)
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body).errors[0].field).toBe('querystring.lastEventId')
  })

  it('accepts a stream token in ?token= (for EventSource), which no other route accepts', async () => {
    const student = await t.asStudent()
    const issued = await student.inject({ method: 'POST', url: '/api/v1/notifications/stream-token' })
    expect(issued.statusCode).toBe(201)
    const { token, expiresAt } = issued.json() as { token: string; expiresAt: string }
    const lifetime = Date.parse(expiresAt) - Date.now()
    expect(lifetime).toBeGreaterThan(0)
    expect(lifetime).toBeLessThanOrEqual(60_000)

    const sse = await openSse(`${base}?token=${token}`)
    expect(sse.status).toBe(200)
    await notify(student)
    expect((await sse.waitForEvents(1))[0]!.id).toBe((await feed(student))[0]!.id)
    sse.close()

    expectProblem(await t.inject({ method: 'GET', url: '/api/v1/notifications/me', headers: { authorization: `Bearer ${token}` } }), 401)
    const forged = await openSse(`${base}?token=${token}x`)
    expect(forged.status).toBe(401)
    expect(JSON.parse(forged.body).code).toBe('EDU_NOTIFICATIONS_INVALID_STREAM_TOKEN')
    const anonymous = await openSse(base)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers['content-type']).toContain('application/problem+json')
  })

  it('never echoes a stream token in a problem: `instance` is the path, without the query', async () => {
    const student = await t.asStudent()
    const { token } = (await student.inject({ method: 'POST', url: '/api/v1/notifications/stream-token' })).json() as { token: string }
    const badResume = await openSse(`${base}?token=${token}&lastEventId=not-an-id`)
    const forged = await openSse(`${base}?token=${token}x`)
    for (const [reply, status] of [[badResume, 400], [forged, 401]] as const) {
      expect(reply.status).toBe(status)
      expect(JSON.parse(reply.body).instance).toBe('/api/v1/notifications/stream')
      expect(reply.body).not.toContain(token)
    }
  })

  it(redisUrl ? 'reaches a stream held by another engine instance through Redis' : 'delivers in-process without Redis', async () => {
    const student = await t.asStudent()
    // The sibling runs no dispatcher: the event is handled by the main engine only.
    const holder = redisUrl ? await t.sibling({ dispatch: false }) : t.app
    const url = holder === t.app ? base : await listen(holder)
    const sse = await openSse(url, student.headers)
    await notify(student)
    const [event] = await sse.waitForEvents(1)
    expect(event!.id).toBe((await feed(student))[0]!.id)
    sse.close()
  })
})

describe('limits per user', () => {
  it('refuses one stream more than maxStreamsPerUser (429) until one closes, and one stream token more per minute than allowed', async () => {
    const engine = await createTestEngine({ plugins: plugins({ maxStreamsPerUser: 2, streamTokensPerMinute: 3 }) })
    try {
      const url = await listen(engine.app)
      const student = await engine.asStudent()
      const other = await engine.asStudent()
      const open = await Promise.all([openSse(url, student.headers), openSse(url, student.headers)])
      expect(open.map((s) => s.status)).toEqual([200, 200])
      const third = await openSse(url, student.headers)
      expect(third.status).toBe(429)
      expect(third.headers['content-type']).toContain('application/problem+json')
      expect(JSON.parse(third.body).code).toBe('EDU_NOTIFICATIONS_TOO_MANY_STREAMS')
      const others = await openSse(url, other.headers)
      expect(others.status).toBe(200)
      // A closed stream leaves room for a new one once the engine has seen it close.
      open[0]!.close()
      await waitUntil(async () => {
        const again = await openSse(url, student.headers)
        if (again.status === 200) open[0] = again
        return again.status === 200
      }, { message: 'no room after a stream closed' })
      for (const s of [...open, others]) s.close()

      const tokens = []
      for (let i = 0; i < 4; i++) tokens.push(await student.inject({ method: 'POST', url: '/api/v1/notifications/stream-token' }))
      expect(tokens.map((r) => r.statusCode)).toEqual([201, 201, 201, 429])
      expect(Number(tokens[3]!.headers['retry-after'])).toBeGreaterThan(0)
      expect((await other.inject({ method: 'POST', url: '/api/v1/notifications/stream-token' })).statusCode).toBe(201)
    } finally {
      await engine.close()
    }
  })
})

describe('shutdown', () => {
  it('closes open streams so the engine stops without waiting for clients', async () => {
    const engine = await createTestEngine({ plugins: plugins() })
    const url = await listen(engine.app)
    const student = await engine.asStudent()
    const streams = await Promise.all([openSse(url, student.headers), openSse(url, student.headers)])
    expect(streams.map((s) => s.status)).toEqual([200, 200])
    await engine.close()
    await Promise.all(streams.map((s) => s.ended))
  })
})
