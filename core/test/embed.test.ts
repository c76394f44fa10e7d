import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type Actor, type TestEngine } from '../src/testing/index.ts'

let t: TestEngine
let admin: Actor
beforeAll(async () => {
  t = await createTestEngine()
  admin = await t.asAdmin()
})
afterAll(async () => t?.close())

const createKey = async (scopes: string[], school?: string) => {
  const res = await admin.inject({ method: 'POST', url: '/api/v1/admin/api-keys', payload: { name: 'school site', scopes, ...(school ? { school } : {}) } })
  expect(res.statusCode).toBe(201)
  return res.json().secret as string
}
const open = (secret: string, payload: unknown) =>
  t.inject({ method: 'POST', url: '/api/v1/embed/sessions', headers: { authorization: `Bearer ${secret}` }, payload: payload as object })
const count = async (sql: string, params: unknown[] = []) => (await t.app.orm.em.fork().execute<Array<{ n: number }>>(sql, params))[0]!.n
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())

describe('POST /embed/sessions', () => {
  it('creates the student on first use and returns a short-lived student token for them', async () => {
    const registered = t.captureEvents('user.registered')
    const secret = await createKey(['embed'])
    const res = await open(secret, { externalUserId: 'moodle-1001', email: 'Kid@School.example', name: 'Kid One' })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body.user).toEqual({ id: body.user.id, email: 'kid@school.example', name: 'Kid One', role: 'student', isVerified: true, emailVerified: false })
    expect(body.expiresIn).toBe(900)
    const claims = claimsOf(body.accessToken)
    expect(claims).toMatchObject({ sub: body.user.id, role: 'student', typ: 'access' })
    expect(claims.exp - claims.iat).toBe(900)
    expect(body.expiresAt).toBe(new Date(claims.exp * 1000).toISOString())
    const [row] = await t.app.orm.em.fork().execute<Array<{ expires_at: string }>>(`SELECT expires_at FROM edu_refresh_tokens WHERE family_id = ?`, [claims.sid])
    expect(new Date(row!.expires_at).toISOString()).toBe(body.expiresAt)

    const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${body.accessToken}` } })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toEqual(body.user)
    expect(await registered.waitFor(1)).toEqual([{ userId: body.user.id, email: 'kid@school.example', role: 'student' }])

    // The student has no password: the token is the only way in.
    const login = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'kid@school.example', password: '!' } })
    expect(login.statusCode).toBe(401)
  })

  it('finds the same student again, keeps the name current, and makes no second account', async () => {
    const secret = await createKey(['embed'])
    const first = (await open(secret, { externalUserId: 'u-7', name: 'Ann' })).json()
    const second = await open(secret, { externalUserId: 'u-7', name: 'Ann Smith' })
    expect(second.statusCode).toBe(201)
    expect(second.json().user).toEqual({ ...first.user, name: 'Ann Smith' })
    expect(second.json().accessToken).not.toBe(first.accessToken)
    expect(await count(`SELECT count(*)::int AS n FROM edu_external_users WHERE external_user_id = 'u-7'`)).toBe(1)
    // Each call is a session of its own; both work.
    for (const token of [first.accessToken, second.json().accessToken]) {
      expect((await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).json().name).toBe('Ann Smith')
    }
  })

  it('with no email, gives the student an address that can never receive mail (RFC 2606 .invalid)', async () => {
    const res = await open(await createKey(['embed']), { externalUserId: 'no-mail' })
    expect(res.json().user.email).toMatch(/^student-[0-9a-f]{32}@embedded\.invalid$/)
    expect(res.json().user.name).toBe('Student')
  })

  it('keys share students only when they name the same school', async () => {
    const a1 = await createKey(['embed'], 'north-high')
    const a2 = await createKey(['embed'], 'north-high')
    const other = await createKey(['embed'], 'south-high')
    const unnamed = await createKey(['embed'])
    const ids = await Promise.all([a1, a2, other, unnamed].map(async (k) => (await open(k, { externalUserId: 'shared-42' })).json().user.id))
    expect(ids[0]).toBe(ids[1])
    expect(new Set(ids).size).toBe(3)
  })

  it('never links to an existing account by email: 409, nothing created', async () => {
    const existing = await t.asTeacher()
    const before = await count(`SELECT count(*)::int AS n FROM edu_users`)
    const res = await open(await createKey(['embed']), { externalUserId: 'takeover', email: existing.user.email })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('EDU_CONFLICT')
    expect(await count(`SELECT count(*)::int AS n FROM edu_users`)).toBe(before)
    expect(await count(`SELECT count(*)::int AS n FROM edu_external_users WHERE external_user_id = 'takeover'`)).toBe(0)
  })

  it('makes one account when a school asks for a new student several times at once', async () => {
    const secret = await createKey(['embed'])
    const results = await Promise.all(Array.from({ length: 6 }, () => open(secret, { externalUserId: 'burst', email: 'burst@school.example' })))
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201])
    expect(new Set(results.map((r) => r.json().user.id)).size).toBe(1)
    expect(await count(`SELECT count(*)::int AS n FROM edu_users WHERE email = 'burst@school.example'`)).toBe(1)
  })

  it('needs an API key with the embed scope', async () => {
    const payload = { externalUserId: 'x-1' }
    const readWrite = await open(await createKey(['read', 'write', 'admin']), payload)
    expect(readWrite.statusCode).toBe(403)
    expect(readWrite.json().detail).toBe('This API key lacks the "embed" scope')
    const asAdminUser = await admin.inject({ method: 'POST', url: '/api/v1/embed/sessions', payload })
    expect(asAdminUser.statusCode).toBe(403)
    expect(asAdminUser.json().detail).toBe('Only an API key with the "embed" scope may do this')
    expect((await t.inject({ method: 'POST', url: '/api/v1/embed/sessions', payload })).statusCode).toBe(401)
    expect(await count(`SELECT count(*)::int AS n FROM edu_external_users WHERE external_user_id = 'x-1'`)).toBe(0)
  })

  it('refuses bad input, naming each field', async () => {
    const secret = await createKey(['embed'])
    const res = await open(secret, { externalUserId: 'has space', email: 'nope', name: '', extra: 1 })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.email', 'body.externalUserId', 'body.extra', 'body.name'])
    expect((await open(secret, {})).json().errors.map((e: { field: string }) => e.field)).toEqual(['body.externalUserId'])
  })
})
