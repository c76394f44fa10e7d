import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { definePlugin, etagOf, sendCachedJson, sendProblem, shareReply, type Principal } from '../src/index.ts'
import { createTestEngine, listenOnLoopback, type Actor, type TestEngine } from '../src/testing/index.ts'

// The shared cache in front of the router, over real sockets (app.inject never passes the HTTP server's listener).

interface Value { etag: string; json: Buffer }
const valueOf = (text: string): Value => {
  const json = JSON.stringify({ text })
  return { etag: etagOf(json), json: Buffer.from(json) }
}
const values = new Map<string, Value>()
/** Times each route's handler ran, by name. */
const ran = new Map<string, number>()
/** Names whose `shareWhile` check throws. */
const failing = new Set<string>()
const count = (name: string) => ran.set(name, (ran.get(name) ?? 0) + 1)
/** Callers each admitting route's `admit` was asked about, by name (null: anonymous), and whom it admits. */
const asked = new Map<string, Array<Principal | null>>()
const admitted = new Map<string, (caller: Principal | null) => boolean>()
function admitFor(name: string) {
  return (caller: Principal | null) => {
    asked.set(name, [...(asked.get(name) ?? []), caller])
    return admitted.get(name)!(caller)
  }
}

const shared = definePlugin({
  name: 'shared-test',
  register(app) {
    // A plugin's own reply hook: what it sets is in the stored response too.
    app.addHook('onSend', (_request, reply, payload, done) => {
      reply.header('x-plugin-step', 'ran')
      done(null, payload)
    })
    app.get('/shared/:name', (request, reply) => {
      const { name } = request.params as { name: string }
      count(name)
      const value = values.get(name)
      if (!value) return sendProblem(reply, { status: 404, code: 'EDU_NOT_FOUND', detail: `No ${name}` })
      return sendCachedJson(request, reply, value, { public: true, shareWhile: () => values.get(name) })
    })
    app.get('/private/:name', (request, reply) => {
      const { name } = request.params as { name: string }
      count(`private:${name}`)
      return sendCachedJson(request, reply, values.get(name)!, { public: false, shareWhile: () => values.get(name) })
    })
    app.get('/admitted/:name', (request, reply) => {
      const { name } = request.params as { name: string }
      count(`admitted:${name}`)
      return sendCachedJson(request, reply, values.get(name)!, { public: true, shareWhile: () => values.get(name), admit: admitFor(name) })
    })
    // A read answered to POST (as the AI summary is), and a GET of the same path answering something else.
    app.post('/read/:name', (request, reply) => {
      const { name } = request.params as { name: string }
      count(`post:${name}`)
      const value = values.get(name)!
      shareReply(request, reply, { value, current: () => values.get(name), admit: admitFor(name) })
      return reply.type('application/json; charset=utf-8').send(value.json)
    })
    app.get('/read/:name', (request, reply) => {
      const { name } = request.params as { name: string }
      count(`get:${name}`)
      return reply.send({ method: 'GET' })
    })
    // A reply that sets a cookie (for the caller it goes to).
    app.get('/cookie/:name', (request, reply) => {
      const { name } = request.params as { name: string }
      count(`cookie:${name}`)
      reply.header('set-cookie', `seen=${name}; HttpOnly`)
      return sendCachedJson(request, reply, values.get(name)!, { public: true, shareWhile: () => values.get(name), admit: () => true })
    })
    app.get('/throws/:name', (request, reply) => {
      const { name } = request.params as { name: string }
      count(`throws:${name}`)
      return sendCachedJson(request, reply, values.get(name)!, {
        public: true,
        shareWhile: () => {
          if (failing.has(name)) throw new Error('cannot tell')
          return values.get(name)
        },
      })
    })
  },
})

async function serve(config: Parameters<typeof createTestEngine>[0] = {}) {
  const t = await createTestEngine({ plugins: [shared()], redis: false, ...config })
  const base = await listenOnLoopback(t.app)
  return { t, base, get: (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers }) }
}

const headersOf = (res: Response) => Object.fromEntries([...res.headers].filter(([name]) => name !== 'date'))

