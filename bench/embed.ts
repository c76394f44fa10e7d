import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBareFastify } from './lib/bare.ts'
import { spawnEngine } from './lib/engine.ts'
import { load, table, type LoadResult } from './lib/load.ts'

const ADMIN = { email: 'bench-admin@example.com', password: 'bench-password-123' }

/**
 * `POST /api/v1/embed/sessions` (a school's backend minting widget tokens) with an `embed` API key,
 * 50 connections over 1,000 school users (each created on its first call, then reused), beside a
 * bare Fastify route in the same run.
 */
export async function measureEmbedSessions(durationSeconds = 10): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'edu-bench-embed-'))
  const bare = await startBareFastify(3302)
  const engine = await spawnEngine('bench/lib/engine-server.ts', {
    PORT: '3305', EDU_DATA_DIR: dataDir, DATABASE_URL: '', EDU_DEMO: '0', EDU_ADMIN_EMAIL: ADMIN.email, EDU_ADMIN_PASSWORD: ADMIN.password,
  })
  try {
    const json = { 'content-type': 'application/json' }
    const { accessToken } = await fetch(`${engine.url}/api/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify(ADMIN) })
      .then((r) => r.json() as Promise<{ accessToken: string }>)
    const keyResponse = await fetch(`${engine.url}/api/v1/admin/api-keys`, {
      method: 'POST', headers: { ...json, authorization: `Bearer ${accessToken}` }, body: JSON.stringify({ name: 'bench website', scopes: ['embed'] }),
    })
    if (keyResponse.status !== 201) return `POST /api/v1/admin/api-keys with the embed scope answered ${keyResponse.status} (${await keyResponse.text()}); nothing measured.`
    const { secret } = (await keyResponse.json()) as { secret: string }
    const url = `${engine.url}/api/v1/embed/sessions`
    const headers = { ...json, authorization: `Bearer ${secret}` }
    const probe = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ externalUserId: 'bench-probe' }) })
    if (probe.status !== 201) return `POST /api/v1/embed/sessions answered ${probe.status} on this engine (${await probe.text()}); nothing measured.`
    const requests = Array.from({ length: 1000 }, (_, i) => ({ method: 'POST' as const, path: '/api/v1/embed/sessions', headers, body: JSON.stringify({ externalUserId: `school-user-${i}`, name: `Student ${i}` }) }))
    const results: LoadResult[] = [
      await load({ name: 'bare Fastify GET /hello', url: bare.url, durationSeconds }),
      await load({ name: 'POST /api/v1/embed/sessions (1,000 school users)', url, method: 'POST', requests, durationSeconds }),
    ]
    const share = Math.round((results[1]!.requestsPerSecond / results[0]!.requestsPerSecond) * 100)
    return `${table(results)}\n\nEmbed sessions run at ${share}% of the bare route. Each call looks the school's user up (creating it on first use), updates its name and signs a token.`
  } finally {
    bare.stop()
    await engine.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
