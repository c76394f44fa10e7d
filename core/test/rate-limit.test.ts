import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { createTestEngine, type TestEngine } from '../src/testing/index.ts'

const redisUrl = inject('eduRedisUrl')

let t: TestEngine
beforeAll(async () => {
  t = await createTestEngine({ config: { auth: { rateLimit: { max: 5, timeWindowMs: 60_000 } } } })
})
afterAll(async () => t?.close())

const login = (app: TestEngine['app'], ip: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { email: 'victim@example.com', password: 'guess' } })

describe('strict limits on credential routes', () => {
  it('answers brute force with 429 problem+json and Retry-After', async () => {
    const codes: number[] = []
    for (let i = 0; i < 7; i++) codes.push((await login(t.app, '10.0.0.1')).statusCode)
    expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429])
    const res = await login(t.app, '10.0.0.1')
    expect(res.headers['content-type']).toContain('application/problem+json')
    // Seconds until the one-minute window ends (RFC 9110 delay-seconds).
    expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/)
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60)
    expect(res.json().status).toBe(429)
    // Another client is not punished.
    expect((await login(t.app, '10.0.0.2')).statusCode).toBe(401)
  })

  it('covers register, refresh and password routes too', async () => {
    for (const [url, payload] of [
      ['/api/v1/auth/refresh', { refreshToken: 'x'.repeat(43) }],
      ['/api/v1/auth/password/forgot', { email: 'x@example.com' }],
      ['/api/v1/auth/register', { email: 'bad', password: 'x', name: 'x' }],
    ] as const) {
      const codes: number[] = []
      for (let i = 0; i < 6; i++) codes.push((await t.inject({ method: 'POST', url, payload, remoteAddress: '10.0.1.1' })).statusCode)
      expect(codes.at(-1), url).toBe(429)
    }
  })

  it(redisUrl ? 'is shared by two engines on one Redis' : 'is per engine without Redis (set REDIS_URL to share it)', async () => {
    const other = await t.sibling()
    for (let i = 0; i < 5; i++) expect((await login(t.app, '10.0.2.1')).statusCode).toBe(401)
    const fromOther = (await login(other, '10.0.2.1')).statusCode
    expect(fromOther).toBe(redisUrl ? 429 : 401)
  })
})
