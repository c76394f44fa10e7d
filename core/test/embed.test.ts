import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, TEST_PASSWORD, type Actor, type TestEngine } from '../src/testing/index.ts'

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

  it('with no email, gives the student a random address that can never receive mail (RFC 2606 .invalid)', async () => {
    const res = await open(await createKey(['embed']), { externalUserId: 'no-mail' })
    expect(res.json().user.email).toMatch(/^student-[0-9a-f]{32}@embedded\.invalid$/)
    expect(res.json().user.name).toBe('Student')
    // The same school id in another school is another student with another, unrelated address.
    const other = await open(await createKey(['embed']), { externalUserId: 'no-mail' })
    expect(other.json().user.email).toMatch(/^student-[0-9a-f]{32}@embedded\.invalid$/)
    expect(other.json().user.email).not.toBe(res.json().user.email)
  })

  it("nobody can take a student's address first: .invalid and .localhost are refused from every caller", async () => {
    const before = await count(`SELECT count(*)::int AS n FROM edu_users`)
    for (const email of ['student-0123456789abcdef0123456789abcdef@embedded.invalid', 'a@B.INVALID', 'a@invalid', 'root@localhost', 'x@dev.localhost.']) {
      const registered = await t.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: 'password-123', name: 'Squatter' } })
      expect(registered.statusCode, email).toBe(400)
      expect(registered.json().errors).toEqual([{ field: 'body.email', message: 'must not be in a reserved domain (.invalid, .localhost): no mail can reach it' }])
    }
    const passed = await open(await createKey(['embed']), { externalUserId: 'sq-1', email: 'student-00@embedded.invalid' })
    expect(passed.statusCode).toBe(400)
    expect(passed.json().errors).toEqual([{ field: 'body.email', message: 'must not be in a reserved domain (.invalid, .localhost): no mail can reach it' }])
    expect(await count(`SELECT count(*)::int AS n FROM edu_users`)).toBe(before)
    // Test and documentation domains stay usable.
    const example = await t.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'ok@school.test', password: 'password-123', name: 'Ok' } })
    expect(example.statusCode).toBe(201)
  })

  it('a student opens a session even when the address a school would once have given them is taken', async () => {
    const secret = await createKey(['embed'], 'squatted-school')
    // The address the engine used to derive from (school, externalUserId), held by another account.
    const { createHash } = await import('node:crypto')
    const old = `student-${createHash('sha256').update('squatted-school\nvictim').digest('hex').slice(0, 32)}@embedded.invalid`
    await t.app.identity.createUser({ email: old, password: 'password-123', name: 'Squatter', role: 'student' })
    const res = await open(secret, { externalUserId: 'victim' })
    expect(res.statusCode).toBe(201)
    expect(res.json().user.email).not.toBe(old)
    expect(res.json().user.email).toMatch(/^student-[0-9a-f]{32}@embedded\.invalid$/)
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

  it("never links to an existing account by email: a student given a taken address is a separate account, the owner keeps theirs", async () => {
    const existing = await t.asTeacher()
    const res = await open(await createKey(['embed'], 'east-high'), { externalUserId: 'takeover', email: existing.user.email.toUpperCase(), name: 'Mallory' })
    expect(res.statusCode).toBe(201)
    const student = res.json().user
    expect(student).toEqual({ id: student.id, email: existing.user.email, name: 'Mallory', role: 'student', isVerified: true, emailVerified: false })
    expect(student.id).not.toBe(existing.user.id)
    const owner = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${existing.accessToken}` } })
    expect(owner.json()).toMatchObject({ id: existing.user.id, email: existing.user.email, name: existing.user.name, role: 'teacher' })
    expect(await count(`SELECT count(*)::int AS n FROM edu_external_users WHERE user_id = ?`, [existing.user.id])).toBe(0)
    // The owner still signs in to their own account.
    const login = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: existing.user.email, password: TEST_PASSWORD } })
    expect(login.json().user.id).toBe(existing.user.id)

    // Another school's student's address: the same; each student stays with their school.
    const north = await open(await createKey(['embed'], 'north-mail'), { externalUserId: 'kid', email: 'kid@north.example' })
    const south = await open(await createKey(['embed'], 'south-mail'), { externalUserId: 'kid', email: 'kid@north.example' })
    expect(south.statusCode).toBe(201)
    expect(south.json().user.id).not.toBe(north.json().user.id)
    expect(south.json().user.email).toBe('kid@north.example')
    const again = await open(await createKey(['embed'], 'north-mail'), { externalUserId: 'kid' })
    expect(again.json().user).toEqual(north.json().user)
  })

  describe("a school cannot claim an address it doesn't own", () => {
    const address = 'Owner@Mail.example'
    let school: string
    let student: { id: string; email: string }
    beforeAll(async () => {
      school = await createKey(['embed'], 'claiming-school')
      const res = await open(school, { externalUserId: 'p', email: address, name: 'Not the owner' })
      expect(res.statusCode).toBe(201)
      student = res.json().user
      expect(student).toMatchObject({ email: 'owner@mail.example', emailVerified: false })
    })

    it('the address gets no mail: not on creation, not on a reset request, not on a confirmation request', async () => {
      await t.drainEvents()
      const forgot = await t.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { email: address } })
      expect(forgot.statusCode).toBe(202)
      const token = (await open(school, { externalUserId: 'p' })).json().accessToken
      const confirm = await t.inject({ method: 'POST', url: '/api/v1/auth/email/verify-request', headers: { authorization: `Bearer ${token}` } })
      expect(confirm.statusCode).toBe(409)
      expect(confirm.json().detail).toBe("This account belongs to a school's site: its address is the school's contact data, which the engine does not confirm or mail")
      expect(t.mailer.messages.filter((m) => m.to.toLowerCase() === 'owner@mail.example')).toEqual([])
      expect(await t.app.identity.mailAddress(student.id)).toBeUndefined()
    })

    it('signing in with the address never reaches the school\'s student', async () => {
      const login = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: address, password: 'anything-at-all' } })
      expect(login.statusCode).toBe(401)
      expect(login.json().detail).toBe('Email or password is wrong')
    })

    it('the owner registers the address afterwards, recovers it, and gets an account of their own the school cannot reach', async () => {
      const registered = await t.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'OWNER@mail.example', password: 'owner-password-1', name: 'Owner' } })
      expect(registered.statusCode).toBe(201)
      const owner = registered.json().user
      expect(owner.id).not.toBe(student.id)
      // Not confirmed yet: no notification mail goes to it.
      expect(await t.app.identity.mailAddress(owner.id)).toBeUndefined()
      // The address is now held: a second registration is refused, in any letter case.
      const twice = await t.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'owner@MAIL.example', password: 'owner-password-2', name: 'Twin' } })
      expect(twice.statusCode).toBe(409)

      // A reset reaches the owner's account, never the school's student.
      expect((await t.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { email: address } })).statusCode).toBe(202)
      const mail = t.mailer.latest('owner@mail.example', 'password-reset')!
      const reset = await t.inject({ method: 'POST', url: '/api/v1/auth/password/reset', payload: { token: mail.data!.token, password: 'owner-password-3' } })
      expect(reset.statusCode).toBe(200)
      const login = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: address, password: 'owner-password-3' } })
      expect(login.statusCode).toBe(200)
      expect(login.json().user.id).toBe(owner.id)
      // The reset link came from the mailbox: the address is confirmed, and notification mail may go to it.
      expect(await t.app.identity.mailAddress(owner.id)).toBe('owner@mail.example')

      // The school's key still reaches only its own student; renaming it leaves the owner as they are.
      const again = await open(school, { externalUserId: 'p', name: 'Renamed by the school' })
      expect(again.json().user.id).toBe(student.id)
      const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${login.json().accessToken}` } })
      expect(me.json()).toEqual({ ...owner, emailVerified: true })
      expect(me.json().name).toBe('Owner')
      // And a new school student given the owner's address is, again, a separate account.
      const later = await open(school, { externalUserId: 'q', email: address })
      expect(later.statusCode).toBe(201)
      expect(later.json().user.id).not.toBe(owner.id)
    })
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

