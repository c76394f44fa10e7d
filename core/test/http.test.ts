import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type TestEngine } from '../src/testing/index.ts'

let t: TestEngine
beforeAll(async () => {
  t = await createTestEngine({ config: { http: { corsOrigins: ['https://school.example'], bodyLimit: 64 * 1024 } } })
})
afterAll(async () => t?.close())

const isProblem = (res: { headers: Record<string, unknown>; json(): Record<string, unknown> }, status: number) => {
  expect(res.headers['content-type']).toContain('application/problem+json')
  const body = res.json()
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) })
}

/** Helmet's default Content Security Policy without `upgrade-insecure-requests`: what a plain http request gets. */
const PLAIN_CSP = "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;"
  + "object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline'"
/** The Content Security Policy of a JSON reply (OWASP REST Security Cheat Sheet): nothing to load, never framed. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'"

describe('errors are problem+json, never a 500 for bad input', () => {
  it('unknown route → 404', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/v1/nowhere' })
    expect(res.statusCode).toBe(404)
    isProblem(res, 404)
  })

  it('malformed JSON → 400', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email": "a@b.c",' })
    expect(res.statusCode).toBe(400)
    isProblem(res, 400)
  })

  it('wrong types → 400 naming the field', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 42, password: ['x'] } })
    expect(res.statusCode).toBe(400)
    isProblem(res, 400)
    expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.email', 'body.password'])
  })

  it('a huge body → 413', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.co', password: 'x'.repeat(200_000) } })
    expect(res.statusCode).toBe(413)
    isProblem(res, 413)
  })

  it('an unsupported media type → 415', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'text/xml' }, payload: '<x/>' })
    expect(res.statusCode).toBe(415)
    isProblem(res, 415)
  })

  it('a body in a content coding the engine does not decode → 415, on every route, nothing stored', async () => {
    const users = async () => (await t.app.orm.em.fork().execute<Array<{ n: number }>>('SELECT count(*)::int AS n FROM edu_users'))[0]!.n
    const admin = await t.asAdmin()
    const before = await users()
    const json = JSON.stringify({ email: 'coded@example.com', password: 'password-123', name: 'Coded' })
    const register = (encoding: string, payload: string | Buffer) =>
      t.inject({ method: 'POST', url: '/api/v1/auth/register', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, payload })
    for (const [encoding, payload] of [['gzip', gzipSync(json)], ['gzip', json], ['GZIP', json], ['br', json], ['identity, deflate', json]] as const) {
      const res = await register(encoding, payload)
      expect(res.statusCode, encoding).toBe(415)
      isProblem(res, 415)
      expect(res.json().code).toBe('EDU_UNSUPPORTED_MEDIA_TYPE')
      expect(res.headers['accept-encoding']).toBe('identity')
    }
    expect(await users()).toBe(before)

    const key = (await admin.inject({ method: 'POST', url: '/api/v1/admin/api-keys', payload: { name: 'school', scopes: ['embed'] } })).json().secret
    const embed = await t.inject({
      method: 'POST', url: '/api/v1/embed/sessions', payload: JSON.stringify({ externalUserId: 'coded' }),
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
    })
    expect(embed.statusCode).toBe(415)
    isProblem(embed, 415)
    const profile = await admin.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' }, payload: '{"name":"X"}' })
    expect(profile.statusCode).toBe(415)
    expect(await users()).toBe(before)

    // identity is no coding at all, and a request without a body carries nothing to decode.
    expect((await register('identity', json)).statusCode).toBe(201)
    expect((await t.inject({ method: 'GET', url: '/health/live', headers: { 'content-encoding': 'gzip' } })).statusCode).toBe(200)
  })

  it('JSON that says it is in a charset other than UTF-8 → 415, on every route, nothing stored', async () => {
    const users = async () => (await t.app.orm.em.fork().execute<Array<{ n: number }>>('SELECT count(*)::int AS n FROM edu_users'))[0]!.n
    const admin = await t.asAdmin()
    const before = await users()
    const json = JSON.stringify({ email: 'charset@example.com', password: 'password-123', name: 'Charset' })
    const register = (contentType: string) => t.inject({ method: 'POST', url: '/api/v1/auth/register', headers: { 'content-type': contentType }, payload: json })
    for (const contentType of ['application/json; charset=utf-16', 'application/json;charset=latin1', 'application/json; charset="ISO-8859-1"', 'application/problem+json; charset=utf-32']) {
      const res = await register(contentType)
      expect(res.statusCode, contentType).toBe(415)
      isProblem(res, 415)
      expect(res.json().code).toBe('EDU_UNSUPPORTED_MEDIA_TYPE')
    }
    expect((await register('application/json; charset=utf-16')).json().detail)
      .toBe('JSON bodies are read as UTF-8 (RFC 8259); this one says charset=utf-16. Send it in UTF-8, with charset=utf-8 or no charset')
    const profile = await admin.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: { 'content-type': 'application/json; charset=windows-1251' }, payload: '{"name":"X"}' })
    expect(profile.statusCode).toBe(415)
    expect(await users()).toBe(before)
    // UTF-8 by any of its labels, or no charset at all, is read.
    expect((await register('application/json; charset=UTF-8')).statusCode).toBe(201)
    expect((await admin.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: { 'content-type': 'application/json; charset=utf8' }, payload: '{"name":"Y"}' })).statusCode).toBe(200)
  })

  it('unknown fields are refused rather than silently obeyed', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@b.co', password: 'x', role: 'admin' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual([{ field: 'body.role', message: 'is not an allowed field' }])
  })
})

describe('operations endpoints', () => {
  it('GET /api/v1, the address the start banner prints as the API, is a small JSON index whose links exist', async () => {
    for (const url of ['/api/v1', '/api/v1/']) {
      const res = await t.inject({ method: 'GET', url })
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
      expect(res.json()).toEqual({ name: 'EduPlatform API', version: '0.1.0', links: { openapi: '/openapi.json', docs: '/docs', health: '/health/ready' } })
    }
    for (const link of Object.values((await t.inject({ method: 'GET', url: '/api/v1' })).json().links) as string[]) {
      expect((await t.inject({ method: 'GET', url: link })).statusCode, link).toBe(200)
    }
    expect((await t.inject({ method: 'GET', url: '/openapi.json' })).json().paths['/api/v1'].get.operationId).toBe('getApiIndex')
  })

  it('health', async () => {
    expect((await t.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' })
    const ready = await t.inject({ method: 'GET', url: '/health/ready' })
    expect(ready.statusCode).toBe(200)
    expect(ready.json().checks).toEqual({ database: 'ok', migrations: 'ok' })
  })

  it('ready is 503 while a migration is pending', async () => {
    await t.app.orm.em.fork().execute(`DELETE FROM edu_migrations WHERE name = '002_outbox.sql'`)
    const res = await t.inject({ method: 'GET', url: '/health/ready' })
    expect(res.statusCode).toBe(503)
    expect(res.json().detail).toContain('core/002_outbox.sql')
    await t.app.orm.em.fork().execute(`INSERT INTO edu_migrations (plugin, name, checksum) VALUES ('core', '002_outbox.sql', 'restored')`)
  })

  it('metrics in Prometheus format with HTTP durations by route', async () => {
    await t.inject({ method: 'GET', url: '/health/live' })
    const res = await t.inject({ method: 'GET', url: '/metrics' })
    expect(res.headers['content-type']).toContain('text/plain')
    expect(res.body).toContain('process_cpu_seconds_total')
    expect(res.body).toMatch(/edu_http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} \d+/)
    expect(res.body).toContain('edu_outbox_lag_seconds')
    expect(res.body).toContain('edu_cache_hits_total')
    expect(res.body).toMatch(/edu_db_pool_connections\{state="total"\} [1-9]/)
  })

  it('OpenAPI 3.1 documents every route with problem+json errors, and /docs renders', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
    expect(doc.openapi).toBe('3.1.0')
    const login = doc.paths['/api/v1/auth/login'].post
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['email', 'password'])
    expect(login.operationId).toBe('signIn')
    expect(Object.keys(login.responses).sort()).toEqual(['200', '400', '429', '4XX', '5XX'])
    expect(login.responses['429'].content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } })
    for (const path of ['/api/v1/auth/register', '/api/v1/auth/refresh', '/api/v1/auth/me', '/api/v1/admin/api-keys', '/api/v1/admin/users/{id}/verify', '/health/ready', '/metrics']) {
      expect(doc.paths[path], path).toBeDefined()
    }
    expect(doc.paths['/api/v1/auth/me'].get.security).toEqual([{ bearer: [] }])
    expect(login.security).toEqual([])
    const docs = await t.inject({ method: 'GET', url: '/docs/' })
    expect(docs.statusCode).toBe(200)
    expect(docs.headers['content-type']).toContain('text/html')
  })

  it('documents role of a registration as optional (default student), and a registration without one makes a student', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
    const schema = doc.paths['/api/v1/auth/register'].post.requestBody.content['application/json'].schema
    expect(schema.required).toEqual(['email', 'password', 'name'])
    expect(schema.properties.role.default).toBe('student')
    const res = await t.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: `no-role-${Date.now()}@example.com`, password: 'password-123', name: 'No Role' } })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().user).toMatchObject({ role: 'student', isVerified: true })
  })
})

describe('browser callers', () => {
  it('allows listed origins and no others', async () => {
    const ok = await t.inject({ method: 'OPTIONS', url: '/api/v1/auth/login', headers: { origin: 'https://school.example', 'access-control-request-method': 'POST' } })
    expect(ok.headers['access-control-allow-origin']).toBe('https://school.example')
    const no = await t.inject({ method: 'OPTIONS', url: '/api/v1/auth/login', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } })
    expect(no.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('sends the API security headers on JSON and problem+json replies, helmet\'s on pages', async () => {
    const res = await t.inject({ method: 'GET', url: '/health/live' })
    // Plain http: no HSTS (RFC 6797 §7.2), and a proxy header from a proxy the engine does not trust changes nothing.
    expect(res.headers['strict-transport-security']).toBeUndefined()
    const forwarded = await t.inject({ method: 'GET', url: '/health/live', headers: { 'x-forwarded-proto': 'https' } })
    expect(forwarded.headers['strict-transport-security']).toBeUndefined()
    const problem = await t.inject({ method: 'GET', url: '/api/v1/nothing-here' })
    expect(problem.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    for (const reply of [res, forwarded, problem]) {
      expect(reply.headers['content-type']).toMatch(/^application\/(problem\+)?json/)
      expect(reply.headers['x-content-type-options']).toBe('nosniff')
      expect(reply.headers['x-frame-options']).toBe('DENY')
      expect(reply.headers['content-security-policy']).toBe(API_CSP)
      expect(reply.headers['cache-control']).toBe('no-store')
      // helmet's document headers are not sent with JSON.
      expect(reply.headers['cross-origin-opener-policy']).toBeUndefined()
      expect(reply.headers['origin-agent-cluster']).toBeUndefined()
    }
    // A route that says how its reply may be kept keeps its own Cache-Control.
    const index = await t.inject({ method: 'GET', url: '/api/v1' })
    expect(index.headers['x-frame-options']).toBe('DENY')
    expect(index.headers['cache-control']).toBe('public, no-cache')
    // Also the problems Fastify raises before a route runs (no hook runs for them): malformed percent-encoding, a path parameter over the router's limit.
    for (const url of ['/api/v1/admin/api-keys/%zz', `/api/v1/admin/api-keys/${'x'.repeat(600)}`]) {
      const early = await t.inject({ method: 'GET', url })
      expect(early.statusCode).toBeGreaterThanOrEqual(400)
      expect(early.headers['content-type']).toBe('application/problem+json; charset=utf-8')
      expect(early.headers['x-content-type-options']).toBe('nosniff')
      expect(early.headers['x-frame-options']).toBe('DENY')
      expect(early.headers['content-security-policy']).toBe(API_CSP)
      expect(early.headers['cache-control']).toBe('no-store')
    }
    const page = await t.inject({ method: 'GET', url: '/' })
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    // Plain http: no upgrade-insecure-requests, which would send an engine on a LAN address to https.
    expect(page.headers['content-security-policy']).toBe(PLAIN_CSP)
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin')
  })

  it('lets browsers and proxies keep the API index, the OpenAPI document and the API reference, revalidated by ETag (304)', async () => {
    for (const url of ['/api/v1', '/openapi.json', '/docs', '/docs/', '/docs/json', '/docs/static/swagger-initializer.js']) {
      const first = await t.inject({ method: 'GET', url })
      expect(first.statusCode, url).toBe(200)
      expect(first.headers['cache-control'], url).toBe('public, no-cache')
      const etag = first.headers.etag as string
      expect(etag, url).toMatch(/^"[\w-]+"$/)
      const again = await t.inject({ method: 'GET', url })
      expect(again.headers.etag, url).toBe(etag)
      const revalidated = await t.inject({ method: 'GET', url, headers: { 'if-none-match': etag } })
      expect(revalidated.statusCode, url).toBe(304)
      expect(revalidated.body, url).toBe('')
      expect(revalidated.headers.etag, url).toBe(etag)
      const changed = await t.inject({ method: 'GET', url, headers: { 'if-none-match': '"another"' } })
      expect(changed.statusCode, url).toBe(200)
      expect(changed.body, url).toBe(first.body)
    }
    // The document at /openapi.json is the reference's own.
    const [served, reference] = await Promise.all([t.inject({ method: 'GET', url: '/openapi.json' }), t.inject({ method: 'GET', url: '/docs/json' })])
    expect(served.json()).toEqual(reference.json())
    expect(served.headers['content-type']).toBe('application/json; charset=utf-8')
  })

  it('lets no cache keep a reply that carries tokens', async () => {
    const registered = await t.inject({
      method: 'POST', url: '/api/v1/auth/register',
      payload: { email: 'no-store@school.example', password: 'correct horse 1', name: 'Nora Store', role: 'student' },
    })
    expect(registered.statusCode).toBe(201)
    expect(registered.json().accessToken).toEqual(expect.any(String))
    expect(registered.headers['cache-control']).toBe('no-store')
    const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${registered.json().accessToken}` } })
    expect(me.statusCode).toBe(200)
    expect(me.headers['cache-control']).toBe('no-store')
  })

  it('sends HSTS and upgrade-insecure-requests when a trusted proxy says the request came over https', async () => {
    const proxied = await createTestEngine({ config: { http: { trustProxy: '127.0.0.1' } } })
    try {
      const secure = await proxied.inject({ method: 'GET', url: '/health/live', headers: { 'x-forwarded-proto': 'https' } })
      expect(secure.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
      expect(secure.headers['content-security-policy']).toBe(API_CSP)
      const page = await proxied.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-proto': 'https' } })
      expect(page.headers['content-security-policy']).toBe(`${PLAIN_CSP};upgrade-insecure-requests`)
      expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
      const plain = await proxied.inject({ method: 'GET', url: '/health/live', headers: { 'x-forwarded-proto': 'http' } })
      expect(plain.headers['strict-transport-security']).toBeUndefined()
      expect(plain.headers['content-security-policy']).toBe(API_CSP)
    } finally {
      await proxied.close()
    }
  })
})
