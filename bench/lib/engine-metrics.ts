import { request } from 'node:http'

/**
 * The engine's Prometheus figures the mix report reads before and after a run: cache hits and misses by
 * area (`edu_cache_hits_total`, `edu_cache_misses_total`), the pool wait histogram
 * (`edu_db_pool_wait_seconds`, seconds), the pool hold time and statements by flow
 * (`edu_db_pool_hold_seconds`, `edu_db_pool_statements_total`), outbox deliveries (`edu_outbox_delivered_total`),
 * requests the shared cache answered (`edu_http_shared_cache_hits_total`)
 * and the event loop's delay (prom-client's `nodejs_eventloop_lag_*_seconds`: perf_hooks.monitorEventLoopDelay at
 * 10 ms resolution, reset at every scrape, so the scrape after a run gives the run's delays).
 */
export interface EngineFigures {
  hits: Record<string, number>
  misses: Record<string, number>
  /** Cumulative pool-wait bucket counts by upper bound (seconds), and the histogram's sum and count. */
  poolWaitBuckets: Array<[number, number]>
  poolWaitSum: number
  poolWaitCount: number
  /** Per flow (the checkout's first statement shape): checkouts, seconds held in total, statements sent. */
  holds: Record<string, { count: number; sum: number; statements: number }>
  outboxDelivered: number
  /** Requests the shared cache answered before routing (`edu_http_shared_cache_hits_total`). */
  sharedHits: number
  /** Event loop delay since the previous scrape, seconds (the largest over the engines scraped). */
  loopDelay: { mean: number; p50: number; p99: number; max: number }
}

const empty = (): EngineFigures => ({
  hits: {}, misses: {}, poolWaitBuckets: [], poolWaitSum: 0, poolWaitCount: 0, holds: {}, outboxDelivered: 0, sharedHits: 0, loopDelay: { mean: 0, p50: 0, p99: 0, max: 0 },
})
const LOOP_DELAY: Record<string, keyof EngineFigures['loopDelay']> = {
  nodejs_eventloop_lag_mean_seconds: 'mean', nodejs_eventloop_lag_p50_seconds: 'p50', nodejs_eventloop_lag_p99_seconds: 'p99', nodejs_eventloop_lag_max_seconds: 'max',
}

export function parseFigures(text: string): EngineFigures {
  const f = empty()
  const buckets = new Map<number, number>()
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line) continue
    const m = /^(\w+)(?:\{([^}]*)\})? (\S+)/.exec(line)
    if (!m) continue
    const [, name, labels = '', raw] = m
    const value = Number(raw)
    const label = (key: string) => new RegExp(`${key}="([^"]*)"`).exec(labels)?.[1]
    if (name === 'edu_cache_hits_total') f.hits[label('area')!] = (f.hits[label('area')!] ?? 0) + value
    else if (name === 'edu_cache_misses_total') f.misses[label('area')!] = (f.misses[label('area')!] ?? 0) + value
    else if (name === 'edu_db_pool_wait_seconds_bucket') buckets.set(label('le') === '+Inf' ? Infinity : Number(label('le')), value)
    else if (name === 'edu_db_pool_wait_seconds_sum') f.poolWaitSum += value
    else if (name === 'edu_db_pool_wait_seconds_count') f.poolWaitCount += value
    else if (name === 'edu_outbox_delivered_total') f.outboxDelivered += value
    else if (name === 'edu_http_shared_cache_hits_total') f.sharedHits += value
    else if (name === 'edu_db_pool_hold_seconds_sum') holdOf(f, label('flow')!).sum += value
    else if (name === 'edu_db_pool_hold_seconds_count') holdOf(f, label('flow')!).count += value
    else if (name === 'edu_db_pool_statements_total') holdOf(f, label('flow')!).statements += value
    else if (LOOP_DELAY[name!]) f.loopDelay[LOOP_DELAY[name!]!] = Math.max(f.loopDelay[LOOP_DELAY[name!]!], value)
  }
  f.poolWaitBuckets = [...buckets].sort(([a], [b]) => a - b)
  return f
}

function holdOf(f: EngineFigures, flow: string) {
  return (f.holds[flow] ??= { count: 0, sum: 0, statements: 0 })
}

function get(url: string): Promise<string> {
  // A new connection each time (no keep-alive agent): behind node:cluster each may reach another worker.
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve(body))
    }).on('error', reject).end()
  })
}

/**
 * The figures of every engine process behind `urls`, keyed by URL and the process's
 * `process_start_time_seconds`. With `workers` > 1 behind one URL (node:cluster), scrapes on new
 * connections until each worker has answered (at most 20 tries per worker).
 */
export async function scrape(urls: string[], workers = 1): Promise<Map<string, EngineFigures>> {
  const seen = new Map<string, EngineFigures>()
  for (const url of urls) {
    let found = 0
    for (let attempt = 0; attempt < workers * 20 && found < workers; attempt++) {
      const text = await get(`${url}/metrics`)
      const id = `${url} ${/^process_start_time_seconds (\S+)/m.exec(text)?.[1] ?? attempt}`
      if (!seen.has(id)) found += 1
      seen.set(id, parseFigures(text))
    }
  }
  return seen
}

