import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestEngine, type Actor, type TestEngine } from '../src/testing/index.ts'

let t: TestEngine
let admin: Actor
beforeAll(async () => {
  t = await createTestEngine()
  admin = await t.asAdmin()
})
afterAll(async () => t?.close())
afterEach(() => {
  vi.useRealTimers()
})

const createKey = async (name: string, scopes: string[], extra: Record<string, unknown> = {}) => {
  const res = await admin.inject({ method: 'POST', url: '/api/v1/admin/api-keys', payload: { name, scopes, ...extra } })
  expect(res.statusCode).toBe(201)
  return res.json() as { apiKey: { id: string; prefix: string; scopes: string[]; lastUsedAt: string | null; school: string | null }; secret: string }
}
const asKey = (secret: string) => ({ authorization: `Bearer ${secret}` })
const activeKeys = async () => (await t.app.orm.em.fork().execute<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM edu_api_keys WHERE revoked_at IS NULL`))[0]!.n

describe('API keys never manage keys', () => {
  it('a key with every scope can neither create, list nor revoke keys', async () => {
    const { apiKey, secret } = await createKey('all scopes', ['read', 'write', 'embed', 'admin'])
    expect(apiKey.scopes).toEqual(['read', 'write', 'embed', 'admin'])
    const before = await activeKeys()
    for (const [method, url, payload] of [
      ['POST', '/api/v1/admin/api-keys', { name: 'child', scopes: ['read'] }],
      ['GET', '/api/v1/admin/api-keys', undefined],
      ['DELETE', `/api/v1/admin/api-keys/${apiKey.id}`, undefined],
    ] as const) {
      const res = await t.inject({ method, url, headers: asKey(secret), payload })
      expect(res.statusCode, `${method} ${url}`).toBe(403)
      expect(res.json().code).toBe('EDU_API_KEY_NOT_A_USER')
    }
    expect(await activeKeys()).toBe(before)
  })

  it('other admin routes need the admin scope; read and write are not enough', async () => {
    const teacher = await t.asTeacher({ verified: false })
    const readWrite = await createKey('cms', ['read', 'write'])
    const pending = await t.inject({ method: 'GET', url: '/api/v1/admin/teachers/pending', headers: asKey(readWrite.secret) })
    expect(pending.statusCode).toBe(403)
    expect(pending.json().detail).toBe('This API key lacks the "admin" scope')
    const verify = await t.inject({ method: 'PATCH', url: `/api/v1/admin/users/${teacher.user.id}/verify`, headers: asKey(readWrite.secret) })
    expect(verify.statusCode).toBe(403)
    expect((await t.app.identity.getUser(teacher.user.id))!.isVerified).toBe(false)

    const adminKey = await createKey('provisioning', ['admin'])
    const list = await t.inject({ method: 'GET', url: '/api/v1/admin/teachers/pending', headers: asKey(adminKey.secret) })
    expect(list.statusCode).toBe(200)
    expect(list.json().items.map((u: { id: string }) => u.id)).toEqual([teacher.user.id])
    const ok = await t.inject({ method: 'PATCH', url: `/api/v1/admin/users/${teacher.user.id}/verify`, headers: asKey(adminKey.secret) })
    expect(ok.statusCode).toBe(200)
    expect(ok.json().isVerified).toBe(true)
  })

  it('refuses unknown scopes, naming the field', async () => {
    const res = await admin.inject({ method: 'POST', url: '/api/v1/admin/api-keys', payload: { name: 'x', scopes: ['read', 'delete'] } })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.scopes.1'])
  })
})

describe('a key on user routes', () => {
  it('/auth/me says the caller is a key, which one, and what it may do', async () => {
    const { apiKey, secret } = await createKey('CMS sync', ['read'])
    const res = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: asKey(secret) })
    expect(res.statusCode).toBe(403)
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(res.json()).toMatchObject({
      status: 403,
      code: 'EDU_API_KEY_NOT_A_USER',
      detail: `This request is signed with the API key "CMS sync" (${apiKey.prefix}…, scopes: read), not by a user; this route is for signed-in users`,
    })
  })

  it('PATCH /auth/me, logout and verify-request refuse a key the same way', async () => {
    const { secret } = await createKey('writer', ['read', 'write'])
    for (const [method, url, payload] of [
      ['PATCH', '/api/v1/auth/me', { name: 'Key' }],
      ['POST', '/api/v1/auth/logout', { refreshToken: 'x'.repeat(43) }],
      ['POST', '/api/v1/auth/email/verify-request', undefined],
    ] as const) {
      const res = await t.inject({ method, url, headers: asKey(secret), payload })
      expect(res.statusCode, url).toBe(403)
      expect(res.json().code).toBe('EDU_API_KEY_NOT_A_USER')
    }
  })
})

describe('lastUsedAt', () => {
  const lastUsed = async (id: string) => {
    const [row] = await t.app.orm.em.fork().execute<Array<{ last_used_at: string | null }>>(`SELECT last_used_at FROM edu_api_keys WHERE id = ?`, [id])
    return row!.last_used_at === null ? null : new Date(row!.last_used_at).toISOString()
  }

  it('is written on use, at most once a minute per key', async () => {
    const { apiKey, secret } = await createKey('reporting', ['admin'])
    expect(apiKey.lastUsedAt).toBeNull()
    const start = new Date('2031-03-01T08:00:00.000Z')
    vi.useFakeTimers({ toFake: ['Date'], now: start })
    const call = () => t.inject({ method: 'GET', url: '/api/v1/admin/teachers/pending', headers: asKey(secret) })

    expect((await call()).statusCode).toBe(200)
    expect(await lastUsed(apiKey.id)).toBe('2031-03-01T08:00:00.000Z')

    vi.setSystemTime(new Date('2031-03-01T08:00:59.000Z'))
    expect((await call()).statusCode).toBe(200)
    expect(await lastUsed(apiKey.id)).toBe('2031-03-01T08:00:00.000Z')

    vi.setSystemTime(new Date('2031-03-01T08:01:00.000Z'))
    expect((await call()).statusCode).toBe(200)
    expect(await lastUsed(apiKey.id)).toBe('2031-03-01T08:01:00.000Z')
    vi.useRealTimers()

    const listed = (await admin.inject({ method: 'GET', url: '/api/v1/admin/api-keys?limit=100' })).json()
    expect(listed.items.find((k: { id: string }) => k.id === apiKey.id).lastUsedAt).toBe('2031-03-01T08:01:00.000Z')
  })

  it('is not written by a refused request (400, 403, 404)', async () => {
    const { apiKey, secret } = await createKey('school site', ['embed'])
    const embed = (payload: object) => t.inject({ method: 'POST', url: '/api/v1/embed/sessions', headers: asKey(secret), payload })
    expect((await embed({ externalUserId: 'has space' })).statusCode).toBe(400)
    expect((await embed({ externalUserId: 'x', email: 'a@b.invalid' })).statusCode).toBe(400)
    expect((await t.inject({ method: 'GET', url: '/api/v1/admin/teachers/pending', headers: asKey(secret) })).statusCode).toBe(403)
    expect((await t.inject({ method: 'GET', url: '/api/v1/no-such-route', headers: asKey(secret) })).statusCode).toBe(404)
    expect(await lastUsed(apiKey.id)).toBeNull()
    expect((await embed({ externalUserId: 'first-student' })).statusCode).toBe(201)
    expect(await lastUsed(apiKey.id)).not.toBeNull()
  })
})

describe('the key list', () => {
  it('pages newest first with limit and cursor, and refuses bad ones', async () => {
    const fresh = await createTestEngine()
    try {
      const owner = await fresh.asAdmin()
      for (const name of ['first', 'second', 'third']) {
        expect((await owner.inject({ method: 'POST', url: '/api/v1/admin/api-keys', payload: { name, scopes: ['read'] } })).statusCode).toBe(201)
      }
      const page1 = (await owner.inject({ method: 'GET', url: '/api/v1/admin/api-keys?limit=2' })).json()
      expect(page1.items.map((k: { name: string }) => k.name)).toEqual(['third', 'second'])
      expect(typeof page1.nextCursor).toBe('string')
      const page2 = (await owner.inject({ method: 'GET', url: `/api/v1/admin/api-keys?limit=2&cursor=${page1.nextCursor}` })).json()
      expect(page2).toMatchObject({ nextCursor: null })
      expect(page2.items.map((k: { name: string }) => k.name)).toEqual(['first'])
      expect((await owner.inject({ method: 'GET', url: '/api/v1/admin/api-keys' })).json().items).toHaveLength(3)

      for (const query of ['limit=0', 'limit=101', 'limit=two']) {
        const res = await owner.inject({ method: 'GET', url: `/api/v1/admin/api-keys?${query}` })
        expect(res.statusCode, query).toBe(400)
        expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['querystring.limit'])
      }
      const badCursor = await owner.inject({ method: 'GET', url: '/api/v1/admin/api-keys?cursor=not-ours' })
      expect(badCursor.statusCode).toBe(400)
      expect(badCursor.json().code).toBe('EDU_INVALID_CURSOR')
    } finally {
      await fresh.close()
    }
  })
})
