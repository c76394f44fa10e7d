import { writeFile } from 'node:fs/promises'
import pg from 'pg'
import { startBareFastify } from './lib/bare.ts'
import { cpuTable, measureCpu, type CpuSplit } from './lib/cpu.ts'
import { spawnEngine, type RunningEngine } from './lib/engine.ts'
import { difference, figuresTables, scrape, type EngineFigures } from './lib/engine-metrics.ts'
import { load, table, WARM_SECONDS, type LoadResult } from './lib/load.ts'
import { timelineSvg } from './lib/timeline.ts'
import { measureReferenceMix, mixTable, type MixResult } from './mix.ts'

/**
 * The reference mix report: the mix and a bare Fastify route in the same run, the CPU split during the
 * mix, cache hit ratios and pool wait from the engines' /metrics, per-request p50/p99, a latency-over-time
 * SVG beside the results, and (with several engine processes) the correctness checks of a scale-out.
 *
 * Shapes: `one` engine process; `two-engines` (two engines on two ports, one PostgreSQL and Redis, the
 * connections split between them); `workers` (one engine with `EDU_WORKERS=2`). The last two need REDIS_URL.
 */
export type MixShape = 'one' | 'two-engines' | 'workers'

export interface MixReportOptions {
  shape: MixShape
  durationSeconds: number
  connections: number
  /** Where the SVG goes (bench/results/<date>-<scenario>.svg). */
  svgPath: URL
}

async function startEngines(shape: MixShape): Promise<RunningEngine[]> {
  if (shape !== 'one' && !process.env.REDIS_URL) throw new Error(`The ${shape} mix needs REDIS_URL: engines share the cache, rate limits and notifications through Redis`)
  const base = { EDU_DEMO: '0' }
  if (shape === 'two-engines') {
    return Promise.all([3303, 3305].map((port) => spawnEngine('bench/lib/engine-server.ts', { ...base, PORT: String(port) })))
  }
  return [await spawnEngine('bench/lib/engine-server.ts', { ...base, PORT: '3303', EDU_WORKERS: shape === 'workers' ? '2' : '1' })]
}

async function bare(seconds: number): Promise<LoadResult> {
  const server = await startBareFastify(3302)
  try {
    await load({ name: 'warm-up', url: server.url, durationSeconds: WARM_SECONDS })
    return await load({ name: 'bare Fastify GET /hello (same machine, same run)', url: server.url, durationSeconds: seconds })
  } finally {
    server.stop()
  }
}

/** What must hold after a run on several engines: one enrollment per pair, each outbox row delivered once, the same answers from every engine. */
async function checks(db: pg.Client, urls: string[], mix: MixResult, since: Date): Promise<(deliveredByEngines: number | undefined) => string> {
  const lines: string[] = []
  const [dup] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM enrollments GROUP BY student_id, course_id HAVING count(*) > 1) d`)).rows
  const [made] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM enrollments WHERE created_at >= $1`, [since])).rows
  lines.push(`| no double enrollment | ${dup!.n === 0 ? 'yes' : 'NO'} | ${made!.n} enrollments made during the run (setup and warm-up included); ${dup!.n} (student, course) pairs with more than one |`)

  // The dispatchers finish what the run left pending (retries wait their backoff): up to 60 s.
  let pending = 0
  for (let i = 0; i < 120; i++) {
    pending = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM edu_outbox WHERE status = 'pending' AND created_at >= $1`, [since])).rows[0]!.n
    if (pending === 0) break
    await new Promise((r) => setTimeout(r, 500))
  }
  const [outbox] = (await db.query<{ rows: number; delivered: number; dead: number; retried: number }>(
    `SELECT count(*)::int AS rows, count(*) FILTER (WHERE status = 'delivered')::int AS delivered, count(*) FILTER (WHERE status = 'dead')::int AS dead,
            count(*) FILTER (WHERE attempts > 1)::int AS retried FROM edu_outbox WHERE created_at >= $1`, [since])).rows
  const once = (counted: number | undefined) => pending === 0 && outbox!.dead === 0 && outbox!.retried === 0 && outbox!.delivered === outbox!.rows && (counted === undefined || counted === outbox!.rows)
  const outboxLine = (deliveredByEngines: number | undefined) => `| outbox delivered once | ${once(deliveredByEngines) ? 'yes' : 'NO'} | ${outbox!.rows} rows (event × subscriber) written during the run (setup and warm-up included): ${outbox!.delivered} delivered, each with attempts = 1 (${outbox!.retried} retried), ${outbox!.dead} dead, ${pending} pending${deliveredByEngines === undefined ? '' : `; the engines counted ${deliveredByEngines} deliveries (edu_outbox_delivered_total over the whole run and the drain)`} |`

  // Every engine answers what the database holds: each teacher's draft (edited all run long) and the free courses' enrollment counts.
  let same = 0
  let differ = 0
  for (const draft of mix.drafts) {
    const [row] = (await db.query<{ title: string }>(`SELECT title FROM courses WHERE id = $1`, [draft.ownCourseId])).rows
    for (const url of urls) {
      const res = await fetch(`${url}/api/v1/courses/${draft.ownCourseId}`, { headers: { authorization: `Bearer ${draft.token}` } })
      if (((await res.json()) as { title: string }).title === row!.title) same += 1
      else differ += 1
    }
  }
  for (const courseId of mix.freeCourseIds.slice(0, 50)) {
    const [row] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM enrollments WHERE course_id = $1 AND status <> 'refunded'`, [courseId])).rows
    for (const url of urls) {
      const res = await fetch(`${url}/api/v1/courses/${courseId}/enrollments/count`)
      if (((await res.json()) as { count: number }).count === row!.n) same += 1
      else differ += 1
    }
  }
  lines.push(`| caches coherent | ${differ === 0 ? 'yes' : 'NO'} | ${same} reads through ${urls.length} engine URL(s) matched the database, ${differ} did not: each teacher's draft course (title edited during the run) and the enrollment count of ${Math.min(50, mix.freeCourseIds.length)} free courses students enrolled in |`)
  return (delivered) => ['| check | holds | detail |', '|---|---|---|', lines[0], outboxLine(delivered), ...lines.slice(1)].join('\n')
}

