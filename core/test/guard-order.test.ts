import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Type } from 'typebox'
import { definePlugin } from '../src/index.ts'
import { createTestEngine, type TestEngine } from '../src/testing/index.ts'

// Who may call a route is settled before its body is read, parsed or validated, whatever hook the guard was declared in.

const Body = Type.Object({ title: Type.String({ minLength: 1 }) }, { additionalProperties: false })
const guarded = definePlugin({
  name: 'guarded',
  register(app) {
    const teacher = app.auth.require(['teacher', 'admin'], { verified: true })
    app.post('/as-pre-handler', { preHandler: teacher, schema: { body: Body } }, async () => ({ ok: true }))
    app.post('/as-pre-validation', { preValidation: [teacher], schema: { body: Body } }, async () => ({ ok: true }))
    app.post('/as-on-request', { onRequest: teacher, schema: { body: Body } }, async () => ({ ok: true }))
  },
})

let t: TestEngine
beforeAll(async () => {
  t = await createTestEngine({ plugins: [guarded()], config: { http: { bodyLimit: 1024 } } })
})
afterAll(async () => t?.close())

const routes = ['/api/v1/as-pre-handler', '/api/v1/as-pre-validation', '/api/v1/as-on-request']
const badBodies: Array<{ payload: string | object; headers?: Record<string, string> }> = [
  { payload: { title: 42, extra: true } },
  { payload: '{"title":', headers: { 'content-type': 'application/json' } },
  { payload: '<title/>', headers: { 'content-type': 'application/xml' } },
  { payload: { title: 'x'.repeat(5000) } },
]

describe('authentication and role checks run before the body is looked at', () => {
  it.each(routes)('%s: anonymous 401, student and unverified teacher 403, whatever the body', async (url) => {
    const student = await t.asStudent()
    const unverified = await t.asTeacher({ verified: false })
    for (const { payload, headers } of badBodies) {
      const anonymous = await t.inject({ method: 'POST', url, payload, headers })
      expect([anonymous.statusCode, anonymous.json().code]).toEqual([401, 'EDU_UNAUTHORIZED'])
      for (const who of [student, unverified]) {
        const res = await who.inject({ method: 'POST', url, payload, headers })
        expect([res.statusCode, res.json().code]).toEqual([403, 'EDU_FORBIDDEN'])
      }
    }
  })

  it.each(routes)('%s: a verified teacher gets the 400 for a bad body, and 200 for a good one', async (url) => {
    const teacher = await t.asTeacher()
    const bad = await teacher.inject({ method: 'POST', url, payload: { title: 42 } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors).toEqual([{ field: 'body.title', message: 'must be string' }])
    const good = await teacher.inject({ method: 'POST', url, payload: { title: 'x' } })
    expect([good.statusCode, good.json()]).toEqual([200, { ok: true }])
  })

  it('the OpenAPI document marks each guarded route as needing the bearer credential', async () => {
    const spec = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
    for (const url of routes) expect(spec.paths[url].post.security).toEqual([{ bearer: [] }])
  })
})
