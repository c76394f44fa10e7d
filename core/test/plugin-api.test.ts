import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { definePlugin } from '../src/plugin/define.ts'
import { createTestEngine, type TestEngine } from '../src/testing/index.ts'
import { PluginConfigError } from '../src/plugin/resolve.ts'
import { resolvePlugins } from '../src/plugin/resolve.ts'
import { cycleA, cycleB, demoSeen, echo, first, greeter, needsGhost, order, second, third, withDemo } from './fixtures/plugins.ts'

describe('plugin resolution', () => {
  it('orders plugins after their dependencies, optional ones included when switched on', () => {
    expect(resolvePlugins([second(), third(), first()]).map((p) => p.name)).toEqual(['first', 'third', 'second'])
    expect(resolvePlugins([second(), first()]).map((p) => p.name)).toEqual(['first', 'second'])
  })

  it('refuses a missing dependency, a cycle, a duplicate and bad options, naming plugin and field', () => {
    expect(() => resolvePlugins([needsGhost()])).toThrow(/Plugin "needs-ghost" depends on "ghost", which is not switched on/)
    expect(() => resolvePlugins([cycleA(), cycleB()])).toThrow(/cycle: cycle-a → cycle-b → cycle-a/)
    expect(() => resolvePlugins([greeter(), greeter()])).toThrow(/listed twice/)
    expect(() => resolvePlugins([greeter({ times: 0 })])).toThrow(/Plugin "greeter": option "times"/)
    expect(() => resolvePlugins([greeter({ greeting: 42 as never })])).toThrow(/Plugin "greeter": option "greeting"/)
    expect(() => resolvePlugins([greeter({ times: 0 })])).toThrow(PluginConfigError)
  })

  it('applies option defaults', () => {
    const [resolved] = resolvePlugins([greeter({ times: 2 })])
    expect(resolved!.options).toEqual({ greeting: 'Hello', times: 2 })
  })
})

describe('an engine with plugins', () => {
  let t: TestEngine
  beforeAll(async () => {
    order.length = 0
    t = await createTestEngine({ plugins: [echo(), greeter({ greeting: 'Hi' }), second(), first(), third()] })
  })
  afterAll(async () => t?.close())

  it('registers in dependency order', () => {
    expect(order).toEqual(['first', 'third', 'second'])
  })

  it('serves plugin routes under /api/v1 with their options and services', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/v1/greet/Ada' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ text: 'Hi, Ada' })
    expect((await t.inject({ method: 'GET', url: '/greet/Ada' })).statusCode).toBe(404)
  })

  it('validates plugin route input with problem+json', async () => {
    const res = await t.inject({ method: 'GET', url: `/api/v1/greet/${'x'.repeat(30)}` })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json().errors[0].field).toBe('params.name')
  })

  it('delivers plugin events through the outbox', async () => {
    const sent = t.captureEvents('greeting.sent')
    await t.inject({ method: 'POST', url: '/api/v1/echo/Bob' })
    const [payload] = await sent.waitFor(1)
    expect(payload).toEqual({ to: 'Bob', text: 'Hi, Bob' })
  })

  it('lists plugin routes in the OpenAPI document', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/greet/{name}', '/api/v1/echo/{name}', '/api/v1/auth/login']))
    // Tagged with the plugin's name and public unless a guard protects it, without the plugin saying so.
    expect(doc.paths['/api/v1/greet/{name}'].get).toMatchObject({ tags: ['greeter'], security: [] })
  })
})

describe('operationIds', () => {
  it('refuses to boot with one that is not camelCase verb + noun, naming the route', async () => {
    const bad = definePlugin({
      name: 'bad-operation',
      register(app) {
        app.get('/bad', { schema: { operationId: 'Get_Bad' } }, async () => ({}))
      },
    })
    await expect(createTestEngine({ plugins: [bad()] })).rejects.toThrow('Route GET /api/v1/bad: operationId "Get_Bad" must be camelCase')
  })
})

describe('a plugin switched off', () => {
  let t: TestEngine
  beforeAll(async () => {
    t = await createTestEngine({ plugins: [greeter()] })
  })
  afterAll(async () => t?.close())

  it('has no routes, no services, no subscriptions', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/v1/echo/Bob' })
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(t.app.events.subscriberIds()).toEqual([])
    expect(t.app.services.has('greeter')).toBe(true)
    const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
    expect(Object.keys(doc.paths)).not.toContain('/api/v1/echo/{name}')
  })
})

describe('demo hooks', () => {
  it('run once on an empty database, after the demo accounts, with what register returned', async () => {
    const t = await createTestEngine({ plugins: [withDemo()], config: { demo: true } })
    try {
      expect(demoSeen).toEqual([{ registered: 'made-in-register', teacher: 'teacher@demo.edu' }])
    } finally {
      await t.close()
    }
  })
})

describe('guards on onRequest', () => {
  const guarded = definePlugin({
    name: 'guarded',
    register(app) {
      app.post('/guarded', {
        onRequest: app.auth.require('admin'),
        schema: { operationId: 'createGuarded', body: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } },
      }, async () => ({ ok: true }))
    },
  })
  let t: TestEngine
  beforeAll(async () => {
    t = await createTestEngine({ plugins: [guarded()] })
  })
  afterAll(async () => t?.close())

  it('refuse before the body is validated, and are documented like preHandler guards', async () => {
    expect((await t.inject({ method: 'POST', url: '/api/v1/guarded', payload: { n: 'x' } })).statusCode).toBe(401)
    const student = await t.asStudent()
    expect((await student.inject({ method: 'POST', url: '/api/v1/guarded', payload: { n: 'x' } })).statusCode).toBe(403)
    const admin = await t.asAdmin()
    expect((await admin.inject({ method: 'POST', url: '/api/v1/guarded', payload: { n: 'x' } })).statusCode).toBe(400)
    const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
    const op = doc.paths['/api/v1/guarded'].post
    expect(op.security).toEqual([{ bearer: [] }])
    expect(Object.keys(op.responses)).toEqual(['400', '401', '403', '4XX', '5XX'])
  })
})
