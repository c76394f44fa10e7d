import { describe, expect, it } from 'vitest'
import { configFromEnv, type EngineConfig } from '../src/config.ts'

const base: EngineConfig = { plugins: [], http: { port: 4000, corsOrigins: ['https://kept.example'] }, demo: true }

describe('configFromEnv (the environment variables of CONTRACT.md)', () => {
  it('reads PORT as a port number and refuses anything else, naming the value', () => {
    expect(configFromEnv(base, { PORT: '8080' }).http?.port).toBe(8080)
    expect(configFromEnv(base, { PORT: '0' }).http?.port).toBe(0)
    expect(configFromEnv(base, {}).http?.port).toBe(4000)
    for (const bad of ['http', '80.5', '-1', '65536', '3000abc']) {
      expect(() => configFromEnv(base, { PORT: bad }), bad).toThrow(`PORT must be a port number, got "${bad}"`)
    }
  })

  it('splits EDU_CORS_ORIGINS on commas, trimming blanks away, and keeps the config when unset or empty', () => {
    expect(configFromEnv(base, { EDU_CORS_ORIGINS: 'https://a.example, https://b.example ,,' }).http?.corsOrigins).toEqual(['https://a.example', 'https://b.example'])
    expect(configFromEnv(base, { EDU_CORS_ORIGINS: 'https://only.example' }).http?.corsOrigins).toEqual(['https://only.example'])
    expect(configFromEnv(base, {}).http?.corsOrigins).toEqual(['https://kept.example'])
    expect(configFromEnv(base, { EDU_CORS_ORIGINS: '' }).http?.corsOrigins).toEqual(['https://kept.example'])
  })

  it('switches the demo off with EDU_DEMO=0 and on with any other value', () => {
    expect(configFromEnv(base, { EDU_DEMO: '0' }).demo).toBe(false)
    expect(configFromEnv({ ...base, demo: false }, { EDU_DEMO: '1' }).demo).toBe(true)
    expect(configFromEnv(base, {}).demo).toBe(true)
    expect(configFromEnv({ ...base, demo: undefined }, {}).demo).toBeUndefined()
  })

  it('reads the database, Redis, replicas, admin and secrets; an admin needs both email and password', () => {
    const config = configFromEnv(base, {
      DATABASE_URL: 'postgresql://db/edu', DATABASE_REPLICA_URLS: 'postgresql://r1/edu,postgresql://r2/edu', REDIS_URL: 'redis://cache:6379',
      JWT_SECRET: 's'.repeat(40), EDU_ADMIN_EMAIL: 'admin@school.example', EDU_ADMIN_PASSWORD: 'a long passphrase', HOST: '0.0.0.0',
    })
    expect(config.database).toMatchObject({ url: 'postgresql://db/edu', replicaUrls: ['postgresql://r1/edu', 'postgresql://r2/edu'] })
    expect(config.redis?.url).toBe('redis://cache:6379')
    expect(config.auth?.jwtSecret).toBe('s'.repeat(40))
    expect(config.admin).toEqual({ email: 'admin@school.example', password: 'a long passphrase' })
    expect(config.http?.host).toBe('0.0.0.0')
    expect(configFromEnv(base, { EDU_ADMIN_EMAIL: 'admin@school.example' }).admin).toBeUndefined()
  })
})
