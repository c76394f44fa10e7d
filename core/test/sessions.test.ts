import { createHmac, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { createTestEngine, type TestEngine } from '../src/testing/index.ts'
import { greeter } from './fixtures/plugins.ts'

const redisUrl = inject('eduRedisUrl')

let t: TestEngine
beforeAll(async () => {
  t = await createTestEngine({ plugins: [greeter()] })
})
afterAll(async () => t?.close())

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers })
const me = (accessToken: string, app = t.app) => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${accessToken}` } })
const register = async (email: string) => (await post('/auth/register', { email, password: 'password-123', name: 'Session User' })).json()
const login = async (email: string, password = 'password-123') => (await post('/auth/login', { email, password })).json()

/** A JWT signed with the engine's own secret (RFC 7519 compact form, HS256), carrying exactly these claims. */
function signed(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  const body = `${part(header)}.${part(claims)}`
  return `${body}.${createHmac('sha256', t.config.auth!.jwtSecret!).update(body).digest('base64url')}`
}

describe('sessions end when they should', () => {
  it('logout ends its session at once: its access token is refused on the next request; other sessions go on', async () => {
    const first = await register('leaving@example.com')
    const second = await login('leaving@example.com')
    expect((await me(first.accessToken)).statusCode).toBe(200)

    const out = await post('/auth/logout', { refreshToken: first.refreshToken }, { authorization: `Bearer ${first.accessToken}` })
    expect(out.statusCode).toBe(204)
    const after = await me(first.accessToken)
    expect(after.statusCode).toBe(401)
    expect(after.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(after.json()).toMatchObject({ status: 401, code: 'EDU_UNAUTHORIZED', detail: 'This session has ended; sign in again' })
    expect((await post('/auth/refresh', { refreshToken: first.refreshToken })).statusCode).toBe(401)

    expect((await me(second.accessToken)).statusCode).toBe(200)
  })

  it('a password reset ends every session of the user, access tokens included', async () => {
    const a = await register('resetting@example.com')
    const b = await login('resetting@example.com')
    const other = await register('bystander@example.com')
    for (const token of [a.accessToken, b.accessToken, other.accessToken]) expect((await me(token)).statusCode).toBe(200)

    await post('/auth/password/forgot', { email: 'resetting@example.com' })
    const token = t.mailer.latest('resetting@example.com', 'password-reset')!.data!.token!
    expect((await post('/auth/password/reset', { token, password: 'new-password-9' })).statusCode).toBe(200)

    expect((await me(a.accessToken)).statusCode).toBe(401)
    expect((await me(b.accessToken)).statusCode).toBe(401)
    expect((await me(other.accessToken)).statusCode).toBe(200)
    const fresh = await login('resetting@example.com', 'new-password-9')
    expect((await me(fresh.accessToken)).json().email).toBe('resetting@example.com')
  })

  it('a reused refresh token ends its session, access tokens included', async () => {
    const s = await register('stolen@example.com')
    const rotated = (await post('/auth/refresh', { refreshToken: s.refreshToken })).json()
    expect((await me(rotated.accessToken)).statusCode).toBe(200)
    expect((await post('/auth/refresh', { refreshToken: s.refreshToken })).statusCode).toBe(401)
    expect((await me(rotated.accessToken)).statusCode).toBe(401)
    expect((await me(s.accessToken)).statusCode).toBe(401)
  })

  it('refreshing keeps the session: the previous access token still works until it expires', async () => {
    const s = await register('rotating@example.com')
    const rotated = (await post('/auth/refresh', { refreshToken: s.refreshToken })).json()
    expect((await me(s.accessToken)).statusCode).toBe(200)
    expect((await me(rotated.accessToken)).statusCode).toBe(200)
  })

  it('a session state read before a logout committed is never trusted afterwards', async () => {
    const s = await register('racing@example.com')
    const claims = JSON.parse(Buffer.from(s.accessToken.split('.')[1], 'base64url').toString())
    // A reader that loaded "active" before the logout committed writes its entry after the revision changed.
    const stale = { rev: 'an-older-revision', active: true }
    await post('/auth/logout', { refreshToken: s.refreshToken }, { authorization: `Bearer ${s.accessToken}` })
    await t.app.cache.set(`session:${claims.sub}:${claims.sid}`, stale, 900)
    expect((await me(s.accessToken)).statusCode).toBe(401)
  })

  it('a warm signed-in request reads identity once from the cache: its session and its revision, both found', async () => {
    const lookups = async () => {
      const read = async (name: string) => (await t.app.edu.metrics.getSingleMetric(name)!.get()).values
      const counts: Record<string, number> = {}
      for (const [name, outcome] of [['edu_cache_hits_total', 'hit'], ['edu_cache_misses_total', 'miss']] as const) {
        for (const v of await read(name)) {
          if (['session', 'sessions-rev', 'user', 'apikey'].includes(String(v.labels.area))) counts[`${v.labels.area} ${outcome}`] = v.value
        }
      }
      return counts
    }
    const s = await register(`warm-${randomUUID()}@example.com`)
    expect((await me(s.accessToken)).statusCode).toBe(200)
    const before = await lookups()
    const res = await me(s.accessToken)
    expect(res.json()).toMatchObject({ id: s.user.id, name: 'Session User' })
    const after = await lookups()
    const read = Object.fromEntries(Object.keys(after).map((k) => [k, after[k]! - (before[k] ?? 0)]).filter(([, n]) => n !== 0))
    expect(read).toEqual({ 'session hit': 1, 'sessions-rev hit': 1 })
  })

  it("an account's change shows on its open sessions at once: a teacher verified mid-session", async () => {
    const admin = await t.asAdmin()
    const s = (await post('/auth/register', { email: `teaching-${randomUUID()}@example.com`, password: 'password-123', name: 'New Teacher', role: 'teacher' })).json()
    expect((await me(s.accessToken)).json().isVerified).toBe(false)
    expect((await admin.inject({ method: 'PATCH', url: `/api/v1/admin/users/${s.user.id}/verify` })).statusCode).toBe(200)
    expect((await me(s.accessToken)).json().isVerified).toBe(true)
  })

  it('a teacher verified through their id in capitals sees it on their open session at once', async () => {
    const admin = await t.asAdmin()
    const s = (await post('/auth/register', { email: `teaching-${randomUUID()}@example.com`, password: 'password-123', name: 'New Teacher', role: 'teacher' })).json()
    expect((await me(s.accessToken)).json().isVerified).toBe(false)
    const verified = await admin.inject({ method: 'PATCH', url: `/api/v1/admin/users/${s.user.id.toUpperCase()}/verify` })
    expect(verified.statusCode, verified.body).toBe(200)
    expect((await me(s.accessToken)).json().isVerified).toBe(true)
  })

  it(redisUrl ? 'a logout on one engine ends the session on another at once (shared Redis)' : 'a logout ends the session on the engine that served it (one instance without Redis)', async () => {
    const other = redisUrl ? await t.sibling() : t.app
    const s = await register(`two-engines-${randomUUID()}@example.com`)
    expect((await me(s.accessToken, other)).statusCode).toBe(200)
    await post('/auth/logout', { refreshToken: s.refreshToken }, { authorization: `Bearer ${s.accessToken}` })
    expect((await me(s.accessToken, other)).statusCode).toBe(401)
  })
})

describe('every claim of an access token is checked', () => {
  let user: { id: string; role: string }
  let sid: string
  beforeAll(async () => {
    const s = await register('claims@example.com')
    user = s.user
    sid = JSON.parse(Buffer.from(s.accessToken.split('.')[1], 'base64url').toString()).sid
  })
  const now = () => Math.floor(Date.now() / 1000)
  const good = () => ({ sub: user.id, role: 'student', sid, typ: 'access', iat: now(), exp: now() + 600 })

  it('accepts the engine-made shape', async () => {
    expect((await me(signed(good()))).statusCode).toBe(200)
  })

  const bad: Array<[string, (c: Record<string, unknown>) => Record<string, unknown>]> = [
    ['sub not a UUID', (c) => ({ ...c, sub: 'not-a-uuid' })],
    ['sub a number', (c) => ({ ...c, sub: 42 })],
    ['sub missing', ({ sub: _, ...c }) => c],
    ['role unknown', (c) => ({ ...c, role: 'superuser' })],
    ['role missing', ({ role: _, ...c }) => c],
    ['sid not a UUID', (c) => ({ ...c, sid: "'; DROP TABLE edu_users; --" })],
    ['sid missing (a token from before sessions were checked)', ({ sid: _, ...c }) => c],
    ['sid of no session', (c) => ({ ...c, sid: randomUUID() })],
    ['sid of another user', (c) => ({ ...c, sub: randomUUID() })],
    ['typ another kind of token', (c) => ({ ...c, typ: 'stream' })],
    ['typ missing', ({ typ: _, ...c }) => c],
    ['exp missing', ({ exp: _, ...c }) => c],
    ['exp a string', (c) => ({ ...c, exp: 'tomorrow' })],
    ['exp passed', (c) => ({ ...c, exp: now() - 5 })],
    ['iat missing', ({ iat: _, ...c }) => c],
    ['iat fractional', (c) => ({ ...c, iat: now() + 0.5 })],
    ['payload an array', () => [1, 2] as unknown as Record<string, unknown>],
  ]
  it.each(bad)('%s: 401 problem+json on core and plugin routes', async (_name, mutate) => {
    const token = signed(mutate(good()))
    for (const [method, url] of [['GET', '/api/v1/auth/me'], ['PATCH', '/api/v1/auth/me'], ['POST', '/api/v1/auth/logout'], ['GET', '/api/v1/greet/x'], ['GET', '/api/v1/admin/api-keys']] as const) {
      const res = await t.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: method === 'GET' ? undefined : {} })
      expect(res.statusCode, `${method} ${url}`).toBe(401)
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
      expect(res.json().code).toBe('EDU_UNAUTHORIZED')
    }
  })

  it('a header naming another algorithm is refused', async () => {
    expect((await me(signed(good(), { alg: 'HS512', typ: 'JWT' }))).statusCode).toBe(401)
    expect((await me(signed(good(), { alg: 'none' }))).statusCode).toBe(401)
  })
})
