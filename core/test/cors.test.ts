import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createEngine } from '../src/engine.ts'
import { allowedOrigins, CorsOriginError, normaliseOrigin } from '../src/http/cors.ts'
import { banner } from '../src/start.ts'
import { createTestEngine, type TestEngine } from '../src/testing/index.ts'

const SCHOOL = 'https://school.example:8443'
let t: TestEngine
beforeAll(async () => {
  // Written as copied from an address bar: upper-case host, trailing slash.
  t = await createTestEngine({ config: { http: { corsOrigins: ['HTTPS://School.Example:8443/'], bodyLimit: 1024 } } })
})
afterAll(async () => t?.close())

const expectCors = (res: { headers: Record<string, unknown> }, origin = SCHOOL) => {
  expect(res.headers['access-control-allow-origin']).toBe(origin)
  expect(res.headers['access-control-expose-headers']).toBe('ETag, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset')
  expect(String(res.headers.vary)).toMatch(/\bOrigin\b/)
}

describe('CORS on error replies', () => {
  it.each([
    ['404 (no such route)', { method: 'GET', url: '/api/v1/nothing-here' }, 404],
    ['414 (a path parameter over the router limit)', { method: 'DELETE', url: `/api/v1/admin/api-keys/${'x'.repeat(600)}` }, 414],
    ['400 (malformed percent-encoding)', { method: 'GET', url: '/api/v1/admin/api-keys/%zz' }, 400],
    ['413 (body too large)', { method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'x'.repeat(3000) }) }, 413],
    ['415 (media type)', { method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'text/xml' }, payload: '<x/>' }, 415],
    ['415 (content coding)', { method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: '{}' }, 415],
    ['415 (charset)', { method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json; charset=utf-16' }, payload: '{}' }, 415],
    ['415 (text/plain)', { method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'text/plain' }, payload: '{}' }, 415],
    ['401', { method: 'GET', url: '/api/v1/auth/me' }, 401],
    ['400 (validation)', { method: 'POST', url: '/api/v1/auth/login', payload: {} }, 400],
  ] as const)('%s carries the CORS headers of a listed origin, so the page can read the problem', async (_name, request, status) => {
    const res = await t.inject({ ...request, headers: { ...('headers' in request ? request.headers : {}), origin: SCHOOL } } as never)
    expect(res.statusCode).toBe(status)
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expectCors(res)
  })

  it('an OPTIONS request that is not a preflight is a 400 problem+json, not text/plain', async () => {
    for (const headers of [{}, { origin: SCHOOL }]) {
      const res = await t.inject({ method: 'OPTIONS', url: '/api/v1/embed/sessions', headers })
      expect(res.statusCode).toBe(400)
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
      expect(res.json()).toEqual({
        type: 'about:blank', title: 'Bad Request', status: 400, code: 'EDU_MALFORMED_REQUEST',
        detail: 'Invalid Preflight Request', instance: '/api/v1/embed/sessions',
      })
    }
    const preflight = await t.inject({ method: 'OPTIONS', url: '/api/v1/embed/sessions', headers: { origin: SCHOOL, 'access-control-request-method': 'POST' } })
    expect(preflight.statusCode).toBe(204)
    expectCors(preflight)
  })
})

