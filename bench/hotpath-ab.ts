// Two compiled engines side by side on the per-request floor: `node bench/hotpath-ab.ts <old.js> <new.js> [bursts]`.
// Each bundle is made by `bin/build-engine.ts` from bench/lib/ai-engine-server.ts (the hotpath scenario builds it
// into dist/bench/; copy one aside, e.g. to dist/old/, before building the other: both must sit two folders below
// the repository root, where their relative paths to the sources resolve). Both engines run at once, each on its
// own embedded database; every burst loads bare Fastify, then each route on one engine and on the other (the order
// swapped every burst), `BENCH_SECONDS` (default 3) each. On a shared machine old and new are then measured in the
// same minute, and the per-burst ratio new ÷ old is the figure to read. Prints a Markdown report.
// The same bundle twice compares two settings: `BENCH_AB_OLD_ENV` / `BENCH_AB_NEW_ENV` ("NAME=value,NAME=value")
// add environment variables to one engine only (e.g. `BENCH_AB_NEW_ENV=BENCH_IDLE_RECLAIM=0`).
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ENGINE_NODE_OPTIONS } from '../bin/build-engine.ts'
import { makeCourse, expectOk, type Api } from './ai/measure.ts'
import { startBareFastify, waitForLine } from './lib/bare.ts'
import { load } from './lib/load.ts'

const ADMIN = { email: 'bench-admin@example.com', password: 'bench-password-123' }
const [oldBundle, newBundle, burstArg] = process.argv.slice(2)
if (!oldBundle || !newBundle) throw new Error('usage: node bench/hotpath-ab.ts <old.js> <new.js> [bursts]')
const bursts = Number(burstArg ?? 6)
const seconds = Number(process.env.BENCH_SECONDS ?? 3)

