import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { configFromEnv } from '../src/config.ts'
import { DEFAULT_ACCOUNT_LIMIT, DEFAULT_ADDRESS_LIMIT } from '../src/identity/limits.ts'
import { createTestEngine, type TestEngine } from '../src/testing/index.ts'

const redisUrl = inject('eduRedisUrl')
const SCHOOL = '203.0.113.7'

// The engine's own limits, not the test kit's relaxed ones.
let t: TestEngine
beforeAll(async () => {
  t = await createTestEngine({ config: { auth: { rateLimit: undefined } } })
})
afterAll(async () => t?.close())

const login = (email: string, password: string, remoteAddress: string, app = t.app) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { email, password } })

describe('credential limits that fit a school', () => {
  it('defaults: 300 requests a minute per route and address; 10 attempts per account in 15 minutes', () => {
    expect(DEFAULT_ADDRESS_LIMIT).toEqual({ max: 300, timeWindowMs: 60_000 })
    expect(DEFAULT_ACCOUNT_LIMIT).toEqual({ max: 10, timeWindowMs: 900_000 })
  })

  it('a classroom of 40 behind one school address registers and signs in within a minute', async () => {
    const students = Array.from({ length: 40 }, (_, i) => ({ email: `pupil${i}@school.example`, password: 'class-password-1', name: `Pupil ${i}` }))
    const registered = await Promise.all(students.map((s) => t.inject({ method: 'POST', url: '/api/v1/auth/register', remoteAddress: SCHOOL, payload: s })))
    expect(registered.map((r) => r.statusCode)).toEqual(students.map(() => 201))
    const signedIn = await Promise.all(students.map((s) => login(s.email, s.password, SCHOOL)))
    expect(signedIn.map((r) => r.statusCode)).toEqual(students.map(() => 200))
  })

  it("guessing one account's password is stopped after 10 attempts, from any address, with the exact wait", async () => {
    await t.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'victim@school.example', password: 'the-real-password', name: 'Victim' } })
    const started = Date.now()
    const codes: number[] = []
    for (let i = 0; i < 10; i++) codes.push((await login('victim@school.example', `guess-${i}`, `198.51.100.${i}`)).statusCode)
    expect(codes).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 401])

    const stopped = await login('Victim@School.example', 'the-real-password', '198.51.100.200')
    const elapsed = Date.now() - started
    expect(stopped.statusCode).toBe(429)
    expect(stopped.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    const wait = Number(stopped.headers['retry-after'])
    // The window opened at the first attempt: what is left of 900 s, rounded up to whole seconds (RFC 9110 §10.2.3).
    expect(Number.isInteger(wait)).toBe(true)
    expect(wait).toBeLessThanOrEqual(900)
    expect(wait).toBeGreaterThanOrEqual(Math.ceil((900_000 - elapsed) / 1000))
    expect(stopped.json()).toMatchObject({ status: 429, code: 'EDU_RATE_LIMITED', detail: `Too many attempts for this account; try again in ${wait} seconds` })

    // Other accounts from the same addresses are not punished.
    expect((await login('pupil1@school.example', 'wrong-password', '198.51.100.1')).statusCode).toBe(401)
    expect((await login('pupil1@school.example', 'class-password-1', '198.51.100.1')).statusCode).toBe(200)
  })

  it('forgot-password sends at most 10 mails per account in the window', async () => {
    const codes: number[] = []
    for (let i = 0; i < 11; i++) codes.push((await t.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', remoteAddress: `192.0.2.${i}`, payload: { email: 'pupil2@school.example' } })).statusCode)
    expect(codes).toEqual([202, 202, 202, 202, 202, 202, 202, 202, 202, 202, 429])
    expect(t.mailer.messages.filter((m) => m.to === 'pupil2@school.example' && m.template === 'password-reset')).toHaveLength(10)
  })

  it('one address is stopped after 300 requests a minute on a credential route', async () => {
    const refresh = () => t.inject({ method: 'POST', url: '/api/v1/auth/refresh', remoteAddress: '198.51.100.77', payload: { refreshToken: 'x'.repeat(43) } })
    const codes = new Map<number, number>()
    for (let i = 0; i < 300; i++) {
      const code = (await refresh()).statusCode
      codes.set(code, (codes.get(code) ?? 0) + 1)
    }
    expect([...codes]).toEqual([[401, 300]])
    const over = await refresh()
    expect(over.statusCode).toBe(429)
    expect(over.headers['retry-after']).toBe(over.headers['ratelimit-reset'])
    expect(over.headers['ratelimit-limit']).toBe('300')
    expect(over.headers['ratelimit-remaining']).toBe('0')
    expect(over.headers['x-ratelimit-limit']).toBeUndefined()
    expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60)
  })

  it(redisUrl ? 'the account limit is shared by two engines on one Redis' : 'the account limit is per engine without Redis (set REDIS_URL to share it)', async () => {
    const other = await t.sibling()
    for (let i = 0; i < 10; i++) expect((await login('nobody@school.example', 'wrong', '10.0.2.1')).statusCode).toBe(401)
    expect((await login('nobody@school.example', 'wrong', '10.0.2.2', other)).statusCode).toBe(redisUrl ? 429 : 401)
  })
})

describe('the client address behind a load balancer', () => {
  const refreshFrom = (app: TestEngine['app'], forwardedFor: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/refresh', remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': forwardedFor }, payload: { refreshToken: 'x'.repeat(43) } })

  it('ignores X-Forwarded-For unless the proxy is trusted', async () => {
    const untrusted = await createTestEngine({ config: { auth: { rateLimit: { max: 3, timeWindowMs: 60_000 } } } })
    try {
      const codes = []
      for (const ip of ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4']) codes.push((await refreshFrom(untrusted.app, ip)).statusCode)
      expect(codes).toEqual([401, 401, 401, 429])
    } finally {
      await untrusted.close()
    }
  })

  it('keys limits on the forwarded client address when the proxy is trusted', async () => {
    const trusted = await createTestEngine({ config: { http: { trustProxy: '10.9.9.9' }, auth: { rateLimit: { max: 3, timeWindowMs: 60_000 } } } })
    try {
      const spread = []
      for (const ip of ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4']) spread.push((await refreshFrom(trusted.app, ip)).statusCode)
      expect(spread).toEqual([401, 401, 401, 401])
      const one = []
      for (let i = 0; i < 4; i++) one.push((await refreshFrom(trusted.app, '5.5.5.5')).statusCode)
      expect(one).toEqual([401, 401, 401, 429])
    } finally {
      await trusted.close()
    }
  })

  it('EDU_TRUST_PROXY names the proxies: addresses and ranges, a hop count, or true', () => {
    const read = (value?: string) => configFromEnv({ plugins: [] }, value === undefined ? {} : { EDU_TRUST_PROXY: value }).http?.trustProxy
    expect(read(' 10.0.0.0/8, 192.168.1.10 ')).toBe('10.0.0.0/8,192.168.1.10')
    expect(read('2')).toBe(2)
    expect(read('true')).toBe(true)
    expect(read('false')).toBe(false)
    expect(read('')).toBeUndefined()
    expect(read()).toBeUndefined()
  })
})
