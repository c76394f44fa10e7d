import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { hash } from '@node-rs/argon2'
import { startBareFastify } from './lib/bare.ts'
import { spawnEngine } from './lib/engine.ts'
import { load, type LoadResult } from './lib/load.ts'

/**
 * A classroom signing in: `size` distinct accounts send `POST /auth/login` at the same moment, `rounds`
 * times (a pause between rounds), against `npm start` with its real limits (per address and per account)
 * on a fresh embedded database. Beside it, in the same run: the same burst on a bare Fastify route, and
 * that route under load. Then the cost of one argon2id hash at each of OWASP's recommended settings.
 */
export interface LoginBurst {
  name: string
  samples: number
  failures: number
  p50Ms: number
  p99Ms: number
  maxMs: number
}

const PASSWORD = 'a classroom password 2026'

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

async function bursts(name: string, rounds: number, send: (i: number) => Promise<Response>, size: number): Promise<LoginBurst> {
  const times: number[] = []
  let failures = 0
  for (let round = 0; round < rounds; round++) {
    await Promise.all(Array.from({ length: size }, async (_, i) => {
      const started = performance.now()
      const res = await send(i)
      await res.arrayBuffer()
      times.push(performance.now() - started)
      if (!res.ok) failures++
    }))
    await new Promise((r) => setTimeout(r, 500))
  }
  times.sort((a, b) => a - b)
  const ms = (v: number) => Math.round(v)
  return { name, samples: times.length, failures, p50Ms: ms(percentile(times, 50)), p99Ms: ms(percentile(times, 99)), maxMs: ms(times.at(-1)!) }
}

/** The burst against an engine started with `env` (UV_THREADPOOL_SIZE, for one). */
async function classroom(name: string, env: Record<string, string>, size: number, rounds: number): Promise<LoginBurst> {
  const dataDir = await mkdtemp(join(tmpdir(), 'edu-bench-logins-'))
  const engine = await spawnEngine('bin/start.ts', { PORT: '3304', EDU_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', EDU_DEMO: '0', ...env })
  const emails = Array.from({ length: size }, (_, i) => `pupil-${i + 1}@school.example`)
  const post = (path: string, body: unknown) => fetch(`${engine.url}/api/v1${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  })
  try {
    // The class signs up first, all at once as well.
    const signUps = await Promise.all(emails.map((email, i) => post('/auth/register', { email, password: PASSWORD, name: `Pupil ${i + 1}`, role: 'student' })))
    const refused = signUps.filter((r) => r.status !== 201).length
    if (refused) throw new Error(`${refused} of ${size} sign-ups refused`)
    return await bursts(name, rounds, (i) => post('/auth/login', { email: emails[i], password: PASSWORD }), size)
  } finally {
    await engine.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** OWASP Password Storage Cheat Sheet, argon2id: five settings of equal strength (memory in KiB, passes). */
export const OWASP_ARGON2ID = [
  { memoryCost: 47_104, timeCost: 1 },
  { memoryCost: 19_456, timeCost: 2 },
  { memoryCost: 12_288, timeCost: 3 },
  { memoryCost: 9_216, timeCost: 4 },
  { memoryCost: 7_168, timeCost: 5 },
]

/**
 * At each OWASP setting: the median time of one hash, alone, and of 40 hashes started at once (libuv's
 * pool runs four together), in this process.
 */
export async function argon2Costs(runs = 7, burst = 40): Promise<Array<{ memoryMiB: number; passes: number; medianMs: number; burstMs: number }>> {
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  const timed = async (work: () => Promise<unknown>) => { const started = performance.now(); await work(); return performance.now() - started }
  const rows = []
  for (const p of OWASP_ARGON2ID) {
    const options = { algorithm: 2, parallelism: 1, ...p } as const
    const one: number[] = []
    const many: number[] = []
    for (let i = 0; i < runs; i++) one.push(await timed(() => hash(PASSWORD, options)))
    for (let i = 0; i < 3; i++) many.push(await timed(() => Promise.all(Array.from({ length: burst }, () => hash(PASSWORD, options)))))
    rows.push({ memoryMiB: Math.round(p.memoryCost / 1024), passes: p.timeCost, medianMs: Math.round(median(one) * 10) / 10, burstMs: Math.round(median(many)) })
  }
  return rows
}

export async function measureClassroomLogins(durationSeconds: number, size = 40, rounds = 5): Promise<{ bursts: LoginBurst[]; bareLoad: LoadResult; costs: Awaited<ReturnType<typeof argon2Costs>> }> {
  const bare = await startBareFastify(3302)
  try {
    const bareBurst = await bursts(`bare Fastify GET /hello, ${size} at once`, rounds, () => fetch(bare.url), size)
    const bareLoad = await load({ name: 'bare Fastify GET /hello (same run)', url: bare.url, durationSeconds })
    // The default libuv pool (4 threads, where argon2 runs), one per core, then the default again: A/B/A on a shared machine.
    const cores = String(availableParallelism())
    const engine: LoginBurst[] = []
    for (const [label, env] of [['4, the default', {}], [`${cores} = cores`, { UV_THREADPOOL_SIZE: cores }], ['4, the default, again', {}]] as const) {
      engine.push(await classroom(`POST /auth/login, ${size} accounts at once (libuv pool ${label})`, env, size, rounds))
    }
    return { bursts: [bareBurst, ...engine], bareLoad, costs: await argon2Costs() }
  } finally {
    bare.stop()
  }
}