/** One compiled engine on a fresh embedded database, signed in as the bench admin. */
async function start(bundle: string, port: number, extraEnv = '') {
  const extra = Object.fromEntries(extraEnv.split(',').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]))
  const dataDir = await mkdtemp(join(tmpdir(), 'edu-bench-ab-'))
  const child = spawn(process.execPath, [...ENGINE_NODE_OPTIONS, resolve(bundle)], {
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), EDU_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', GEMINI_API_KEY: '', EDU_DEMO: '0', EDU_ADMIN_EMAIL: ADMIN.email, EDU_ADMIN_PASSWORD: ADMIN.password, ...extra },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await waitForLine(child, 'EduPlatform is up', 120_000)
  const url = `http://127.0.0.1:${port}`
  const api: Api = {
    url, pid: child.pid!,
    async call(method, path, token, body) {
      const res = await fetch(`${url}${path}`, {
        method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      return { status: res.status, json: text ? JSON.parse(text) : undefined }
    },
  }
  const admin = await expectOk(await api.call('POST', '/api/v1/auth/login', undefined, ADMIN), 'login')
  const { lessonIds, studentToken } = await makeCourse(api, admin.accessToken, 2, 300)
  for (const id of lessonIds) await expectOk(await api.call('POST', `/api/v1/ai/lessons/${id}/summary`, studentToken), 'summary')
  const stop = () => new Promise<void>((done) => {
    if (child.exitCode !== null) return done()
    child.once('exit', () => rm(dataDir, { recursive: true, force: true }).then(() => done()))
    child.kill('SIGTERM')
  })
  return { api, lessonIds, studentToken, stop }
}

type Engine = Awaited<ReturnType<typeof start>>
const routes = (e: Engine) => [
  { name: 'GET /health/live', path: '/health/live' },
  { name: 'GET /api/v1/categories', path: '/api/v1/categories' },
  { name: 'GET /api/v1/auth/me', path: '/api/v1/auth/me', token: true },
  { name: 'POST summary (cached; preview)', path: `/api/v1/ai/lessons/${e.lessonIds[0]}/summary`, method: 'POST' as const, token: true },
  { name: 'POST summary (cached; enrolled)', path: `/api/v1/ai/lessons/${e.lessonIds[1]}/summary`, method: 'POST' as const, token: true },
].filter((r) => !process.env.BENCH_ONLY || r.name.includes(process.env.BENCH_ONLY))

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

// BENCH_AB_PORT: the first of the three ports (bare, old, new) when another comparison runs meanwhile.
const basePort = Number(process.env.BENCH_AB_PORT ?? 3320)
const engines = { old: await start(oldBundle, basePort + 1, process.env.BENCH_AB_OLD_ENV), new: await start(newBundle, basePort + 2, process.env.BENCH_AB_NEW_ENV) }
const bare = await startBareFastify(basePort)
const cpu = new Map<string, number[]>()
const rps = new Map<string, number[]>()
const note = (key: string, micros: number | undefined, perSecond: number) => {
  cpu.set(key, [...(cpu.get(key) ?? []), micros ?? NaN])
  rps.set(key, [...(rps.get(key) ?? []), perSecond])
}
const hit = async (e: Engine, r: ReturnType<typeof routes>[number], duration: number) => {
  const res = await load({ name: r.name, url: `${e.api.url}${r.path}`, method: r.method ?? 'GET', durationSeconds: duration, cpuOf: e.api.pid,
    headers: r.token ? { authorization: `Bearer ${e.studentToken}` } : undefined })
  if (res.non2xx + res.errors > 0) throw new Error(`${r.name}: ${res.non2xx} non-2xx, ${res.errors} errors`)
  return res
}
const started = new Date()
try {
  for (const which of ['old', 'new'] as const) for (const r of routes(engines[which])) await hit(engines[which], r, 2)
  for (let b = 0; b < bursts; b++) {
    const bareRun = await load({ name: 'bare', url: bare.url, durationSeconds: seconds, cpuOf: bare.pid })
    note('bare', bareRun.cpuMicrosPerRequest, bareRun.requestsPerSecond)
    const order = b % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const)
    for (let i = 0; i < routes(engines.old).length; i++) {
      for (const which of order) {
        const r = routes(engines[which])[i]!
        const res = await hit(engines[which], r, seconds)
        note(`${r.name}|${which}`, res.cpuMicrosPerRequest, res.requestsPerSecond)
      }
    }
    process.stderr.write(`burst ${b + 1}/${bursts} done\n`)
  }
} finally {
  bare.stop()
  await Promise.all([engines.old.stop(), engines.new.stop()])
}

const bareCpu = median(cpu.get('bare')!)
const bareRps = median(rps.get('bare')!)
const lines = [
  `Old ${oldBundle}${process.env.BENCH_AB_OLD_ENV ? ` (${process.env.BENCH_AB_OLD_ENV})` : ''}, new ${newBundle}${process.env.BENCH_AB_NEW_ENV ? ` (${process.env.BENCH_AB_NEW_ENV})` : ''}; ${bursts} bursts of ${seconds} s per route, ${started.toISOString()} to ${new Date().toISOString()}.`,
  '',
  '| route | code | CPU µs/request (median) | each burst | bare ÷ route (CPU) | req/s (median) | bare ÷ route (req/s) |',
  '|---|---|---|---|---|---|---|',
  `| bare Fastify |  | ${bareCpu.toFixed(1)} | ${cpu.get('bare')!.map((m) => m.toFixed(0)).join(' / ')} | 100% | ${Math.round(bareRps)} | 100% |`,
]
const ratios: string[] = ['', '| route | new ÷ old CPU, per burst (median) | each burst |', '|---|---|---|']
for (const r of routes(engines.old)) {
  for (const which of ['old', 'new']) {
    const c = cpu.get(`${r.name}|${which}`)!
    const q = rps.get(`${r.name}|${which}`)!
    lines.push(`| ${r.name} | ${which} | ${median(c).toFixed(1)} | ${c.map((m) => m.toFixed(0)).join(' / ')} | ${Math.round((bareCpu / median(c)) * 100)}% | ${Math.round(median(q))} | ${Math.round((median(q) / bareRps) * 100)}% |`)
  }
  const per = cpu.get(`${r.name}|new`)!.map((n, i) => n / cpu.get(`${r.name}|old`)![i]!)
  ratios.push(`| ${r.name} | ${median(per).toFixed(2)} | ${per.map((x) => x.toFixed(2)).join(' / ')} |`)
}
console.log([...lines, ...ratios].join('\n'))
