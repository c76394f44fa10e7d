import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { definePlugin, etagOf, sendCachedJson, sendProblem } from '../src/index.ts'
import { createTestEngine, listenOnLoopback, type TestEngine } from '../src/testing/index.ts'

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
