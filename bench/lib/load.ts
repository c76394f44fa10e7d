import autocannon from 'autocannon'
import { cpuSeconds } from './cpu.ts'

/**
 * Unmeasured load on a route right before its measured window, seconds (BENCH_WARM_SECONDS, default 5): a
 * collection on an engine with no request in flight (V8's memory reducer) drops the request path's optimized
 * code, and the first seconds of load after a quiet spell compile it again (docs/deployment.md, "The engine process").
 */
export const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 5)

export interface LoadResult {
  name: string
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  errors: number
  non2xx: number
  /** CPU time of the serving process (`LoadOptions.cpuOf`) per request, in µs: steadier than req/s on a shared machine. */
  cpuMicrosPerRequest?: number
}

export interface LoadOptions {
  name: string
  url: string
  connections?: number
  durationSeconds?: number
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  headers?: Record<string, string>
  body?: string
  /** Different requests in turn (autocannon cycles through them per connection). */
  requests?: autocannon.Request[]
  /** The serving process: its CPU time per request is measured too. */
  cpuOf?: number
}

/** One autocannon run; the figures the benchmarks report. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const cpuBefore = options.cpuOf === undefined ? 0 : await cpuSeconds(options.cpuOf)
  const result = await autocannon({
    url: options.url,
    connections: options.connections ?? 50,
    duration: options.durationSeconds ?? 10,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    requests: options.requests,
  })
  return {
    name: options.name,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    ...(options.cpuOf === undefined || result.requests.total === 0 ? {} : {
      cpuMicrosPerRequest: Math.round((((await cpuSeconds(options.cpuOf)) - cpuBefore) * 1e7) / result.requests.total) / 10,
    }),
  }
}

/** p50/p99 of one client sending requests one after another. */
export async function sequential(name: string, count: number, send: (i: number) => Promise<Response>): Promise<LoadResult> {
  const times: number[] = []
  let non2xx = 0
  const started = performance.now()
  for (let i = 0; i < count; i++) {
    const t0 = performance.now()
    const res = await send(i)
    await res.arrayBuffer()
    times.push(performance.now() - t0)
    if (res.status >= 300) non2xx += 1
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 100) / 100
  return { name, requestsPerSecond: Math.round(count / ((performance.now() - started) / 1000)), p50Ms: at(0.5), p99Ms: at(0.99), errors: 0, non2xx }
}

export function table(results: LoadResult[]): string {
  const rows = results.map((r) => `| ${r.name} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.non2xx + r.errors} |`)
  return ['| scenario | req/s | p50 ms | p99 ms | non-2xx+errors |', '|---|---|---|---|---|', ...rows].join('\n')
}