export async function mixReport(options: MixReportOptions): Promise<string> {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await db.connect()
  const engines = process.env.EDU_URL ? [] : await startEngines(options.shape)
  try {
    const urls = engines.length ? engines.map((e) => e.url) : [process.env.EDU_URL!]
    const workers = options.shape === 'workers' ? 2 : 1
    const backends = async () => (await db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`)).rows.map((r) => r.pid)
    // The correctness checks cover everything the mix wrote: setup and warm-up included.
    const since = (await db.query<{ now: Date }>('SELECT now()')).rows[0]!.now
    const metricsReadable = workers === 1
    const atStart = metricsReadable ? await scrape(urls, workers) : undefined
    let before = new Map<string, EngineFigures>()
    let figures = difference(before, before)
    let cpu: CpuSplit | undefined
    const mix = await measureReferenceMix({
      urls, durationSeconds: options.durationSeconds, connections: options.connections,
      aroundLoad: async (work) => {
        before = await scrape(urls, workers)
        const measured = await measureCpu(engines.map((e) => e.pid), backends, work)
        cpu = measured.cpu
        figures = difference(before, await scrape(urls, workers))
        return measured.result
      },
    })
    const runChecks = urls.length > 1 || workers > 1
    const checked = runChecks ? await checks(db, urls, mix, since) : undefined
    // Behind node:cluster, /metrics answers from whichever worker takes the connection, and workers' figures carry no
    // label that tells them apart (process_start_time_seconds is whole seconds): per-run deltas are not available there.
    const delivered = runChecks && atStart ? difference(atStart, await scrape(urls, workers)).outboxDelivered : undefined
    const base = await bare(options.durationSeconds)

    const shapeText = { one: 'one engine process', 'two-engines': 'two engine processes (ports 3303 and 3305) on one PostgreSQL and Redis, half the connections to each', workers: 'one engine with EDU_WORKERS=2 (node:cluster, one port)' }[options.shape]
    const pool = process.env.BENCH_POOL_MAX ? `, BENCH_POOL_MAX=${process.env.BENCH_POOL_MAX}` : ''
    const title = `reference mix, ${shapeText}${pool}: ${mix.overall.requestsPerSecond} req/s (${Math.round((mix.overall.requestsPerSecond / base.requestsPerSecond) * 1000) / 10}% of bare Fastify ${base.requestsPerSecond} req/s)`
    await writeFile(options.svgPath, timelineSvg(title, mix.timeline.seconds()))
    const expected = mix.rows.reduce((n, r) => n + r.expectedNon2xx, 0)
    const unexpected = mix.rows.reduce((n, r) => n + r.unexpectedNon2xx, 0)
    const share = `${Math.round((mix.overall.requestsPerSecond / base.requestsPerSecond) * 1000) / 10}%`
    return [
      `Shape: ${shapeText}${pool}. ${options.connections} connections, ${options.durationSeconds} s.`,
      table([mix.overall, base]),
      `The mix runs at ${share} of the bare route. Non-2xx: ${expected} expected (409 EDU_ENROLLMENT_ALREADY_ENROLLED when a student re-enrolls in a course they are already in), ${unexpected} unexpected.`,
      mix.warmUp
        ? `Both rows are measured after ${mix.warmUp.seconds} s of the same load (BENCH_WARM_SECONDS): caches filled and the request path compiled. The mix's warm-up itself, on the engine as it started (empty caches): ${mix.warmUp.requestsPerSecond} req/s, p99 ${mix.warmUp.p99Ms} ms, ${mix.warmUp.unexpectedNon2xx} unexpected non-2xx.`
        : 'Neither row had a warm-up (BENCH_WARM_SECONDS=0): the mix starts on empty caches.',
      mixTable(mix),
      `### CPU during the mix\n\n${cpuTable(cpu!)}`,
      metricsReadable
        ? `### Caches and pool (the engines' /metrics, after minus before the load phase)\n\n${figuresTables(figures)}`
        : '### Caches and pool\n\nNot measured in this shape: /metrics answers from whichever worker takes the connection and the workers\' figures carry no label that tells them apart; see the one-engine and two-engine runs.',
      checked ? `### Correctness after the run\n\n${checked(delivered)}` : '',
      `Latency over time: ${options.svgPath.pathname.split('/').pop()} (p50 and p99 per second, throughput).`,
      `Scenario bench/scenarios/reference-mix.json (also bench/k6/reference-mix.js): ${mix.students} seeded students, ${mix.teachers} seeded teachers, a shuffled pool of ${mix.poolSize} requests. Per-request latency is client-side, from building the request to its response. Teacher writes leave draft courses, modules and lessons titled "Load mix …" in the database.`,
    ].filter(Boolean).join('\n\n')
  } finally {
    await Promise.all(engines.map((e) => e.stop()))
    await db.end()
  }
}
