import { spawn, type ChildProcess } from 'node:child_process'
import { get } from 'node:http'
import { createServer } from 'node:net'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { createTestDatabase, freePort, untilOutput } from '../src/testing/index.ts'
import { MAX_FAILED_STARTS, MAX_WORKERS, workerCount } from '../src/workers.ts'

const redisUrl = inject('eduRedisUrl')
const withRedis = { plugins: [], redis: { url: 'redis://127.0.0.1:6379' } }
const withoutRedis = { plugins: [] }

describe('EDU_WORKERS', () => {
  it('is 1 when unset, with or without Redis', () => {
    expect(workerCount({}, withoutRedis)).toBe(1)
    expect(workerCount({}, withRedis)).toBe(1)
  })

  it('takes a count from 1 to 64, or auto for one per core', () => {
    expect(workerCount({ EDU_WORKERS: '1' }, withoutRedis)).toBe(1)
    expect(workerCount({ EDU_WORKERS: '2' }, withRedis)).toBe(2)
    expect(workerCount({ EDU_WORKERS: '64' }, withRedis)).toBe(64)
    expect(workerCount({ EDU_WORKERS: 'auto' }, withRedis)).toBe(Math.min(availableParallelism(), MAX_WORKERS))
  })

  it('refuses other values in one line', () => {
    for (const value of ['0', '65', '1.5', '-2', 'two', '2x']) {
      expect(() => workerCount({ EDU_WORKERS: value }, withRedis)).toThrow(`EDU_WORKERS must be a whole number from 1 to 64, or "auto"; got "${value}"`)
    }
  })

  it('refuses several workers without Redis, whose in-process caches would not agree', () => {
    expect(() => workerCount({ EDU_WORKERS: '2' }, withoutRedis)).toThrow('EDU_WORKERS=2 needs REDIS_URL: workers share the cache, rate limits and live notifications through Redis')
  })
})

const root = fileURLToPath(new URL('../..', import.meta.url))

/** `npm start` as a child process; resolves with its output once `until` appears in it. */
function start(env: Record<string, string>, until: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'bin/start.ts'], {
    cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  })
  return untilOutput(child, until).then((output) => ({ child, output }))
}

const exited = (child: ChildProcess) => new Promise<number | null>((res) => {
  if (child.exitCode !== null) return res(child.exitCode)
  child.once('exit', (code) => res(code))
})

describe('npm start with EDU_WORKERS', () => {
  const dbs: Array<{ drop(): Promise<void> }> = []
  const children: ChildProcess[] = []
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
    for (const db of dbs) await db.drop()
  })

  it('stops at once, in one line, when several workers have no Redis', async () => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'bin/start.ts'], {
      cwd: root, env: { ...process.env, EDU_WORKERS: '2', REDIS_URL: '', DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.push(child)
    let stderr = ''
    child.stderr!.on('data', (chunk) => (stderr += chunk))
    expect(await exited(child)).toBe(1)
    expect(stderr.trim()).toBe('EDU_WORKERS=2 needs REDIS_URL: workers share the cache, rate limits and live notifications through Redis')
  }, 60_000)

  it.runIf(redisUrl)(`gives up in one line, with exit code 1, when ${MAX_FAILED_STARTS} workers in a row stop before they listen`, async () => {
    const db = await createTestDatabase(inject('eduDatabaseServer'))
    dbs.push(db)
    const port = await freePort()
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'bin/start.ts'], {
      cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'info', EDU_WORKERS: '2', REDIS_URL: redisUrl, DATABASE_URL: db.url, JWT_SECRET: 'w'.repeat(40), PORT: String(port), EDU_DEMO: '0' },
    })
    children.push(child)
    // The primary has tried the port and is migrating the database: another program takes the port before
    // any worker is started, so no worker can listen.
    const output = await untilOutput(child, '"level":30')
    const other = createServer()
    await new Promise<void>((res) => other.listen(port, '127.0.0.1', res))
    try {
      expect(await exited(child)).toBe(1)
    } finally {
      await new Promise((res) => other.close(res))
    }
    const lines = output().trim().split('\n')
    expect(lines.at(-1)).toMatch(new RegExp(`^error: ${MAX_FAILED_STARTS} engine workers in a row stopped before they could serve \\(the last with exit code 1\\); giving up$`))
    expect(lines).toContain(`error: 127.0.0.1:${port} is in use by another program: stop it, or start this engine on another port (PORT=…)`)
    expect(lines.filter((line) => line.includes('engine worker died; starting another'))).toHaveLength(MAX_FAILED_STARTS - 1)
  }, 180_000)

  it.runIf(redisUrl)('runs two engines on one port that share one cache, and stops them together', async () => {
    const db = await createTestDatabase(inject('eduDatabaseServer'))
    dbs.push(db)
    const port = await freePort()
    const { child, output } = await start({
      EDU_WORKERS: '2', REDIS_URL: redisUrl, DATABASE_URL: db.url, JWT_SECRET: 'w'.repeat(40), PORT: String(port), EDU_DEMO: '0',
    }, 'EduPlatform is up')
    children.push(child)
    expect(output()).toContain('(2 workers)')
    const base = `http://127.0.0.1:${port}/api/v1`

    // Two engines: each worker listens for outbox wake-ups on a connection of its own.
    const client = new pg.Client({ connectionString: db.url })
    await client.connect()
    const listeners = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'`)
    await client.end()
    expect(listeners.rows[0].n).toBe(2)

    // A rename through one worker is what every later read sees, whichever worker answers.
    const registered = await fetch(`${base}/auth/register`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'worker-test@example.com', password: 'a long enough password', name: 'Before', role: 'student' }),
    })
    expect(registered.status).toBe(201)
    const { accessToken } = (await registered.json()) as { accessToken: string }
    const me = async () => ((await (await fetch(`${base}/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { name: string }).name
    for (let i = 0; i < 6; i++) expect(await me()).toBe('Before')
    const renamed = await fetch(`${base}/auth/me`, {
      method: 'PATCH', headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'After' }),
    })
    expect(renamed.status).toBe(200)
    const names = []
    for (let i = 0; i < 6; i++) names.push(await me())
    expect(names).toEqual(['After', 'After', 'After', 'After', 'After', 'After'])

    // /metrics counts every worker's requests, whichever worker answers the scrape. Each request below
    // opens a connection of its own, and the primary hands connections to the workers in turn.
    const fresh = (path: string) => new Promise<string>((res, rej) => {
      get(`http://127.0.0.1:${port}${path}`, { agent: false }, (reply) => {
        let body = ''
        reply.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => res(body))
      }).on('error', rej)
    })
    for (let i = 0; i < 10; i++) await fresh('/health/live')
    const liveCount = (text: string) => text.split('\n')
      .filter((line) => line.startsWith('edu_http_request_duration_seconds_count{') && line.includes('route="/health/live"') && line.includes('status_code="200"'))
      .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)))
    for (let i = 0; i < 4; i++) expect(liveCount(await fresh('/metrics'))).toEqual([10])

    child.kill('SIGTERM')
    expect(await exited(child)).toBe(0)
  }, 180_000)
})
