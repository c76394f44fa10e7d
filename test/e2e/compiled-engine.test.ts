import { randomBytes } from 'node:crypto'
import { spawn } from 'node:child_process'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestDatabase, freePort, untilOutput } from '@eduplatform/core/testing'
import { buildEngine, ENGINE_NODE_OPTIONS, isStale } from '../../bin/build-engine.ts'

// `npm start` runs the engine compiled ahead of time (bin/build-engine.ts): the bundle must find every
// file its sources find beside them (migrations, the widgets build) and start like the sources do.
const root = fileURLToPath(new URL('../..', import.meta.url))
const outDir = join(root, 'dist', `engine-test-${process.pid}`)
let bundle: string

beforeAll(async () => {
  bundle = await buildEngine('bin/start.ts', outDir)
}, 60_000)
afterAll(async () => rm(outDir, { recursive: true, force: true }))

describe('the compiled engine (npm start)', () => {
  it('leaves npm packages as imports and loads the optional SDKs only when they are used', async () => {
    const code = await readFile(bundle, 'utf8')
    // Static imports of the whitespace-minified bundle (`import{a as b}from"x";`); `import("x")` is loaded on use.
    const imports = [...code.matchAll(/(?<![\w$.])import\s*[\w$*{][^;()"]*?from\s*"([^"]+)"/g)].map((m) => m[1])
    expect(imports).toContain('fastify')
    expect(imports).toContain('@mikro-orm/postgresql')
    expect(imports).not.toContain('stripe')
    expect(imports).not.toContain('@google/genai')
    expect(imports).not.toContain('nodemailer')
    expect(imports).not.toContain('esbuild')
    expect(imports.filter((name) => name!.startsWith('@eduplatform/'))).toEqual([])
    expect(await isStale('bin/start.ts', outDir)).toBe(false)
  })

  it('migrates, serves the plugins and the widgets, and stops with exit code 0 on SIGTERM', async () => {
    const db = await createTestDatabase(inject('eduDatabaseServer'))
    const port = await freePort()
    const child = spawn(process.execPath, [...ENGINE_NODE_OPTIONS, bundle], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: db.url, JWT_SECRET: randomBytes(32).toString('hex'), REDIS_URL: '', EDU_DEMO: '1', PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)))
      const output = await untilOutput(child, 'EduPlatform is up')
      const base = `http://127.0.0.1:${port}`
      expect((await fetch(`${base}/health/ready`)).status).toBe(200)
      // Every plugin's migrations ran (each found its folder from the bundle) and the demo catalogue loaded.
      const courses = await fetch(`${base}/api/v1/courses`)
      expect(courses.status).toBe(200)
      expect(((await courses.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0)
      expect((await fetch(`${base}/widgets/edu-widgets.js`)).status).toBe(200)
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      expect(output()).not.toMatch(/"level":(50|60)|\n\s+at /)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
      await db.drop()
    }
  }, 120_000)

  it('npm start hands the engine a SIGTERM sent to npm: the engine stops with it, no process is left serving', async () => {
    // A supervisor that runs `npm start` signals npm, which passes the signal to its script's shell; a shell
    // waiting on its command does not pass it on, so the engine must be the shell's own process (`exec`).
    const db = await createTestDatabase(inject('eduDatabaseServer'))
    const port = await freePort()
    const npm = spawn('npm', ['start'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: db.url, JWT_SECRET: randomBytes(32).toString('hex'), REDIS_URL: '', EDU_DEMO: '0', PORT: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const base = `http://127.0.0.1:${port}`
    try {
      const exited = new Promise<void>((res) => npm.once('exit', () => res()))
      const output = await untilOutput(npm, 'EduPlatform is up')
      expect((await fetch(`${base}/health/live`)).status).toBe(200)
      npm.kill('SIGTERM')
      await exited
      expect(output()).toContain('shutting down')
      await expect(fetch(`${base}/health/live`)).rejects.toThrow()
    } finally {
      if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL')
      await db.drop().catch(() => {})
    }
  }, 120_000)
})
