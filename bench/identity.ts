import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBareFastify } from './lib/bare.ts'
import { rssMb, spawnEngine } from './lib/engine.ts'
import { load, type LoadResult } from './lib/load.ts'

export interface IdentityFigures {
  load: LoadResult[]
  startup: { firstRunMs: number; laterRunMs: number; idleRssMb: number }
}

const ADMIN = { email: 'bench-admin@example.com', password: 'bench-password-123' }

/** `npm start` on a fresh data directory, then again on the same one; RSS of the engine process at idle. */
export async function measureStartup(): Promise<IdentityFigures['startup']> {
  const dataDir = await mkdtemp(join(tmpdir(), 'edu-bench-start-'))
  const env = { PORT: '3301', EDU_DATA_DIR: dataDir, DATABASE_URL: '' }
  try {
    const first = await spawnEngine('bin/start.ts', env)
    await first.stop()
    const later = await spawnEngine('bin/start.ts', env)
    await new Promise((r) => setTimeout(r, 3000))
    const idleRssMb = await rssMb(later.pid)
    await later.stop()
    return { firstRunMs: first.readyMs, laterRunMs: later.readyMs, idleRssMb }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** GET /auth/me with a valid token and POST /auth/login, 50 connections, beside a bare Fastify route. */
export async function measureIdentityLoad(durationSeconds = 10): Promise<LoadResult[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'edu-bench-id-'))
  const bare = await startBareFastify(3302)
  const engine = await spawnEngine('bench/lib/engine-server.ts', {
    PORT: '3303', EDU_DATA_DIR: dataDir, EDU_DEMO: '0', EDU_ADMIN_EMAIL: ADMIN.email, EDU_ADMIN_PASSWORD: ADMIN.password,
  })
  try {
    const login = await fetch(`${engine.url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN),
    }).then((r) => r.json() as Promise<{ accessToken: string }>)
    const results: LoadResult[] = []
    results.push(await load({ name: 'bare Fastify GET /hello', url: bare.url, durationSeconds }))
    results.push(await load({ name: 'GET /api/v1/auth/me', url: `${engine.url}/api/v1/auth/me`, headers: { authorization: `Bearer ${login.accessToken}` }, durationSeconds }))
    results.push(await load({ name: 'bare Fastify GET /hello (again)', url: bare.url, durationSeconds }))
    results.push(await load({
      name: 'POST /api/v1/auth/login (argon2id)', url: `${engine.url}/api/v1/auth/login`, method: 'POST',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN), durationSeconds,
    }))
    return results
  } finally {
    bare.stop()
    await engine.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
