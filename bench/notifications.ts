import { randomBytes, randomUUID } from 'node:crypto'
import { spawn, type ChildProcess } from 'node:child_process'
import { request, type ClientRequest } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createSigner } from 'fast-jwt'
import pg from 'pg'
import { startEmbeddedPostgres } from '../core/src/db/embedded.ts'
import { createTestDatabase } from '../core/src/testing/database.ts'
import { benchPort, waitForLine } from './lib/bare.ts'
import { compiledEngine, rssMb } from './lib/engine.ts'

export interface StreamFigures {
  name: string
  /** Streams open when RSS was read. */
  open: number
  failed: number
  idleRssMb: number
  /** RSS while the streams are held (see `holdMeasured`). */
  held: HeldRss
  /** The most streams open while RSS stayed under `limitMb` (read after every 500). */
  underLimit: number
}

/** RSS of a server holding its streams, read once a second for `HOLD_SECONDS` after the last one opened, MB. */
export interface HeldRss {
  /** The reading 2 s after the last stream opened (what earlier runs reported). */
  at2s: number
  /** The highest reading. */
  peak: number
  /** The median of the last `STEADY_SAMPLES` readings: the steady state, compared with the aim. */
  steady: number
  /** Every reading, one a second from 1 s. */
  samples: number[]
}

export interface DelayFigures {
  name: string
  streams: number
  samples: number
  p50Ms: number
  p99Ms: number
  maxMs: number
}

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const FILE_LIMIT = 65_536

/** Runs Node with `args` in its own process with a raised open-file limit (each stream is a socket). */
async function spawnServer(args: string[], env: Record<string, string>, readyText: string): Promise<ChildProcess> {
  const child = spawn('bash', ['-c', `ulimit -n ${FILE_LIMIT} 2>/dev/null; exec "$0" --disable-warning=ExperimentalWarning "$@"`, process.execPath, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await waitForLine(child, readyText, 120_000)
  return child
}

const stop = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null) return resolve()
  child.once('exit', () => resolve())
  child.kill('SIGTERM')
})

interface OpenStream {
  req: ClientRequest
  /** Resolves with the arrival time of the next `event: notification`. */
  next(): Promise<number>
}