describe('new students per key', () => {
  let limited: TestEngine
  beforeAll(async () => {
    limited = await createTestEngine({ config: { auth: { embedNewStudentLimit: { max: 3, timeWindowMs: 60_000 } } } })
  })
  afterAll(async () => limited?.close())

  it('are limited per key: the one over is a 429 with Retry-After and stores nothing; existing students and other keys go on', async () => {
    const boss = await limited.asAdmin()
    const keyOf = async () => (await boss.inject({ method: 'POST', url: '/api/v1/admin/api-keys', payload: { name: 'site', scopes: ['embed'] } })).json().secret as string
    const key = await keyOf()
    const openOn = (secret: string, externalUserId: string) =>
      limited.inject({ method: 'POST', url: '/api/v1/embed/sessions', headers: { authorization: `Bearer ${secret}` }, payload: { externalUserId } })
    const users = async () => (await limited.app.orm.em.fork().execute<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM edu_users`))[0]!.n
    for (const id of ['n-1', 'n-2', 'n-3']) expect((await openOn(key, id)).statusCode).toBe(201)
    const before = await users()
    const over = await openOn(key, 'n-4')
    expect(over.statusCode).toBe(429)
    expect(over.json().code).toBe('EDU_RATE_LIMITED')
    const wait = Number(over.headers['retry-after'])
    expect(wait).toBeGreaterThanOrEqual(1)
    expect(wait).toBeLessThanOrEqual(60)
    expect(over.json().detail).toBe(`This API key created too many new students (sessions of existing students still open); try again in ${wait} seconds`)
    expect(await users()).toBe(before)
    // Existing students are not counted or refused.
    for (let i = 0; i < 5; i++) expect((await openOn(key, 'n-1')).statusCode).toBe(201)
    // Another key has its own count.
    expect((await openOn(await keyOf(), 'n-4')).statusCode).toBe(201)
  })
})
