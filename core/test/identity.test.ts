import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, TEST_PASSWORD, type TestEngine } from '../src/testing/index.ts'

let t: TestEngine
beforeAll(async () => {
  t = await createTestEngine({ config: { logLevel: 'error' } })
})
afterAll(async () => t?.close())

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers })

const register = (email: string, role = 'student') => post('/auth/register', { email, password: 'password-123', name: 'Test User', role })

describe('register', () => {
  it('creates a student with a session and refuses a taken email with 409', async () => {
    const res = await register('Alice@Example.com')
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body.user).toMatchObject({ email: 'alice@example.com', role: 'student', isVerified: true, emailVerified: false })
    expect(body.accessToken.split('.')).toHaveLength(3)
    expect(body.refreshToken.length).toBeGreaterThan(20)
    expect(body.user.passwordHash).toBeUndefined()
    const again = await register('alice@example.com')
    expect(again.statusCode).toBe(409)
    expect(again.headers['content-type']).toContain('application/problem+json')
  })

  it('creates teachers unverified', async () => {
    const res = await register('teach@example.com', 'teacher')
    expect(res.json().user).toMatchObject({ role: 'teacher', isVerified: false })
  })

  it('never creates an admin, whatever the body says', async () => {
    for (const payload of [
      { email: 'evil1@example.com', password: 'password-123', name: 'E', role: 'admin' },
      { email: 'evil2@example.com', password: 'password-123', name: 'E', role: 'student', isVerified: true },
      { email: 'evil3@example.com', password: 'password-123', name: 'E', role: 'teacher', isVerified: true },
    ]) {
      const res = await post('/auth/register', payload)
      expect(res.statusCode).toBe(400)
      expect(res.json().errors.length).toBeGreaterThan(0)
    }
    const [row] = await t.app.orm.em.fork().execute(`SELECT count(*)::int AS n FROM edu_users WHERE email LIKE 'evil%'`)
    expect(row!.n).toBe(0)
  })

  it('names each bad field', async () => {
    const res = await post('/auth/register', { email: 'not-an-email', password: 'short', name: '' })
    expect(res.statusCode).toBe(400)
    const fields = res.json().errors.map((e: { field: string }) => e.field).sort()
    expect(fields).toEqual(['body.email', 'body.name', 'body.password'])
  })
})

