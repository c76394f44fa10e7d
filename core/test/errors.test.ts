import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Type } from 'typebox'
import { createError, definePlugin } from '../src/index.ts'
import { createTestEngine, type TestEngine } from '../src/testing/index.ts'

// Every error the server sends is problem+json: route errors, Fastify's own, and the HTTP parser's.

const ProviderDown = createError('EDU_TEST_PROVIDER_DOWN', 'The provider did not answer', 503)
const thrower = definePlugin({
  name: 'thrower',
  register(app) {
    app.get('/boom', async () => {
      throw new Error('secret detail: password=hunter2 at /srv/app.ts:12')
    })
    app.get('/boom-typed', async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'id')")
    })
    app.get('/provider-down', async () => {
      throw new ProviderDown()
    })
    app.get('/things/:id', { schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }) }) } }, async (request) => ({ id: request.params.id }))
    app.post('/things', { schema: { body: Type.Object({ n: Type.Integer() }) } }, async (request) => request.body)
    app.post('/ping', async () => ({ pong: true }))
    app.get('/text-error', async (_request, reply) => reply.code(409).type('text/plain').send('Taken'))
  },
})

let t: TestEngine
let base: string
beforeAll(async () => {
  t = await createTestEngine({ plugins: [thrower()], config: { http: { bodyLimit: 16 * 1024 } } })
  base = await t.app.listen({ port: 0, host: '127.0.0.1' })
})
afterAll(async () => t?.close())

const PROBLEM = 'application/problem+json; charset=utf-8'
const ID = '01900000-0000-7000-8000-000000000000'

/** Sends raw bytes over a socket and returns the whole response. */
function raw(request: string | Buffer): Promise<string> {
  const { port } = new URL(base)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (c) => chunks.push(c))
    socket.on('error', reject)
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')))
    socket.end(request)
  })
}
const statusOf = (response: string) => Number(response.split(' ')[1])
const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4))
const headerOf = (response: string, name: string) =>
  response.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim()

describe('the unexpected-error path', () => {
  it('a handler that throws gives 500 problem+json EDU_INTERNAL and never the error message', async () => {
    for (const url of ['/api/v1/boom', '/api/v1/boom-typed']) {
      const res = await t.inject({ method: 'GET', url })
      expect(res.statusCode).toBe(500)
      expect(res.headers['content-type']).toBe(PROBLEM)
      expect(res.json()).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, code: 'EDU_INTERNAL', detail: 'An unexpected error occurred', instance: url })
      expect(res.body).not.toMatch(/secret|hunter2|Cannot read|srv/)
    }
  })

  it("a problem's instance is the request's path, never its query (where a stream or unsubscribe token travels)", async () => {
    for (const [url, status] of [['/api/v1/boom', 500], ['/api/v1/no-such-route', 404], ['/api/v1/things/not-a-uuid', 400]] as const) {
      const res = await t.inject({ method: 'GET', url: `${url}?token=tok-4f1c9e&lastEventId=x` })
      expect(res.statusCode).toBe(status)
      expect(res.json().instance).toBe(url)
      expect(res.body).not.toContain('tok-4f1c9e')
    }
  })

  it('a deliberate 5xx keeps its status, code and message', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/v1/provider-down' })
    expect(res.statusCode).toBe(503)
    expect(res.headers['content-type']).toBe(PROBLEM)
    expect(res.json()).toMatchObject({ status: 503, code: 'EDU_TEST_PROVIDER_DOWN', detail: 'The provider did not answer' })
  })
})

describe('the problem\'s `instance`', () => {
  it('is the path the request named, never its query (which may carry a token)', async () => {
    const secret = 'tok3n-s3cret'
    for (const [url, status] of [
      [`/api/v1/things/not-a-uuid?token=${secret}`, 400],
      [`/api/v1/nowhere?token=${secret}&x=1`, 404],
      [`/api/v1/boom?token=${secret}`, 500],
      [`/api/v1/text-error?token=${secret}`, 409],
    ] as const) {
      const res = await t.inject({ method: 'GET', url })
      expect(res.statusCode, url).toBe(status)
      expect(res.headers['content-type']).toBe(PROBLEM)
      expect(res.json().instance).toBe(url.split('?')[0])
      expect(res.body).not.toContain(secret)
    }
  })
})

