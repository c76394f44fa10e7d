import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine } from '../src/engine.ts'
import { greeter } from './fixtures/plugins.ts'

const dirs: string[] = []
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

describe('the embedded default', () => {
  it('boots with no DATABASE_URL on an embedded PostgreSQL, keeps data and the JWT secret across restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'edu-embedded-'))
    dirs.push(dataDir)
    const config = { plugins: [greeter()], database: { dataDir }, logLevel: 'silent' as const, demo: true }

    const first = await createEngine(config, { env: false })
    try {
      const ready = await first.inject({ method: 'GET', url: '/health/ready' })
      expect(ready.statusCode).toBe(200)
      expect(first.edu.databaseUrl).toMatch(/^postgresql:\/\/postgres:[A-Za-z0-9_-]{32}@127\.0\.0\.1:\d+\/edu$/)
      const login = await first.inject({ method: 'GET', url: '/api/v1/greet/x' })
      expect(login.statusCode).toBe(200)
    } finally {
      await first.close()
    }
    const secret = await readFile(join(dataDir, 'jwt-secret'), 'utf8')
    expect(secret.length).toBeGreaterThanOrEqual(32)

    const second = await createEngine(config, { env: false })
    try {
      expect((await second.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200)
      const [row] = await second.orm.em.fork().execute(`SELECT count(*)::int AS n FROM edu_users WHERE email LIKE '%@demo.edu'`)
      // Demo accounts were made once, on the first start only.
      expect(row!.n).toBe(3)
    } finally {
      await second.close()
    }
    expect(await readFile(join(dataDir, 'jwt-secret'), 'utf8')).toBe(secret)
  }, 120_000)

  it('loads the demo beside a bootstrap admin (EDU_ADMIN_EMAIL) and keeps its credentials in the data folder', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'edu-embedded-demo-'))
    dirs.push(dataDir)
    const config = {
      plugins: [greeter()], database: { dataDir }, logLevel: 'silent' as const, demo: true,
      admin: { email: 'Head@School.example', password: 'a long admin password' },
    }
    const app = await createEngine(config, { env: false })
    try {
      const rows = await app.orm.em.fork().execute<Array<{ email: string }>>(`SELECT email FROM edu_users ORDER BY email`)
      expect(rows.map((r) => r.email)).toEqual(['admin@demo.edu', 'head@school.example', 'student@demo.edu', 'teacher@demo.edu'])
      const file = join(dataDir, 'demo-accounts.txt')
      expect((await stat(file)).mode & 0o777).toBe(0o600)
      const password = /student@demo\.edu {2}password: (\S+)/.exec(await readFile(file, 'utf8'))?.[1]
      expect(password).toMatch(/^\S{12}$/)
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'student@demo.edu', password } })
      expect(login.statusCode).toBe(200)
    } finally {
      await app.close()
    }
  }, 120_000)

  it('requires JWT_SECRET with DATABASE_URL', async () => {
    await expect(createEngine({ plugins: [], database: { url: 'postgresql://127.0.0.1:1/none' }, logLevel: 'silent' }, { env: false })).rejects.toThrow(/JWT_SECRET is required/)
  })

  it('says so in one line when npm start meets DATABASE_URL without JWT_SECRET, not with a stack', async () => {
    const start = new URL('../src/start.ts', import.meta.url).href
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: 'postgresql://127.0.0.1:1/none' }
    delete env.JWT_SECRET
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e',
        `const { startEngine } = await import(${JSON.stringify(start)}); await startEngine({ plugins: [], logLevel: 'silent' })`], { env })
      let stderr = ''
      child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk })
      child.on('exit', (code) => resolve({ code, stderr }))
    })
    expect(code).toBe(1)
    expect(stderr).toBe('error: JWT_SECRET is required when DATABASE_URL is set: 32 or more random characters, the same on every engine of the database (e.g. openssl rand -base64 48)\n')
  })
})