describe('login and tokens', () => {
  it('logs in and rejects a wrong password or unknown email alike', async () => {
    await register('bob@example.com')
    const ok = await post('/auth/login', { email: 'BOB@example.com', password: 'password-123' })
    expect(ok.statusCode).toBe(200)
    expect(ok.json().user.email).toBe('bob@example.com')
    const wrong = await post('/auth/login', { email: 'bob@example.com', password: 'nope-nope' })
    const unknown = await post('/auth/login', { email: 'nobody@example.com', password: 'nope-nope' })
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(wrong.json().detail).toBe(unknown.json().detail)
  })

  it('GET /auth/me returns the user; without, expired, tampered or alg:none tokens it is 401', async () => {
    const session = (await register('carol@example.com')).json()
    const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${session.accessToken}` } })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toEqual({ id: session.user.id, email: 'carol@example.com', name: 'Test User', role: 'student', isVerified: true, emailVerified: false })

    const none = await t.inject({ method: 'GET', url: '/api/v1/auth/me' })
    expect(none.statusCode).toBe(401)

    const [h, p, s] = session.accessToken.split('.')
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString())
    const forged = Buffer.from(JSON.stringify({ ...payload, role: 'admin' })).toString('base64url')
    const tampered = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${h}.${forged}.${s}` } })
    expect(tampered.statusCode).toBe(401)

    const algNone = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${forged}.`
    expect((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${algNone}` } })).statusCode).toBe(401)

    const otherKey = createHmac('sha256', 'another-secret').update(`${h}.${p}`).digest('base64url')
    expect((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${h}.${p}.${otherKey}` } })).statusCode).toBe(401)

    const claims = JSON.parse(Buffer.from(p, 'base64url').toString())
    const expired = t.app.jwt.sign({ sub: claims.sub, role: claims.role, sid: claims.sid, typ: 'access' }, { expiresIn: -10 } as never)
    const exp = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${expired}` } })
    expect(exp.statusCode).toBe(401)
    expect(exp.json().detail).toMatch(/expired/)

    const basic = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: 'Basic abc' } })
    expect(basic.statusCode).toBe(401)
  })

  it('rotates refresh tokens; reusing a spent one is 401 and revokes its family', async () => {
    const first = (await register('dave@example.com')).json()
    const second = await post('/auth/refresh', { refreshToken: first.refreshToken })
    expect(second.statusCode).toBe(200)
    const pair = second.json()
    expect(pair.refreshToken).not.toBe(first.refreshToken)

    const reuse = await post('/auth/refresh', { refreshToken: first.refreshToken })
    expect(reuse.statusCode).toBe(401)
    // The newer token of the same family is revoked too.
    expect((await post('/auth/refresh', { refreshToken: pair.refreshToken })).statusCode).toBe(401)

    // Another session of the same user is untouched.
    const other = (await post('/auth/login', { email: 'dave@example.com', password: 'password-123' })).json()
    expect((await post('/auth/refresh', { refreshToken: other.refreshToken })).statusCode).toBe(200)
  })

  it('refuses an unknown or expired refresh token', async () => {
    expect((await post('/auth/refresh', { refreshToken: 'x'.repeat(43) })).statusCode).toBe(401)
    const s = (await register('erin@example.com')).json()
    await t.app.orm.em.fork().execute(`UPDATE edu_refresh_tokens SET expires_at = now() - interval '1 minute' WHERE user_id = ?`, [s.user.id])
    const res = await post('/auth/refresh', { refreshToken: s.refreshToken })
    expect(res.statusCode).toBe(401)
    expect(res.json().detail).toMatch(/expired/)
  })

  it('logout revokes the session; only its owner can log it out', async () => {
    const s = (await register('frank@example.com')).json()
    const mallory = (await register('mallory@example.com')).json()
    const byOther = await post('/auth/logout', { refreshToken: s.refreshToken }, { authorization: `Bearer ${mallory.accessToken}` })
    expect(byOther.statusCode).toBe(204)
    expect((await post('/auth/refresh', { refreshToken: s.refreshToken })).statusCode).toBe(200)

    const s2 = (await post('/auth/login', { email: 'frank@example.com', password: 'password-123' })).json()
    expect((await post('/auth/logout', { refreshToken: s2.refreshToken })).statusCode).toBe(401)
    const out = await post('/auth/logout', { refreshToken: s2.refreshToken }, { authorization: `Bearer ${s2.accessToken}` })
    expect(out.statusCode).toBe(204)
    expect((await post('/auth/refresh', { refreshToken: s2.refreshToken })).statusCode).toBe(401)
  })
})