/** Opens one SSE stream and resolves once its first bytes (`retry:`) arrived. */
function openStream(url: string, headers: Record<string, string>): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const waiters: Array<(at: number) => void> = []
    const req = request(url, { agent: false, headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`))
      let first = true
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        const at = performance.now()
        if (first) {
          first = false
          resolve({ req, next: () => new Promise((r) => waiters.push(r)) })
        }
        if (chunk.includes('event: notification')) waiters.shift()?.(at)
      })
      res.on('error', () => {})
    })
    req.on('error', reject)
    req.end()
  })
}

const RSS_LIMIT_MB = 300
/** Seconds the streams are held while RSS is read (heartbeats flow meanwhile: one every 15 s by default). */
const HOLD_SECONDS = Number(process.env.BENCH_HOLD_SECONDS ?? 20)
const STEADY_SAMPLES = 5

/** Reads a server's RSS once a second for HOLD_SECONDS while it holds its streams. */
async function holdMeasured(pid: number): Promise<HeldRss> {
  const samples: number[] = []
  for (let s = 1; s <= Math.max(HOLD_SECONDS, 2); s++) {
    await new Promise((r) => setTimeout(r, 1000))
    samples.push(await rssMb(pid))
  }
  const last = samples.slice(-STEADY_SAMPLES).sort((a, b) => a - b)
  return { at2s: samples[1]!, peak: Math.max(...samples), steady: last[Math.floor(last.length / 2)]!, samples }
}

/**
 * Opens `count` streams 500 at a time (200 in parallel), reading the server's RSS after each 500; returns
 * the streams, how many failed, and the most that were open while RSS stayed under RSS_LIMIT_MB.
 */
async function openMeasured(pid: number, count: number, open: (i: number) => Promise<OpenStream>) {
  const streams: OpenStream[] = []
  let failed = 0
  let underLimit = 0
  for (let from = 0; from < count; from += 500) {
    const batch = await openMany(Math.min(500, count - from), 200, (i) => open(from + i))
    streams.push(...batch.streams)
    failed += batch.failed
    if ((await rssMb(pid)) < RSS_LIMIT_MB) underLimit = streams.length - failed
  }
  return { streams, failed, underLimit }
}

/** Opens `count` streams, `parallel` at a time; returns those that opened and how many failed. */
async function openMany(count: number, parallel: number, open: (i: number) => Promise<OpenStream>) {
  const streams: OpenStream[] = new Array(count)
  let failed = 0
  let next = 0
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < count) {
      const i = next++
      streams[i] = await open(i).catch(() => {
        failed += 1
        return undefined as never
      })
    }
  }))
  return { streams, failed }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
const round = (n: number) => Math.round(n * 10) / 10

function delays(name: string, streams: number, values: number[]): DelayFigures {
  const sorted = [...values].sort((a, b) => a - b)
  return { name, streams, samples: sorted.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted[sorted.length - 1]!) }
}

/**
 * Notification streams on one engine: how many it holds and its RSS, then (down to `latencyStreams`
 * streams) the delay from the commit of an event to the notification's arrival on its stream. The same
 * figures for bare Fastify holding the same number of SSE streams, in the same run.
 */
export async function measureNotificationStreams(options: { streams: number; latencyStreams: number; samples: number }) {
  const { streams: target, latencyStreams, samples } = options
  const dataDir = await mkdtemp(join(tmpdir(), 'edu-bench-notifications-'))
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres(join(dataDir, 'db'))
  const database = embedded ? undefined : await createTestDatabase(process.env.DATABASE_URL!)
  const databaseUrl = embedded?.url ?? database!.url
  const jwtSecret = randomBytes(32).toString('hex')
  const sign = createSigner({ key: jwtSecret, algorithm: 'HS256', expiresIn: 3600_000 })
  // The engine as `npm start` runs it: compiled ahead of time, with its Node options.
  // BENCH_PORT_OFFSET moves both ports, so this can run beside another benchmark on the same machine.
  const [enginePort, barePort] = [benchPort(3305), benchPort(3304)]
  const engine = await spawnServer(await compiledEngine('bench/lib/engine-server.ts'), { PORT: String(enginePort), DATABASE_URL: databaseUrl, JWT_SECRET: jwtSecret, EDU_DEMO: '0', REDIS_URL: '' }, 'EduPlatform is up')
  const bare = await spawnServer(['bench/lib/bare-sse-server.ts'], { PORT: String(barePort) }, 'listening')
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  const results: { streams: StreamFigures[]; delays: DelayFigures[] } = { streams: [], delays: [] }
  try {
    // Accounts and open sessions written straight to the tables (one statement each): a stream needs a
    // signed access token of an open session (`sid`), and signing in 10,000 users would measure argon2id.
    const users = Array.from({ length: target }, () => randomUUID())
    const sessions = users.map(() => randomUUID())
    await db.query(
      `INSERT INTO edu_users (id, email, name, password_hash, role, is_verified, email_verified)
       SELECT id, 'stream-' || n || '@bench.invalid', 'Student ' || n, '-', 'student', true, true FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n)`,
      [users],
    )
    await db.query(
      `INSERT INTO edu_refresh_tokens (id, user_id, family_id, token_hash, expires_at)
       SELECT gen_random_uuid(), u, s, 'bench-' || s, now() + interval '1 day' FROM unnest($1::uuid[], $2::uuid[]) AS t(u, s)`,
      [users, sessions],
    )
    const engineUrl = `http://127.0.0.1:${enginePort}/api/v1/notifications/stream`
    await new Promise((r) => setTimeout(r, 2000))
    const engineIdle = await rssMb(engine.pid!)
    const held = await openMeasured(engine.pid!, target, (i) => openStream(engineUrl, { authorization: `Bearer ${sign({ sub: users[i], role: 'student', sid: sessions[i], typ: 'access' })}` }))
    const engineHeld = await holdMeasured(engine.pid!)
    results.streams.push({ name: 'engine GET /notifications/stream', open: target - held.failed, failed: held.failed, idleRssMb: engineIdle, held: engineHeld, underLimit: held.underLimit })

    // Down to `latencyStreams` streams, then one event at a time: commit → arrival on its user's stream.
    for (const s of held.streams.slice(latencyStreams)) s?.req.destroy()
    await new Promise((r) => setTimeout(r, 2000))
    const live = held.streams.slice(0, latencyStreams)
    const engineDelays: number[] = []
    for (let n = 0; n < samples; n++) {
      const i = n % latencyStreams
      const stream = live[i]
      if (!stream) continue
      const arrival = stream.next()
      await db.query('BEGIN')
      await db.query(
        `INSERT INTO edu_outbox (event_id, event, subscriber, payload) VALUES ($1, 'course.completed', 'notifications.on-course-completed', $2::jsonb)`,
        [randomUUID(), JSON.stringify({ enrollmentId: randomUUID(), studentId: users[i], courseId: randomUUID(), completedAt: new Date().toISOString() })],
      )
      await db.query(`SELECT pg_notify('edu_outbox', '')`)
      await db.query('COMMIT')
      const committed = performance.now()
      engineDelays.push((await arrival) - committed)
    }
    results.delays.push(delays('engine: event committed → notification on its stream', latencyStreams, engineDelays))
    for (const s of live) s?.req.destroy()

    // Bare Fastify: the same number of streams, and a POST that writes to one of them.
    const bareIdle = await rssMb(bare.pid!)
    const bareHeld = await openMeasured(bare.pid!, target, (i) => openStream(`http://127.0.0.1:${barePort}/stream/${users[i]}`, {}))
    const bareRss = await holdMeasured(bare.pid!)
    results.streams.push({ name: 'bare Fastify SSE (same run)', open: target - bareHeld.failed, failed: bareHeld.failed, idleRssMb: bareIdle, held: bareRss, underLimit: bareHeld.underLimit })
    for (const s of bareHeld.streams.slice(latencyStreams)) s?.req.destroy()
    await new Promise((r) => setTimeout(r, 2000))
    const bareDelays: number[] = []
    for (let n = 0; n < samples; n++) {
      const i = n % latencyStreams
      const stream = bareHeld.streams[i]
      if (!stream) continue
      const arrival = stream.next()
      const sent = performance.now()
      await fetch(`http://127.0.0.1:${barePort}/emit/${users[i]}`, { method: 'POST' })
      bareDelays.push((await arrival) - sent)
    }
    results.delays.push(delays('bare Fastify: POST → frame on its stream (same run)', latencyStreams, bareDelays))
    for (const s of bareHeld.streams) s?.req.destroy()
    return results
  } finally {
    await db.end().catch(() => {})
    await stop(bare)
    await stop(engine)
    await database?.drop().catch(() => {})
    await embedded?.stop().catch(() => {})
    await rm(dataDir, { recursive: true, force: true })
  }
}

export function streamTables(figures: { streams: StreamFigures[]; delays: DelayFigures[] }): string {
  const a = [`| server | streams open | failed | RSS idle | RSS with the streams, steady | peak | at 2 s | most streams under ${RSS_LIMIT_MB} MB RSS while opening |`, '|---|---|---|---|---|---|---|---|',
    ...figures.streams.map((s) => `| ${s.name} | ${s.open} | ${s.failed} | ${s.idleRssMb} MB | ${s.held.steady} MB | ${s.held.peak} MB | ${s.held.at2s} MB | ${s.underLimit} |`)]
  const c = figures.streams.map((s) => `- ${s.name}: RSS each second while held, MB: ${s.held.samples.join(', ')}`)
  const b = ['| delay | open streams | samples | p50 | p99 | max |', '|---|---|---|---|---|---|',
    ...figures.delays.map((d) => `| ${d.name} | ${d.streams} | ${d.samples} | ${d.p50Ms} ms | ${d.p99Ms} ms | ${d.maxMs} ms |`)]
  return `${a.join('\n')}\n\n${c.join('\n')}\n\n${b.join('\n')}`
}
