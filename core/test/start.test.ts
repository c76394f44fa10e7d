import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createTestDatabase, freePort, untilOutput } from '../src/testing/index.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Starts `bin/start.ts` (what `npm start` runs, from the sources) with `env` over this process's; resolves `exited` with its exit code. */
function startProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'bin/start.ts'], {
    cwd: root,
    env: { ...process.env, REDIS_URL: '', EDU_DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)))
  return { child, exited }
}
const dirs: string[] = []
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

describe('npm run migrate', () => {
  it('needs no JWT_SECRET with DATABASE_URL: it signs nothing', async () => {
    const db = await createTestDatabase(inject('eduDatabaseServer'))
    try {
      const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'bin/migrate.ts'], {
        cwd: root, env: { ...process.env, DATABASE_URL: db.url, JWT_SECRET: '', REDIS_URL: '', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      child.stdout!.on('data', (chunk) => (output += chunk))
      child.stderr!.on('data', (chunk) => (output += chunk))
      const code = await new Promise<number | null>((res) => child.once('exit', (c) => res(c)))
      expect(code).toBe(0)
      expect(output.trim().split('\n').at(-1)).toBe('migrations are up to date')
      expect(output).not.toMatch(/"level":(50|60)|JWT_SECRET|\n\s+at /)
    } finally {
      await db.drop()
    }
  }, 120_000)
})

describe('npm start on the embedded PostgreSQL', () => {
  it('says in one line that its port is taken by another program and exits 1, before it starts its PostgreSQL', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'edu-start-'))
    dirs.push(dataDir)
    const port = await freePort()
    const other = createServer()
    await new Promise<void>((res) => other.listen(port, '127.0.0.1', res))
    try {
      const { child, exited } = startProcess({ DATABASE_URL: '', EDU_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' })
      let output = ''
      child.stdout!.on('data', (chunk) => (output += chunk))
      child.stderr!.on('data', (chunk) => (output += chunk))
      expect(await exited).toBe(1)
      expect(output.trim().split('\n').at(-1)).toBe(`error: 127.0.0.1:${port} is in use by another program: stop it, or start this engine on another port (PORT=…)`)
      expect(output).not.toMatch(/EADDRINUSE|\n\s+at /)
      // Told before the slow work: nothing was written to the data directory (no PostgreSQL initialised or started).
      expect(readdirSync(dataDir)).toEqual([])
    } finally {
      await new Promise((res) => other.close(res))
    }
  }, 180_000)

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops cleanly on ${signal}: exit code 0, nothing alarming in the log`, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'edu-start-'))
      dirs.push(dataDir)
      const port = await freePort()
      const { child, exited } = startProcess({ DATABASE_URL: '', EDU_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' })
      const output = await untilOutput(child, 'EduPlatform is up')
      const health = await fetch(`http://127.0.0.1:${port}/health/ready`)
      expect(health.status).toBe(200)
      child.kill(signal)
      expect(await exited).toBe(0)
      // pino's numeric levels: 50 error, 60 fatal.
      expect(output()).not.toMatch(/"level":(50|60)|DatabaseError|\n\s+at /)
      expect(output()).toContain('shutting down: finishing in-flight requests and events')
    }, 180_000)
  }
})

describe('npm start compacts the heap', () => {
  it('runs one memory-reducing collection before it listens, and logs it', async () => {
    const db = await createTestDatabase(inject('eduDatabaseServer'))
    const port = await freePort()
    const { child, exited } = startProcess({ DATABASE_URL: db.url, JWT_SECRET: 'x'.repeat(48), PORT: String(port), LOG_LEVEL: 'info' })
    try {
      const output = await untilOutput(child, 'EduPlatform is up')
      const lines = output().split('\n')
      const compacted = lines.findIndex((l) => l.includes('start: heap compacted'))
      expect(compacted).toBeGreaterThan(-1)
      expect(compacted).toBeLessThan(lines.findIndex((l) => l.includes('EduPlatform is up')))
      const collection = JSON.parse(lines[compacted]!) as { committedMb: number; committedAfterMb: number; usedMb: number; usedAfterMb: number; durationMs: number }
      expect(collection.committedAfterMb).toBeLessThanOrEqual(collection.committedMb)
      expect(collection.usedAfterMb).toBeLessThan(collection.usedMb)
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200)
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      expect(output()).not.toMatch(/"level":(50|60)|\n\s+at /)
    } finally {
      child.kill('SIGKILL')
      await db.drop()
    }
  }, 120_000)
})

describe('request logs (LOG_LEVEL=debug logs every request)', () => {
  it('never carry a token from the query: its value is logged as [redacted]', async () => {
    const db = await createTestDatabase(inject('eduDatabaseServer'))
    const port = await freePort()
    const { child, exited } = startProcess({ DATABASE_URL: db.url, JWT_SECRET: 'a-test-secret-of-more-than-forty-characters-0123', PORT: String(port), LOG_LEVEL: 'debug' })
    try {
      const output = await untilOutput(child, 'EduPlatform is up')
      const secret = 'S3cretStreamTok3n'
      const stream = await fetch(`http://127.0.0.1:${port}/api/v1/notifications/stream?lastEventId=x&token=${secret}`)
      expect(stream.status).toBe(401)
      const unsubscribe = await fetch(`http://127.0.0.1:${port}/api/v1/notifications/unsubscribe?token=${secret}-mail`)
      expect(unsubscribe.status).toBe(400)
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      const urls = output().split('\n').filter((line) => line.includes('"incoming request"')).map((line) => JSON.parse(line).req.url as string)
      expect(urls).toEqual([
        '/api/v1/notifications/stream?lastEventId=x&token=[redacted]',
        '/api/v1/notifications/unsubscribe?token=[redacted]',
      ])
      expect(output()).not.toContain(secret)
    } finally {
      child.kill('SIGKILL')
      await db.drop()
    }
  }, 180_000)
})