describe('email verification and password reset', () => {
  it('verifies an email with a single-use token', async () => {
    const s = (await register('gina@example.com')).json()
    const auth = { authorization: `Bearer ${s.accessToken}` }
    expect((await post('/auth/email/verify-request', undefined, auth)).statusCode).toBe(202)
    const token = t.mailer.latest('gina@example.com', 'email-verify')!.data!.token!
    expect((await post('/auth/email/verify', { token })).statusCode).toBe(200)
    expect((await post('/auth/email/verify', { token })).statusCode).toBe(400)
    const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: auth })
    expect(me.json().emailVerified).toBe(true)
  })

  it('forgot-password is 202 for an unknown email and sends nothing', async () => {
    const before = t.mailer.messages.length
    const res = await post('/auth/password/forgot', { email: 'ghost@example.com' })
    expect(res.statusCode).toBe(202)
    expect(t.mailer.messages.length).toBe(before)
  })

  it('resets the password once, revoking every refresh token', async () => {
    const s = (await register('hank@example.com')).json()
    expect((await post('/auth/password/forgot', { email: 'hank@example.com' })).statusCode).toBe(202)
    const token = t.mailer.latest('hank@example.com', 'password-reset')!.data!.token!
    expect((await post('/auth/password/reset', { token, password: 'new-password-1' })).statusCode).toBe(200)
    expect((await post('/auth/password/reset', { token, password: 'new-password-2' })).statusCode).toBe(400)
    expect((await post('/auth/refresh', { refreshToken: s.refreshToken })).statusCode).toBe(401)
    expect((await post('/auth/login', { email: 'hank@example.com', password: 'password-123' })).statusCode).toBe(401)
    expect((await post('/auth/login', { email: 'hank@example.com', password: 'new-password-1' })).statusCode).toBe(200)
  })

  it('refuses an expired reset token', async () => {
    await register('ivy@example.com')
    await post('/auth/password/forgot', { email: 'ivy@example.com' })
    const token = t.mailer.latest('ivy@example.com', 'password-reset')!.data!.token!
    await t.app.orm.em.fork().execute(`UPDATE edu_user_tokens SET expires_at = now() - interval '1 second'`)
    expect((await post('/auth/password/reset', { token, password: 'new-password-1' })).statusCode).toBe(400)
    expect((await post('/auth/login', { email: 'ivy@example.com', password: 'password-123' })).statusCode).toBe(200)
  })
})