describe("Fastify's errors", () => {
  it('a trailing slash reaches the same route', async () => {
    const res = await t.inject({ method: 'GET', url: `/api/v1/things/${ID}/` })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ id: ID })
    expect((await t.inject({ method: 'GET', url: '/health/live/' })).statusCode).toBe(200)
  })

  it('a 101-character id is a 400 naming it; a path segment over 500 characters is 414', async () => {
    const long = await t.inject({ method: 'GET', url: `/api/v1/things/${'a'.repeat(101)}` })
    expect(long.statusCode).toBe(400)
    expect(long.headers['content-type']).toBe(PROBLEM)
    expect(long.json().errors).toEqual([{ field: 'params.id', message: 'must match format "uuid"' }])
    const huge = await t.inject({ method: 'GET', url: `/api/v1/things/${'a'.repeat(501)}` })
    expect(huge.statusCode).toBe(414)
    expect(huge.headers['content-type']).toBe(PROBLEM)
    expect(huge.json()).toMatchObject({ status: 414, title: 'URI Too Long', code: 'EDU_URI_TOO_LONG' })
  })

  it('malformed percent-encoding is a 400 naming the url', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/v1/things/%E0%A4%A' })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toBe(PROBLEM)
    expect(res.json()).toMatchObject({ code: 'EDU_MALFORMED_REQUEST', errors: [{ field: 'url', message: 'is not a valid URL' }] })
  })

  it('malformed JSON, an empty JSON body and forbidden prototype keys are 400s naming the body', async () => {
    for (const payload of ['{"n": 1,', '', '{"__proto__": {"x": 1}, "n": 1}']) {
      const res = await t.inject({ method: 'POST', url: '/api/v1/things', headers: { 'content-type': 'application/json' }, payload })
      expect(res.statusCode, payload).toBe(400)
      expect(res.headers['content-type']).toBe(PROBLEM)
      expect(res.json().code).toBe('EDU_MALFORMED_REQUEST')
      expect(res.json().errors).toEqual([{ field: 'body', message: expect.any(String) }])
    }
  })

  it('a body with a __proto__ key (or constructor.prototype) is valid JSON: the problem says which names are refused, not that it is not JSON', async () => {
    for (const payload of ['{"__proto__": {"x": 1}, "n": 1}', '{"n": 1, "meta": {"constructor": {"prototype": {"x": 1}}}}']) {
      const res = await t.inject({ method: 'POST', url: '/api/v1/things', headers: { 'content-type': 'application/json' }, payload })
      expect(res.statusCode, payload).toBe(400)
      expect(res.headers['content-type']).toBe(PROBLEM)
      const problem = res.json()
      expect(problem.code).toBe('EDU_MALFORMED_REQUEST')
      expect(problem.detail).toMatch(/"__proto__".*"constructor".*"prototype"/)
      expect(problem.detail).not.toMatch(/not valid JSON/)
      expect(problem.errors).toEqual([{ field: 'body', message: problem.detail }])
    }
    // Such names as plain values, or a constructor without prototype, are ordinary JSON.
    const ok = await t.inject({ method: 'POST', url: '/api/v1/things', payload: { n: 1 } })
    expect(ok.statusCode).toBe(200)
  })

  it('a text/plain body is 415 (bodies are JSON); an empty one is no body, as browsers send for fetch(url, { method: "POST", body: "" })', async () => {
    for (const [url, payload] of [['/api/v1/things', '{"n": 1}'], ['/api/v1/ping', 'hello']] as const) {
      for (const type of ['text/plain', 'text/plain;charset=UTF-8']) {
        const res = await t.inject({ method: 'POST', url, headers: { 'content-type': type }, payload })
        expect(res.statusCode, `${url} ${type}`).toBe(415)
        expect(res.headers['content-type']).toBe(PROBLEM)
        expect(res.json()).toMatchObject({ status: 415, code: 'EDU_UNSUPPORTED_MEDIA_TYPE', detail: expect.stringContaining('application/json') })
      }
    }
    // Over a real socket, as a browser's fetch sends them: an empty string body comes as text/plain;charset=UTF-8.
    for (const init of [{ method: 'POST', body: '' }, { method: 'POST' }]) {
      const res = await fetch(`${base}/api/v1/ping`, init)
      expect(res.status, JSON.stringify(init)).toBe(200)
      expect(await res.json()).toEqual({ pong: true })
    }
    // A route that takes a body still needs one.
    const empty = await t.inject({ method: 'POST', url: '/api/v1/things', headers: { 'content-type': 'text/plain' }, payload: '' })
    expect(empty.statusCode).toBe(400)
    expect(empty.json()).toMatchObject({ code: 'EDU_VALIDATION', errors: [{ field: 'body', message: 'must be object' }] })
    // A core route that takes none, signed in, with an empty text/plain body.
    const student = await t.asStudent()
    const verify = await student.inject({ method: 'POST', url: '/api/v1/auth/email/verify-request', headers: { 'content-type': 'text/plain;charset=UTF-8' }, payload: '' })
    expect(verify.statusCode, verify.body).toBe(202)
  })

  it('413 for a body over the limit, 415 for a type no parser takes, 404 for an unknown route or method', async () => {
    const big = await t.inject({ method: 'POST', url: '/api/v1/things', payload: { n: 1, pad: 'x'.repeat(20_000) } })
    expect([big.statusCode, big.headers['content-type'], big.json().code]).toEqual([413, PROBLEM, 'EDU_CONTENT_TOO_LARGE'])
    const xml = await t.inject({ method: 'POST', url: '/api/v1/things', headers: { 'content-type': 'application/xml' }, payload: '<n>1</n>' })
    expect([xml.statusCode, xml.headers['content-type'], xml.json().code]).toEqual([415, PROBLEM, 'EDU_UNSUPPORTED_MEDIA_TYPE'])
    const missing = await t.inject({ method: 'DELETE', url: '/api/v1/things' })
    expect([missing.statusCode, missing.headers['content-type'], missing.json().code]).toEqual([404, PROBLEM, 'EDU_ROUTE_NOT_FOUND'])
  })
})

