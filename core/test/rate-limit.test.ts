import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { configFromEnv } from '../src/config.ts'
import { createEngine } from '../src/engine.ts'
import { credentialLimits, DEFAULT_ACCOUNT_CEILING, DEFAULT_ACCOUNT_LIMIT, DEFAULT_ADDRESS_LIMIT, LimitConfigError } from '../src/identity/limits.ts'
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
  it('defaults: 300 requests a minute per route and address; 10 sign-ins per account and address, 100 per account, in 15 minutes', () => {
    expect(DEFAULT_ADDRESS_LIMIT).toEqual({ max: 300, timeWindowMs: 60_000 })
    expect(DEFAULT_ACCOUNT_LIMIT).toEqual({ max: 10, timeWindowMs: 900_000 })
    expect(DEFAULT_ACCOUNT_CEILING).toEqual({ max: 100, timeWindowMs: 900_000 })
  })

  it('a classroom of 40 behind one school address registers and signs in within a minute', async () => {
    const students = Array.from({ length: 40 }, (_, i) => ({ email: `pupil${i}@school.example`, password: 'class-password-1', name: `Pupil ${i}` }))
    const registered = await Promise.all(students.map((s) => t.inject({ method: 'POST', url: '/api/v1/auth/register', remoteAddress: SCHOOL, payload: s })))
    expect(registered.map((r) => r.statusCode)).toEqual(students.map(() => 201))
    const signedIn = await Promise.all(students.map((s) => login(s.email, s.password, SCHOOL)))
    expect(signedIn.map((r) => r.statusCode)).toEqual(students.map(() => 200))
  })

  it("guessing one account's password from one address is stopped after 10 attempts, with the exact wait; its owner still signs in from elsewhere", async () => {
    await t.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'victim@school.example', password: 'the-real-password', name: 'Victim' } })
    const started = Date.now()
    const codes: number[] = []
    for (let i = 0; i < 10; i++) codes.push((await login('victim@school.example', `guess-${i}`, '198.51.100.9')).statusCode)
    expect(codes).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 401])

    // The right password from the guessing address is refused too: the count comes before the check.
    const stopped = await login('Victim@School.example', 'the-real-password', '198.51.100.9')
    const elapsed = Date.now() - started
    expect(stopped.statusCode).toBe(429)
    expect(stopped.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    const wait = Number(stopped.headers['retry-after'])
    // The window opened at the first attempt: what is left of 900 s, rounded up to whole seconds (RFC 9110 §10.2.3).
    expect(Number.isInteger(wait)).toBe(true)
    expect(wait).toBeLessThanOrEqual(900)
    expect(wait).toBeGreaterThanOrEqual(Math.ceil((900_000 - elapsed) / 1000))
    expect(stopped.json()).toMatchObject({ status: 429, code: 'EDU_RATE_LIMITED', detail: `Too many sign-in attempts for this account from this address; try again in ${wait} seconds` })

    // The guessing address goes on; the owner, at school, is not locked out.
    for (let i = 0; i < 20; i++) expect((await login('victim@school.example', `more-${i}`, '198.51.100.9')).statusCode).toBe(429)
    expect((await login('victim@school.example', 'the-real-password', SCHOOL)).statusCode).toBe(200)

    // Other accounts from the guessing address are not punished.
    expect((await login('pupil1@school.example', 'wrong-password', '198.51.100.9')).statusCode).toBe(401)
    expect((await login('pupil1@school.example', 'class-password-1', '198.51.100.9')).statusCode).toBe(200)
  })

  it('a burst of parallel guesses from one address gets exactly 10 password checks', async () => {
    const burst = await Promise.all(Array.from({ length: 15 }, (_, i) => login('pupil3@school.example', `burst-${i}`, '198.51.100.33')))
    const codes = burst.map((r) => r.statusCode).sort()
    expect(codes).toEqual([...Array(10).fill(401), ...Array(5).fill(429)])
  })

  it('guessing spread over many addresses is stopped at 100 attempts per account, the owner included', async () => {
    await t.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'spread@school.example', password: 'spread-password-1', name: 'Spread' } })
    const codes = new Map<number, number>()
    // 12 addresses: the first ten use their 10 each and reach the ceiling; the others go on, refused.
    for (let a = 0; a < 12; a++) {
      for (let i = 0; i < 10; i++) {
        const code = (await login('spread@school.example', `spread-${a}-${i}`, `192.0.2.${100 + a}`)).statusCode
        codes.set(code, (codes.get(code) ?? 0) + 1)
      }
    }
    expect([...codes]).toEqual([[401, 100], [429, 20]])
    const owner = await login('spread@school.example', 'spread-password-1', SCHOOL)
    expect(owner.statusCode).toBe(429)
    const wait = Number(owner.headers['retry-after'])
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(900)
    expect(owner.json()).toMatchObject({ status: 429, code: 'EDU_RATE_LIMITED', detail: `Too many sign-in attempts for this account; try again in ${wait} seconds` })
    // Another account is not touched by it.
    expect((await login('pupil5@school.example', 'class-password-1', '192.0.2.100')).statusCode).toBe(200)
  })

  it('forgot-password sends at most 10 mails per account in the window', async () => {
    const codes: number[] = []
    for (let i = 0; i < 11; i++) codes.push((await t.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', remoteAddress: `192.0.2.${i}`, payload: { email: 'pupil2@school.example' } })).statusCode)
    expect(codes).toEqual([202, 202, 202, 202, 202, 202, 202, 202, 202, 202, 429])
    expect(t.mailer.messages.filter((m) => m.to === 'pupil2@school.example' && m.template === 'password-reset')).toHaveLength(10)
    // A flood of reset mails is not a flood of sign-ins: the owner signs in.
    expect((await login('pupil2@school.example', 'class-password-1', '192.0.2.0')).statusCode).toBe(200)
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
    expect((await login('nobody@school.example', 'wrong', '10.0.2.1', other)).statusCode).toBe(redisUrl ? 429 : 401)
    expect((await login('nobody@school.example', 'wrong', '10.0.2.2', other)).statusCode).toBe(401)
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

  it('keys sign-in limits on the forwarded client address when the proxy is trusted: an attacker cannot lock the owner out', async () => {
    const trusted = await createTestEngine({ config: { http: { trustProxy: '10.9.9.9' }, auth: { accountRateLimit: { max: 3, timeWindowMs: 60_000 }, accountCeiling: { max: 6, timeWindowMs: 60_000 } } } })
    const signIn = (forwardedFor: string, password: string) =>
      trusted.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.9.9.9', headers: { 'x-forwarded-for': forwardedFor }, payload: { email: 'head@school.example', password } })
    try {
      await trusted.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'head@school.example', password: 'head-password-1', name: 'Head' } })
      // One attacker address: 3 guesses, then refused however long it goes on (refusals do not count toward the ceiling of 6).
      const attacker = []
      for (let i = 0; i < 10; i++) attacker.push((await signIn('1.1.1.1', `guess-${i}`)).statusCode)
      expect(attacker).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429])
      // The owner, from another client behind the same proxy, signs in (attempt 4 of 6 for the account).
      expect((await signIn('2.2.2.2', 'head-password-1')).statusCode).toBe(200)
      // Two more addresses reach the ceiling; then nobody signs in, the owner neither.
      expect((await signIn('3.3.3.3', 'guess')).statusCode).toBe(401)
      expect((await signIn('4.4.4.4', 'guess')).statusCode).toBe(401)
      const ceiling = await signIn('2.2.2.2', 'head-password-1')
      expect(ceiling.statusCode).toBe(429)
      expect(ceiling.headers['content-type']).toBe('application/problem+json; charset=utf-8')
      expect(Number(ceiling.headers['retry-after'])).toBeLessThanOrEqual(60)
      expect(ceiling.json().detail).toBe(`Too many sign-in attempts for this account; try again in ${ceiling.headers['retry-after']} seconds`)
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

describe('limits of auth in edu.config.ts', () => {
  it('unset limits are the defaults; set ones are kept', () => {
    expect(credentialLimits(undefined)).toEqual({
      address: DEFAULT_ADDRESS_LIMIT,
      account: DEFAULT_ACCOUNT_LIMIT,
      accountCeiling: DEFAULT_ACCOUNT_CEILING,
      embedNewStudents: { max: 2000, timeWindowMs: 600_000 },
    })
    expect(credentialLimits({ accountRateLimit: { max: 5, timeWindowMs: 60_000 }, accountCeiling: { max: 50, timeWindowMs: 600_000 } })).toMatchObject({
      account: { max: 5, timeWindowMs: 60_000 },
      accountCeiling: { max: 50, timeWindowMs: 600_000 },
    })
  })

  it.each([
    [{ accountCeiling: { max: 'lots', timeWindowMs: 60_000 } }, 'auth.accountCeiling.max in edu.config.ts must be integer; got "lots"'],
    [{ accountCeiling: { max: 100 } }, 'auth.accountCeiling.timeWindowMs in edu.config.ts is required; got undefined'],
    [{ accountRateLimit: { max: 0, timeWindowMs: 60_000 } }, 'auth.accountRateLimit.max in edu.config.ts must be >= 1; got 0'],
    [{ accountRateLimit: { max: 10, timeWindow: 60_000 } }, 'auth.accountRateLimit in edu.config.ts has no option "timeWindow"; its options are max, timeWindowMs'],
    [{ rateLimit: 300 }, 'auth.rateLimit in edu.config.ts must be { max, timeWindowMs }; got 300'],
    [{ embedNewStudentLimit: { max: 1.5, timeWindowMs: 60_000 } }, 'auth.embedNewStudentLimit.max in edu.config.ts must be integer; got 1.5'],
  ])('refuses %j before anything starts', async (auth, message) => {
    expect(() => credentialLimits(auth as never)).toThrow(new LimitConfigError(message))
    await expect(createEngine({ plugins: [], auth: auth as never }, { env: false })).rejects.toThrow(message)
  })
})