describe('admin', () => {
  it('lists pending teachers with cursor pagination and verifies one', async () => {
    const admin = await t.asAdmin()
    for (let i = 0; i < 3; i++) await t.asTeacher({ verified: false, email: `pending${i}@example.com` })
    const page1 = await admin.inject({ method: 'GET', url: '/api/v1/admin/teachers/pending?limit=2' })
    expect(page1.statusCode).toBe(200)
    const p1 = page1.json()
    expect(p1.items).toHaveLength(2)
    expect(p1.nextCursor).toBeTypeOf('string')
    const p2 = (await admin.inject({ method: 'GET', url: `/api/v1/admin/teachers/pending?limit=2&cursor=${p1.nextCursor}` })).json()
    const all = [...p1.items, ...p2.items].map((u: { email: string }) => u.email)
    expect(new Set(all).size).toBe(all.length)
    expect(all).toEqual(expect.arrayContaining(['pending0@example.com', 'pending1@example.com', 'pending2@example.com']))

    const target = p1.items[0]
    const verified = await admin.inject({ method: 'PATCH', url: `/api/v1/admin/users/${target.id}/verify` })
    expect(verified.statusCode).toBe(200)
    expect(verified.json().isVerified).toBe(true)
    const teacher = await t.actor({ ...target, isVerified: true })
    expect((await teacher.inject({ method: 'GET', url: '/api/v1/auth/me' })).json().isVerified).toBe(true)
  })

  it('refuses non-admins, bad cursors and malformed ids', async () => {
    const student = await t.asStudent()
    const teacher = await t.asTeacher()
    const admin = await t.asAdmin()
    expect((await student.inject({ method: 'GET', url: '/api/v1/admin/teachers/pending' })).statusCode).toBe(403)
    expect((await teacher.inject({ method: 'PATCH', url: `/api/v1/admin/users/${teacher.user.id}/verify` })).statusCode).toBe(403)
    expect((await admin.inject({ method: 'GET', url: '/api/v1/admin/teachers/pending?cursor=garbage!!' })).statusCode).toBe(400)
    expect((await admin.inject({ method: 'GET', url: '/api/v1/admin/teachers/pending?limit=101' })).statusCode).toBe(400)
    expect((await admin.inject({ method: 'PATCH', url: '/api/v1/admin/users/not-a-uuid/verify' })).statusCode).toBe(400)
    expect((await admin.inject({ method: 'PATCH', url: '/api/v1/admin/users/00000000-0000-4000-8000-000000000000/verify' })).statusCode).toBe(404)
    expect((await admin.inject({ method: 'PATCH', url: `/api/v1/admin/users/${student.user.id}/verify` })).statusCode).toBe(409)
  })

  it('API keys: secret shown once, hashed at rest, scoped, revocable', async () => {
    const admin = await t.asAdmin()
    const created = await admin.inject({ method: 'POST', url: '/api/v1/admin/api-keys', payload: { name: 'CMS sync', scopes: ['read'] } })
    expect(created.statusCode).toBe(201)
    const { apiKey, secret } = created.json()
    expect(secret.startsWith(apiKey.prefix)).toBe(true)
    const [row] = await t.app.orm.em.fork().execute(`SELECT secret_hash FROM edu_api_keys WHERE id = ?`, [apiKey.id])
    expect(row!.secret_hash).not.toContain(secret.split('.')[1])

    const list = (await admin.inject({ method: 'GET', url: '/api/v1/admin/api-keys' })).json()
    expect(list.items.map((k: { id: string }) => k.id)).toContain(apiKey.id)
    expect(JSON.stringify(list)).not.toContain(secret.split('.')[1])

    const key = { authorization: `Bearer ${secret}` }
    expect((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: key })).statusCode).toBe(403)
    const wrongSecret = `${secret.slice(0, -4)}AAAA`
    expect((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${wrongSecret}` } })).statusCode).toBe(401)

    expect((await admin.inject({ method: 'DELETE', url: `/api/v1/admin/api-keys/${apiKey.id}` })).statusCode).toBe(204)
    expect((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: key })).statusCode).toBe(401)
    expect((await admin.inject({ method: 'DELETE', url: `/api/v1/admin/api-keys/${apiKey.id}` })).statusCode).toBe(404)
  })

  it('bootstraps the admin from config once and keeps it', async () => {
    const created = await t.app.identity.ensureAdmin('root@example.com', TEST_PASSWORD)
    expect(created.created).toBe(true)
    expect((await t.app.identity.ensureAdmin('root@example.com', 'other-password')).created).toBe(false)
    const login = await post('/auth/login', { email: 'root@example.com', password: TEST_PASSWORD })
    expect(login.json().user.role).toBe('admin')
  })
})

describe('profile', () => {
  it('PATCH /auth/me changes the name, emits user.updated, and refuses other fields', async () => {
    const updated = t.captureEvents('user.updated')
    const student = await t.asStudent()
    const res = await student.inject({ method: 'PATCH', url: '/api/v1/auth/me', payload: { name: 'New Name' } })
    expect(res.statusCode).toBe(200)
    expect(res.json().name).toBe('New Name')
    expect((await student.inject({ method: 'GET', url: '/api/v1/auth/me' })).json().name).toBe('New Name')
    expect(await updated.waitFor(1)).toEqual([{ userId: student.user.id, fields: ['name'] }])
    const escalate = await student.inject({ method: 'PATCH', url: '/api/v1/auth/me', payload: { role: 'admin' } })
    expect(escalate.statusCode).toBe(400)
    expect((await student.inject({ method: 'GET', url: '/api/v1/auth/me' })).json().role).toBe('student')
  })
})

describe('getUsers', () => {
  it('returns known users by id in one call, cached or not, and leaves out unknown or malformed ids', async () => {
    const a = await t.asStudent()
    const b = await t.asTeacher()
    await t.app.identity.getUser(a.user.id) // a is cached, b is not
    const users = await t.app.identity.getUsers([a.user.id, b.user.id, a.user.id, '00000000-0000-4000-8000-000000000000', 'nope'])
    expect([...users.keys()].sort()).toEqual([a.user.id, b.user.id].sort())
    expect(users.get(b.user.id)?.role).toBe('teacher')
  })
})
