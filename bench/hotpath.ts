import { expectOk, makeCourse, withEngine } from './ai/measure.ts'
import { startBareFastify } from './lib/bare.ts'
import { readFile } from 'node:fs/promises'
import { load, WARM_SECONDS, type LoadResult } from './lib/load.ts'

/** Kernel (system) CPU seconds of a process: `stime` of /proc/<pid>/stat (proc(5)), USER_HZ = 100. */
async function systemSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[12]) / 100
}

/** One route of the floor: what is sent, and a name for the report. */
interface Probe {
  name: string
  path: string
  method?: 'GET' | 'POST'
  token?: boolean
}

const PROBES = (lessons: string[]): Probe[] => [
  { name: 'GET /health/live (anonymous, no schema but the reply)', path: '/health/live' },
  { name: 'GET /api/v1/categories (anonymous, cached)', path: '/api/v1/categories' },
  { name: 'GET /api/v1/auth/me (signed in: the session check)', path: '/api/v1/auth/me', token: true },
  { name: 'POST /api/v1/ai/lessons/:id/summary (cached; preview lesson)', path: `/api/v1/ai/lessons/${lessons[0]}/summary`, method: 'POST', token: true },
  { name: 'POST /api/v1/ai/lessons/:id/summary (cached; enrolled)', path: `/api/v1/ai/lessons/${lessons[1]}/summary`, method: 'POST', token: true },
]

export interface HotPathRow {
  name: string
  /** Engine (or bare server) CPU time per request of each round, µs. */
  micros: number[]
  /** The kernel's part of it (system time: sockets), µs per request, each round. */
  systemMicros: number[]
  requestsPerSecond: number[]
  non2xx: number
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/**
 * The engine's per-request floor: the cheapest public route, a cached anonymous read, `/auth/me` and the cached
 * AI summary (preview and enrolled), each under 50 connections, beside bare Fastify, for `rounds` rounds in turn.
 * The figure to read is the serving process's CPU time per request (`cpuMicrosPerRequest`): on a shared machine
 * it holds where req/s follows whatever else runs.
 */
export async function measureHotPath(durationSeconds: number, rounds: number): Promise<HotPathRow[]> {
  return withEngine(false, async (api, adminToken) => {
    const { lessonIds, studentToken } = await makeCourse(api, adminToken, 2, 300)
    for (const id of lessonIds) await expectOk(await api.call('POST', `/api/v1/ai/lessons/${id}/summary`, studentToken), 'summary')
    // BENCH_ONLY=<text>: only the routes whose name holds it (a profile of one route's path).
    const only = process.env.BENCH_ONLY
    const probes = PROBES(lessonIds).filter((p) => !only || p.name.includes(only))
    const bare = await startBareFastify(3305)
    const rows = new Map<string, HotPathRow>()
    const measured = async (pid: number, work: () => Promise<LoadResult>) => {
      const before = await systemSeconds(pid)
      const r = await work()
      const system = (await systemSeconds(pid)) - before
      const requests = r.requestsPerSecond * durationSeconds
      return { ...r, systemMicros: requests > 0 ? (system * 1e6) / requests : NaN }
    }
    const note = (r: LoadResult & { systemMicros: number }) => {
      const row = rows.get(r.name) ?? { name: r.name, micros: [], systemMicros: [], requestsPerSecond: [], non2xx: 0 }
      row.micros.push(r.cpuMicrosPerRequest ?? NaN)
      row.systemMicros.push(r.systemMicros)
      row.requestsPerSecond.push(r.requestsPerSecond)
      row.non2xx += r.non2xx + r.errors
      rows.set(r.name, row)
    }
    const run = (p: Probe, seconds: number) => load({
      name: p.name, url: `${api.url}${p.path}`, method: p.method ?? 'GET', durationSeconds: seconds, cpuOf: api.pid,
      headers: p.token ? { authorization: `Bearer ${studentToken}` } : undefined,
    })
    try {
      // Unreported: the JIT warms up on every route first.
      for (const p of probes) await run(p, 2)
      // Each measured window follows WARM_SECONDS of the same load, unmeasured (bare Fastify's too): the engine sits
      // idle while bare Fastify runs, and a collection on an idle engine (V8's memory reducer) drops the request
      // path's optimized code, which the next seconds of load compile again (docs/deployment.md, "The engine process").
      for (let round = 0; round < rounds; round++) {
        const bareLoad = () => load({ name: 'bare Fastify GET /hello (same machine, same run)', url: bare.url, durationSeconds, cpuOf: bare.pid })
        await load({ name: 'warm-up', url: bare.url, durationSeconds: WARM_SECONDS })
        note(await measured(bare.pid, bareLoad))
        for (const p of probes) {
          await run(p, WARM_SECONDS)
          note(await measured(api.pid, () => run(p, durationSeconds)))
        }
      }
      return [...rows.values()]
    } finally {
      bare.stop()
    }
  })
}

export function hotPathTable(rows: HotPathRow[]): string {
  const bare = median(rows[0]!.micros)
  const lines = rows.map((r) => `| ${r.name} | ${median(r.micros).toFixed(1)} | ${r.micros.map((m) => m.toFixed(1)).join(' / ')} | ${median(r.systemMicros).toFixed(1)} | ${Math.round((bare / median(r.micros)) * 100)}% | ${Math.round(median(r.requestsPerSecond))} | ${r.non2xx} |`)
  return ['| route | CPU µs/request (median) | each round | of which kernel (median) | bare ÷ route (CPU) | req/s (median) | non-2xx+errors |', '|---|---|---|---|---|---|---|', ...lines].join('\n')
}