describe("the HTTP parser's errors, over a real socket", () => {
  it('headers over the size limit are 431 problem+json', async () => {
    const response = await raw(`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
    expect(statusOf(response)).toBe(431)
    expect(headerOf(response, 'content-type')).toBe(PROBLEM)
    expect(bodyOf(response)).toMatchObject({ status: 431, code: 'EDU_HEADERS_TOO_LARGE', title: 'Request Header Fields Too Large' })
    // The security headers of every other problem+json reply.
    expect(headerOf(response, 'x-content-type-options')).toBe('nosniff')
    expect(headerOf(response, 'x-frame-options')).toBe('DENY')
    expect(headerOf(response, 'content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
    expect(headerOf(response, 'cache-control')).toBe('no-store')
  })

  it('a URL over the size limit is 414 problem+json', async () => {
    const response = await raw(`GET /api/v1/things/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)
    expect(statusOf(response)).toBe(414)
    expect(headerOf(response, 'content-type')).toBe(PROBLEM)
    expect(bodyOf(response)).toMatchObject({ status: 414, code: 'EDU_URI_TOO_LONG' })
  })

  it('bytes that are not HTTP are 400 problem+json', async () => {
    const response = await raw('HELLO THERE\r\n\r\n')
    expect(statusOf(response)).toBe(400)
    expect(headerOf(response, 'content-type')).toBe(PROBLEM)
    expect(bodyOf(response)).toMatchObject({ status: 400, code: 'EDU_MALFORMED_REQUEST' })
    expect(headerOf(response, 'x-content-type-options')).toBe('nosniff')
  })

  it('a body cut short is a 400 problem+json, and the engine keeps serving', async () => {
    const response = await raw(`POST /api/v1/things HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{"n":`)
    // The client half-closed its side before the 100 bytes it announced arrived.
    expect(statusOf(response)).toBe(400)
    expect(headerOf(response, 'content-type')).toBe(PROBLEM)
    expect(bodyOf(response)).toMatchObject({ status: 400, code: 'EDU_MALFORMED_REQUEST', detail: 'The request ended before its body was complete' })
    expect((await fetch(`${base}/health/live`)).status).toBe(200)
  })
})