describe('CORS on successful replies', () => {
  it('a preflight from a listed origin is a 204 naming the methods, request headers and max age allowed', async () => {
    const res = await t.inject({ method: 'OPTIONS', url: '/api/v1/auth/login', headers: { origin: SCHOOL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } })
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expectCors(res)
    expect(res.headers['access-control-allow-methods']).toBe('GET, HEAD, POST, PUT, PATCH, DELETE')
    expect(res.headers['access-control-allow-headers']).toBe('Authorization, Content-Type, Idempotency-Key, If-None-Match')
    expect(res.headers['access-control-max-age']).toBe('600')
  })

  it('every reply varies by Origin; only a listed origin is allowed and told the headers it may read', async () => {
    const listed = await t.inject({ method: 'GET', url: '/health/live', headers: { origin: SCHOOL } })
    expect(listed.statusCode).toBe(200)
    expectCors(listed)
    expect(listed.headers.vary).toBe('Origin')
    const none = await t.inject({ method: 'GET', url: '/health/live' })
    expect(none.headers['access-control-allow-origin']).toBeUndefined()
    expect(none.headers.vary).toBe('Origin')
    // Not a CORS request (no Origin): nothing for a browser to expose.
    expect(none.headers['access-control-expose-headers']).toBeUndefined()
    const other = await t.inject({ method: 'GET', url: '/health/live', headers: { origin: 'https://elsewhere.example' } })
    expect(other.headers['access-control-allow-origin']).toBeUndefined()
    expect(other.headers['access-control-expose-headers']).toBeUndefined()
    expect(other.headers.vary).toBe('Origin')
  })

  it('a reply made before any hook runs (Fastify\'s frameworkErrors) allows only a listed origin, as the hook does', async () => {
    for (const url of ['/api/v1/admin/api-keys/%zz', `/api/v1/admin/api-keys/${'x'.repeat(600)}`]) {
      expectCors(await t.inject({ method: 'DELETE', url, headers: { origin: SCHOOL } }))
      const other = await t.inject({ method: 'DELETE', url, headers: { origin: 'https://elsewhere.example' } })
      expect(other.statusCode).toBeGreaterThanOrEqual(400)
      expect(other.headers['access-control-allow-origin']).toBeUndefined()
      expect(other.headers['access-control-expose-headers']).toBeUndefined()
    }
  })

  it('an OPTIONS request from an origin not listed that is no preflight finds no route', async () => {
    const res = await t.inject({ method: 'OPTIONS', url: '/api/v1/auth/login', headers: { origin: 'https://elsewhere.example' } })
    expect(res.statusCode).toBe(404)
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('origins that are not listed', () => {
  it('get no CORS headers; a preflight gets a 403 saying why; each is logged once, the engine\'s own origin never', async () => {
    const info = vi.spyOn(t.app.log, 'info')
    try {
      for (let i = 0; i < 3; i++) {
        const res = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { origin: 'https://other.example' } })
        expect(res.statusCode).toBe(401)
        expect(res.headers['access-control-allow-origin']).toBeUndefined()
      }
      const preflight = await t.inject({ method: 'OPTIONS', url: '/api/v1/auth/me', headers: { origin: 'https://other.example', 'access-control-request-method': 'GET' } })
      expect(preflight.statusCode).toBe(403)
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
      expect(preflight.json()).toMatchObject({ code: 'EDU_ORIGIN_NOT_ALLOWED', detail: 'The origin https://other.example is not allowed to call this engine from a browser: add it to EDU_CORS_ORIGINS' })
      await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { origin: 'http://second.example' } })
      // The engine's own pages (same origin as the Host asked for) are no refusal: nothing logged.
      const own = await t.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: 'http://engine.example:3291', host: 'engine.example:3291' }, payload: { email: 'nobody@example.com', password: 'x' } })
      expect(own.statusCode).toBe(401)
      const lines = info.mock.calls.filter((call) => String(call[1] ?? '').startsWith('CORS: refused'))
      expect(lines.map((call) => call[1])).toEqual([
        'CORS: refused a request from https://other.example, which is not in EDU_CORS_ORIGINS (logged once per origin)',
        'CORS: refused a request from http://second.example, which is not in EDU_CORS_ORIGINS (logged once per origin)',
      ])
    } finally {
      info.mockRestore()
    }
  })
})

describe('EDU_CORS_ORIGINS entries', () => {
  it('are normalised to the form browsers send', () => {
    expect(normaliseOrigin('https://school.example/')).toBe('https://school.example')
    expect(normaliseOrigin('HTTP://127.0.0.1:8081/')).toBe('http://127.0.0.1:8081')
    expect(normaliseOrigin(' https://School.Example:443 ')).toBe('https://school.example')
    expect(normaliseOrigin('http://[::1]:3191')).toBe('http://[::1]:3191')
    expect(allowedOrigins({ plugins: [], http: { corsOrigins: ['https://a.example/', 'https://A.example'], publicUrl: 'https://engine.example/base/' } }))
      .toEqual(['https://a.example', 'https://engine.example'])
  })

  it.each([
    ['https://school.example/embed', 'an origin has no path, query or fragment'],
    ['https://school.example/?x=1', 'an origin has no path, query or fragment'],
    ['school.example', 'not a URL'],
    ['*', 'not a URL'],
    ['ftp://school.example', 'scheme ftp: is not http or https'],
    ['https://me:pw@school.example', 'it has user info'],
  ])('%s is refused at start with one line naming it', async (entry, why) => {
    const message = `EDU_CORS_ORIGINS: "${entry}" is not an origin (${why}); write it as scheme://host[:port], e.g. https://school.example`
    expect(() => normaliseOrigin(entry)).toThrow(new CorsOriginError(message))
    await expect(createEngine({ plugins: [], http: { corsOrigins: ['https://fine.example', entry] } }, { env: false })).rejects.toThrow(message)
  })

  it('the start banner prints the allowed origins', () => {
    expect(banner({ plugins: [], http: { port: 3000, corsOrigins: ['https://School.example/', 'http://127.0.0.1:8081'] } }, 12, 1).split('\n').at(-1))
      .toBe('  CORS     https://school.example, http://127.0.0.1:8081')
    expect(banner({ plugins: [] }, 12, 1).split('\n').at(-1)).toBe("  CORS     none (EDU_CORS_ORIGINS is empty: only this engine's own pages can call it)")
  })
})