describe('shared cache', () => {
  let t: TestEngine
  let base: string
  let get: (path: string, headers?: Record<string, string>) => Promise<Response>
  beforeAll(async () => {
    ;({ t, base, get } = await serve({ config: { http: { corsOrigins: ['https://school.example'] } } }))
  })
  afterAll(() => t?.close())

  it('answers the next anonymous GET of a URL with the response the route gave, without running the route', async () => {
    values.set('a', valueOf('first'))
    const first = await get('/api/v1/shared/a')
    expect(first.status).toBe(200)
    const firstBody = await first.text()
    const second = await get('/api/v1/shared/a')
    expect(second.status).toBe(200)
    expect(await second.text()).toBe(firstBody)
    expect(headersOf(second)).toEqual(headersOf(first))
    expect(headersOf(first)).toMatchObject({
      'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, no-cache', 'x-content-type-options': 'nosniff',
      vary: 'Origin', etag: values.get('a')!.etag, 'content-length': String(Buffer.byteLength(firstBody)), 'x-plugin-step': 'ran',
    })
    expect(ran.get('a')).toBe(1)
  })

  it('goes to the route once the value changes, and shares the new response', async () => {
    values.set('b', valueOf('old'))
    await (await get('/api/v1/shared/b')).text()
    values.set('b', valueOf('new'))
    expect(await (await get('/api/v1/shared/b')).json()).toEqual({ text: 'new' })
    expect(await (await get('/api/v1/shared/b')).json()).toEqual({ text: 'new' })
    expect(ran.get('b')).toBe(2)
    values.delete('b')
    expect((await get('/api/v1/shared/b')).status).toBe(404)
    expect(ran.get('b')).toBe(3)
  })

  it('sends requests with a credential, an origin, a condition, a cookie or an unknown header to the route', async () => {
    values.set('c', valueOf('c'))
    await (await get('/api/v1/shared/c')).text()
    expect(ran.get('c')).toBe(1)
    const cases: Array<[Record<string, string>, number]> = [
      [{ authorization: 'Bearer not-a-token' }, 401],
      [{ origin: 'https://school.example' }, 200],
      [{ 'if-none-match': values.get('c')!.etag }, 304],
      [{ cookie: 'session=1' }, 200],
      [{ 'x-api-key': 'edu_key' }, 200],
    ]
    let expected = 1
    for (const [headers, status] of cases) {
      const res = await get('/api/v1/shared/c', headers)
      await res.arrayBuffer()
      expect(res.status, JSON.stringify(headers)).toBe(status)
      if (status !== 401) expected += 1
      expect(ran.get('c'), JSON.stringify(headers)).toBe(expected)
      if (headers.origin) expect(res.headers.get('access-control-allow-origin')).toBe('https://school.example')
    }
    // And the anonymous response is still shared.
    await (await get('/api/v1/shared/c')).text()
    expect(ran.get('c')).toBe(expected)
  })

  it('does not share HEAD, errors, private replies, or a value the route can no longer vouch for', async () => {
    values.set('d', valueOf('d'))
    for (let i = 0; i < 2; i++) expect((await fetch(`${base}/api/v1/shared/d`, { method: 'HEAD' })).status).toBe(200)
    expect(ran.get('d')).toBe(2)
    for (let i = 0; i < 2; i++) expect((await get('/api/v1/shared/nothing')).status).toBe(404)
    expect(ran.get('nothing')).toBe(2)
    for (let i = 0; i < 2; i++) await (await get('/api/v1/private/d')).text()
    expect(ran.get('private:d')).toBe(2)
    for (let i = 0; i < 2; i++) expect((await get('/api/v1/throws/d')).status).toBe(200)
    expect(ran.get('throws:d')).toBe(1)
    failing.add('d')
    for (let i = 0; i < 2; i++) expect(await (await get('/api/v1/throws/d')).json()).toEqual({ text: 'd' })
    expect(ran.get('throws:d')).toBe(3)
  })

  it('counts what it serves under the route in the request histogram, and its hits', async () => {
    values.set('m', valueOf('m'))
    for (let i = 0; i < 3; i++) await (await get('/api/v1/shared/m')).text()
    expect(ran.get('m')).toBe(1)
    const metrics = await (await get('/metrics')).text()
    const hits = Number(/^edu_http_shared_cache_hits_total (\d+)$/m.exec(metrics)?.[1])
    expect(hits).toBeGreaterThanOrEqual(2)
    const served = Number(/^edu_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/shared\/:name",status_code="200"\} (\d+)$/m.exec(metrics)?.[1])
    const routed = [...ran].filter(([name]) => !name.includes(':')).reduce((n, [, v]) => n + v, 0)
    // Every 200 of the route, served or routed, is in the histogram.
    expect(served).toBeGreaterThanOrEqual(hits)
    expect(served).toBeLessThanOrEqual(hits + routed)
    expect(metrics).toMatch(/^edu_http_shared_cache_entries [1-9]\d*$/m)
  })
})

describe('shared cache and signed-in callers', () => {
  let t: TestEngine
  let base: string
  let student: Actor
  let teacher: Actor
  beforeAll(async () => {
    ;({ t, base } = await serve())
    student = await t.asStudent()
    teacher = await t.asTeacher()
  })
  afterAll(() => t?.close())
  const as = (actor: Actor) => ({ authorization: `Bearer ${actor.accessToken}` })
  const send = async (method: string, path: string, headers: Record<string, string> = {}, body?: string) => {
    const res = await fetch(`${base}/api/v1${path}`, { method, headers, body })
    return { status: res.status, text: await res.text() }
  }

  it('serves a signed-in user only where the route admits them, asking with who they are', async () => {
    values.set('s1', valueOf('s1'))
    admitted.set('s1', (caller) => caller?.role === 'teacher')
    // Once a teacher's reply is kept (their token verified by the route before), the next ones are served.
    for (let i = 0; i < 2; i++) expect((await send('GET', '/admitted/s1', as(teacher))).status).toBe(200)
    const routed = ran.get('admitted:s1')!
    asked.set('s1', [])
    for (let i = 0; i < 2; i++) expect((await send('GET', '/admitted/s1', as(teacher))).status).toBe(200)
    expect(ran.get('admitted:s1')).toBe(routed)
    expect(asked.get('s1')!.map((c) => [c?.kind, c?.id])).toEqual([['user', teacher.user.id], ['user', teacher.user.id]])
    // Not admitted: a student (once their token is known) and anonymous callers (asked with null): routed every time.
    await send('GET', '/admitted/s1', as(student))
    asked.set('s1', [])
    for (let i = 0; i < 2; i++) expect((await send('GET', '/admitted/s1', as(student))).status).toBe(200)
    for (let i = 0; i < 2; i++) expect((await send('GET', '/admitted/s1')).status).toBe(200)
    expect(ran.get('admitted:s1')).toBe(routed + 5)
    expect(asked.get('s1')!.map((c) => c?.role ?? null)).toEqual(['student', 'student', null, null])
    // A token the engine does not know, or one changed by a character: the route decides (401), nothing is asked.
    const before = asked.get('s1')!.length
    expect((await send('GET', '/admitted/s1', { authorization: `Bearer ${teacher.accessToken}x` })).status).toBe(401)
    expect((await send('GET', '/admitted/s1', { authorization: 'Basic dGVhY2hlcg==' })).status).toBe(401)
    expect(asked.get('s1')!.length).toBe(before)
    // A route without `admit` never serves nor keeps a signed-in caller's reply.
    values.set('s2', valueOf('s2'))
    for (let i = 0; i < 3; i++) await send('GET', '/shared/s2', as(teacher))
    expect(ran.get('s2')).toBe(3)
  })

  it('sends a request with two Authorization headers to the route', async () => {
    values.set('s3', valueOf('s3'))
    admitted.set('s3', () => true)
    for (let i = 0; i < 2; i++) await send('GET', '/admitted/s3', as(teacher))
    expect(ran.get('admitted:s3')).toBe(1)
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${base}/api/v1/admitted/s3`, { headers: { authorization: [`Bearer ${teacher.accessToken}`, `Bearer ${student.accessToken}`] as never } }, (res) => {
        res.resume()
        resolve(res.statusCode!)
      })
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(200)
    expect(ran.get('admitted:s3')).toBe(2)
  })

  it('treats a throwing admit as a no', async () => {
    values.set('s4', valueOf('s4'))
    admitted.set('s4', () => {
      throw new Error('cannot tell')
    })
    for (let i = 0; i < 3; i++) expect((await send('GET', '/admitted/s4', as(teacher))).status).toBe(200)
    expect(ran.get('admitted:s4')).toBe(3)
  })

  it('serves a bodyless POST apart from a GET of the same URL, and never one with a body', async () => {
    values.set('r1', valueOf('r1'))
    admitted.set('r1', (caller) => caller !== null)
    const post = async (headers: Record<string, string> = as(teacher), body?: string) => send('POST', '/read/r1', headers, body)
    for (let i = 0; i < 2; i++) expect(await post()).toEqual({ status: 200, text: values.get('r1')!.json.toString() })
    const routed = ran.get('post:r1')!
    for (let i = 0; i < 2; i++) expect(await post()).toEqual({ status: 200, text: values.get('r1')!.json.toString() })
    expect(ran.get('post:r1')).toBe(routed)
    for (let i = 0; i < 2; i++) expect(JSON.parse((await send('GET', '/read/r1', as(teacher))).text)).toEqual({ method: 'GET' })
    expect(ran.get('get:r1')).toBe(2)
    // A body (with its type) goes to the route.
    expect((await post({ ...as(teacher), 'content-type': 'application/json' }, '{}')).status).toBe(200)
    expect(ran.get('post:r1')).toBe(routed + 1)
    // The admit decides for anonymous callers too: this one admits only signed-in users.
    expect((await post({})).status).toBe(200)
    expect(ran.get('post:r1')).toBe(routed + 2)
    // A change of value goes to the route, which offers the new reply.
    values.set('r1', valueOf('r1 again'))
    for (let i = 0; i < 3; i++) expect(JSON.parse((await post()).text)).toEqual({ text: 'r1 again' })
    expect(ran.get('post:r1')).toBe(routed + 3)
  })

  it('never keeps a reply that sets a cookie', async () => {
    values.set('c1', valueOf('c1'))
    for (let i = 0; i < 3; i++) expect((await send('GET', '/cookie/c1')).status).toBe(200)
    expect(ran.get('cookie:c1')).toBe(3)
  })

  it("never keeps an API key's reply", async () => {
    const admin = await t.asAdmin()
    const created = await admin.inject({ method: 'POST', url: '/api/v1/admin/api-keys', payload: { name: 'reader', scopes: ['read'] } })
    expect(created.statusCode, created.body).toBe(201)
    const key = { authorization: `Bearer ${created.json().secret as string}` }
    values.set('k1', valueOf('k1'))
    admitted.set('k1', () => true)
    for (let i = 0; i < 3; i++) expect((await send('GET', '/admitted/k1', key)).status).toBe(200)
    expect(ran.get('admitted:k1')).toBe(3)
  })
})

describe('shared cache settings', () => {
  it('keeps at most maxEntries responses, the least recently served going first', async () => {
    const { t, get } = await serve({ config: { http: { sharedCache: { maxEntries: 2 } } } })
    try {
      for (const name of ['e1', 'e2', 'e3']) values.set(name, valueOf(name))
      // e3 pushes e1 out; serving e3 then e2 leaves e3 the least recently served, so e1 coming back pushes e3 out.
      for (const name of ['e1', 'e2', 'e3', 'e3', 'e2', 'e1', 'e2', 'e3']) await (await get(`/api/v1/shared/${name}`)).text()
      expect([ran.get('e1'), ran.get('e2'), ran.get('e3')]).toEqual([2, 1, 2])
    } finally {
      await t.close()
    }
  })

  it('keeps responses per protocol: HSTS only on the replies to https behind a trusted proxy', async () => {
    const { t, get } = await serve({ config: { http: { trustProxy: true } } })
    try {
      values.set('p', valueOf('p'))
      const https = { 'x-forwarded-proto': 'https' }
      for (const headers of [https, {}, https, https, {}, {}]) {
        const res = await get('/api/v1/shared/p', headers)
        await res.text()
        expect(res.headers.has('strict-transport-security'), JSON.stringify(headers)).toBe('x-forwarded-proto' in headers)
      }
      // Each change of protocol went to the route; the repeats were served.
      expect(ran.get('p')).toBe(4)
    } finally {
      await t.close()
    }
  })

  it('is off when switched off, and behind proxies trusted by address', async () => {
    for (const http of [{ sharedCache: false as const }, { trustProxy: '10.0.0.0/8' }]) {
      const { t, get } = await serve({ config: { http } })
      const name = `off-${Object.keys(http)[0]}`
      try {
        values.set(name, valueOf(name))
        for (let i = 0; i < 3; i++) await (await get(`/api/v1/shared/${name}`)).text()
        expect(ran.get(name)).toBe(3)
        expect(await (await get('/metrics')).text()).not.toContain('edu_http_shared_cache_hits_total')
      } finally {
        await t.close()
      }
    }
  })

  it('refuses bounds that are not positive integers', async () => {
    await expect(createTestEngine({ plugins: [shared()], redis: false, config: { http: { sharedCache: { maxEntries: 0 } } } }))
      .rejects.toThrow('http.sharedCache.maxEntries must be a positive integer (got 0)')
  })
})