/** After minus before, summed over the processes seen both times. */
export function difference(before: Map<string, EngineFigures>, after: Map<string, EngineFigures>): EngineFigures {
  const d = empty()
  const buckets = new Map<number, number>()
  for (const [id, a] of after) {
    const b = before.get(id) ?? empty()
    for (const [area, n] of Object.entries(a.hits)) d.hits[area] = (d.hits[area] ?? 0) + n - (b.hits[area] ?? 0)
    for (const [area, n] of Object.entries(a.misses)) d.misses[area] = (d.misses[area] ?? 0) + n - (b.misses[area] ?? 0)
    for (const [le, n] of a.poolWaitBuckets) buckets.set(le, (buckets.get(le) ?? 0) + n - (b.poolWaitBuckets.find(([l]) => l === le)?.[1] ?? 0))
    d.poolWaitSum += a.poolWaitSum - b.poolWaitSum
    d.poolWaitCount += a.poolWaitCount - b.poolWaitCount
    d.outboxDelivered += a.outboxDelivered - b.outboxDelivered
    d.sharedHits += a.sharedHits - b.sharedHits
    for (const k of Object.values(LOOP_DELAY)) d.loopDelay[k] = Math.max(d.loopDelay[k], a.loopDelay[k])
    for (const [flow, h] of Object.entries(a.holds)) {
      const was = b.holds[flow]
      const into = holdOf(d, flow)
      into.count += h.count - (was?.count ?? 0)
      into.sum += h.sum - (was?.sum ?? 0)
      into.statements += h.statements - (was?.statements ?? 0)
    }
  }
  d.poolWaitBuckets = [...buckets].sort(([a], [b]) => a - b)
  return d
}

/** The upper bound of the bucket holding quantile `q` (seconds): Prometheus's histogram_quantile without interpolation. */
export function bucketQuantile(f: EngineFigures, q: number): number {
  const total = f.poolWaitBuckets.at(-1)?.[1] ?? 0
  for (const [le, n] of f.poolWaitBuckets) if (n >= q * total) return le
  return NaN
}

/**
 * Markdown: the flows that held pooled connections longest in total (the pool's top holders), with
 * checkouts, mean hold and statements (round trips) per checkout; `top` rows, the rest summed.
 */
export function holdTable(f: EngineFigures, top = 12): string {
  const rows = Object.entries(f.holds).filter(([, h]) => h.count > 0).sort(([, a], [, b]) => b.sum - a.sum)
  const all = rows.reduce((t, [, h]) => ({ count: t.count + h.count, sum: t.sum + h.sum, statements: t.statements + h.statements }), { count: 0, sum: 0, statements: 0 })
  const line = (flow: string, h: { count: number; sum: number; statements: number }) =>
    `| ${flow} | ${h.count} | ${h.sum.toFixed(2)} s (${all.sum ? ((h.sum / all.sum) * 100).toFixed(1) : 0}%) | ${((h.sum / h.count) * 1000).toFixed(2)} ms | ${(h.statements / h.count).toFixed(2)} |`
  const rest = rows.slice(top).reduce((t, [, h]) => ({ count: t.count + h.count, sum: t.sum + h.sum, statements: t.statements + h.statements }), { count: 0, sum: 0, statements: 0 })
  return [
    '| held by (first statement of the checkout; tx: = in a transaction) | checkouts | total hold | mean hold | statements per checkout |', '|---|---|---|---|---|',
    ...rows.slice(0, top).map(([flow, h]) => line(flow, h)),
    ...(rest.count ? [line(`${rows.length - top} other flows`, rest)] : []),
    ...(all.count ? [line('all', all)] : []),
  ].join('\n')
}

/** Markdown: hit ratio per cache area, and the pool wait of the run. */
export function figuresTables(f: EngineFigures): string {
  const areas = [...new Set([...Object.keys(f.hits), ...Object.keys(f.misses)])].sort()
  const cache = areas.map((area) => {
    const hits = f.hits[area] ?? 0
    const misses = f.misses[area] ?? 0
    return `| ${area} | ${hits} | ${misses} | ${hits + misses ? ((hits / (hits + misses)) * 100).toFixed(1) : '–'}% |`
  })
  const ms = (s: number) => (Number.isFinite(s) ? `≤ ${s * 1000} ms` : '> 1 s')
  const waited = f.poolWaitCount - (f.poolWaitBuckets.find(([le]) => le === 0.001)?.[1] ?? 0)
  return [
    '| cache area | hits | misses | hit ratio |', '|---|---|---|---|', ...cache, '',
    `Requests answered by the shared cache before routing (stored responses of cached reads, to anonymous callers and to signed-in ones the route admits): ${f.sharedHits}.`, '',
    '| pool checkouts | mean wait | p50 wait | p99 wait | checkouts waiting > 1 ms |', '|---|---|---|---|---|',
    `| ${f.poolWaitCount} | ${f.poolWaitCount ? ((f.poolWaitSum / f.poolWaitCount) * 1000).toFixed(2) : 0} ms | ${ms(bucketQuantile(f, 0.5))} | ${ms(bucketQuantile(f, 0.99))} | ${waited} (${f.poolWaitCount ? ((waited / f.poolWaitCount) * 100).toFixed(1) : 0}%) |`,
    ...(Object.keys(f.holds).length ? ['', holdTable(f)] : []),
    '', '| engine event loop delay (monitorEventLoopDelay, 10 ms resolution) | mean | p50 | p99 | max |', '|---|---|---|---|---|',
    `| during the load phase | ${(f.loopDelay.mean * 1000).toFixed(1)} ms | ${(f.loopDelay.p50 * 1000).toFixed(1)} ms | ${(f.loopDelay.p99 * 1000).toFixed(1)} ms | ${(f.loopDelay.max * 1000).toFixed(1)} ms |`,
  ].join('\n')
}
