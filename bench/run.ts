import { mkdir, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { measureAskAndSummary, measureGrounding, measureOffline } from './ai/measure.ts'
import { groundingTable } from './ai/grounding.ts'
import { measureCourseReads, measureCourseSearch } from './courses.ts'
import { hotPathTable, measureHotPath } from './hotpath.ts'
import { measureIdentityLoad, measureStartup } from './identity.ts'
import { startBareFastify } from './lib/bare.ts'
import { spawnEngine } from './lib/engine.ts'
import { load, table, WARM_SECONDS, type LoadResult } from './lib/load.ts'
import { measureLearning } from './learning.ts'
import { mixReport } from './mix-report.ts'
import { measureMixTypes } from './mix-types.ts'
import { measureNotificationStreams, streamTables } from './notifications.ts'
import { measureReviewReads } from './reviews.ts'
import { measureQuizzes } from './quizzes.ts'
import { widgetsReport } from './widgets.ts'
import { measureEmbedSessions } from './embed.ts'
import { measureClassroomLogins } from './logins.ts'

/**
 * `npm run bench [-- scenario ...]`: runs the named scenarios (default: all) and writes
 * bench/results/<date>-<scenario>.md. Every load table has a bare Fastify route measured in the same run.
 *
 * `mix`, `mix-two-engines` and `mix-workers` also write a latency-over-time SVG beside their report.
 * `identity`, `startup`, `logins`, `notifications` and `quizzes` bring their own empty database (`notifications` and `quizzes`: a fresh
 * database on the DATABASE_URL server, else an embedded one); `widgets` an embedded one with the demo catalogue. `courses`, `learning`, `mix` and `reviews` need the reference
 * seed (`npm run seed`) in the database the environment names (DATABASE_URL, or EDU_DATA_DIR), or a
 * running engine on it (EDU_URL).
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 10)

async function bare(): Promise<LoadResult> {
  const server = await startBareFastify(3302)
  try {
    await load({ name: 'warm-up', url: server.url, durationSeconds: WARM_SECONDS })
    return await load({ name: 'bare Fastify GET /hello (same machine, same run)', url: server.url, durationSeconds: seconds, cpuOf: server.pid })
  } finally {
    server.stop()
  }
}

/** Runs `work` on the engine at EDU_URL (its process id in EDU_PID, if known), else on one spawned for it. */
async function onSeededEngine<T>(work: (url: string, pid: number | undefined) => Promise<T>): Promise<T> {
  if (process.env.EDU_URL) return work(process.env.EDU_URL, process.env.EDU_PID ? Number(process.env.EDU_PID) : undefined)
  const engine = await spawnEngine('bench/lib/engine-server.ts', { PORT: '3303', EDU_DEMO: '0' })
  try {
    return await work(engine.url, engine.pid)
  } finally {
    await engine.stop()
  }
}

const mixOptions = (name: string) => ({
  durationSeconds: Number(process.env.BENCH_SECONDS ?? 30),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  svgPath: new URL(`./results/${new Date().toISOString().slice(0, 10)}-${name}.svg`, import.meta.url),
})

/**
 * The serving processes' CPU µs per request (steadier than req/s on a shared machine) and the share of bare
 * Fastify each route would reach if CPU were the only limit (bare's µs: the mean of its runs).
 */
function cpuShares(bares: LoadResult[], routes: LoadResult[]): string {
  const bareMicros = bares.reduce((sum, r) => sum + (r.cpuMicrosPerRequest ?? NaN), 0) / bares.length
  const rows = routes.map((r) => `${r.name.split(' (')[0]}: ${r.cpuMicrosPerRequest ?? '?'} µs (${Math.round((bareMicros / (r.cpuMicrosPerRequest ?? NaN)) * 100)}% of bare)`)
  return `CPU time of the serving process per request: bare Fastify ${bareMicros.toFixed(1)} µs; ${rows.join('; ')}.`
}

const share = (r: LoadResult, base: LoadResult) => `${Math.round((r.requestsPerSecond / base.requestsPerSecond) * 100)}%`

const scenarios: Record<string, () => Promise<string>> = {
  async 'ai-offline'() {
    const rows = await measureOffline()
    return `| scenario | runs | p50 ms | p99 ms |\n|---|---|---|---|\n${rows.map((r) => `| ${r.name} | ${r.runs} | ${r.p50Ms} | ${r.p99Ms} |`).join('\n')}\n\nIn-process, one call at a time (bench/ai/lesson-text.ts makes the lesson).`
  },
  async 'ai-tutor'() {
    const [ask, preview, enrolled, base] = await measureAskAndSummary(seconds)
    const cpu = (r: LoadResult) => `${r.cpuMicrosPerRequest} µs`
    return `${table([ask!, preview!, enrolled!, base!])}\n\nOffline provider, fresh embedded database, course of 50 lessons of ~300 words (bench/ai/measure.ts). Cached summary: ${share(preview!, base!)} of the bare route for a preview lesson, ${share(enrolled!, base!)} for an enrolled student's lesson (lesson access is cached by the enrollment plugin). CPU time of the serving process per request (steadier than req/s on a shared machine): summary ${cpu(preview!)} (preview) and ${cpu(enrolled!)} (enrolled), bare route ${cpu(base!)}.`
  },
  /** The engine's per-request floor: cheapest routes, /auth/me and the cached summary, CPU µs per request (BENCH_ROUNDS rounds). */
  async hotpath() {
    const rows = await measureHotPath(seconds, Number(process.env.BENCH_ROUNDS ?? 2))
    return `${hotPathTable(rows)}\n\nOne engine (\`bench/lib/ai-engine-server.ts\`: offline AI tutor, limits lifted) on a fresh embedded database, no Redis; 50 connections; every route warmed up first, then the rounds in turn. CPU time of the serving process per request (utime + stime from /proc), the figure that holds on a shared machine; "bare ÷ route" is the share of bare Fastify the route would reach if CPU were the only limit.`
  },
  async 'ai-grounding'() {
    return `${groundingTable(await measureGrounding())}\n\nOffline provider over the demo catalogue; questions in bench/ai/grounding-questions.ts (the coverage threshold was chosen on these questions: a held-out set would give an unbiased figure).`
  },
  /** Bundle size and script load → rendered course card (brings its own engine with the demo catalogue). */
  widgets: widgetsReport,
  /** POST /embed/sessions throughput and latency (brings its own empty database). */
  embed: () => measureEmbedSessions(seconds),
  async identity() {
    const results = await measureIdentityLoad(seconds)
    const baseline = (results[0]!.requestsPerSecond + results[2]!.requestsPerSecond) / 2
    return `${table(results)}\n\n/auth/me throughput is ${Math.round((results[1]!.requestsPerSecond / baseline) * 100)}% of the bare route (mean of the two bare runs). Login hashes with argon2id (7 MiB, t=5, p=1).`
  },
  /** 40 distinct accounts signing in at the same moment, 5 rounds (brings its own empty database, real limits). */
  async logins() {
    const size = Number(process.env.BENCH_CLASS ?? 40)
    const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
    const { bursts, bareLoad, costs } = await measureClassroomLogins(seconds, size, rounds)
    const rows = bursts.map((b) => `| ${b.name} | ${b.samples} | ${b.failures} | ${b.p50Ms} | ${b.p99Ms} | ${b.maxMs} |`).join('\n')
    const cost = costs.map((c) => `| ${c.memoryMiB} MiB, t=${c.passes}, p=1 | ${c.medianMs} | ${c.burstMs} |`).join('\n')
    return `| burst | requests | not 2xx | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n${rows}\n\n${table([bareLoad])}\n\n` +
      `${size} accounts registered at once, then ${rounds} rounds of all of them signing in at the same moment (500 ms apart), against \`npm start\` on a fresh embedded database with its real limits. ` +
      `The engine hashes with argon2id 7 MiB, t=5, p=1. Each of OWASP's settings of equal strength, in this process (median of one hash alone; median of 3 runs of ${size} hashes started at once):\n\n| argon2id | one hash, ms | ${size} at once, ms |\n|---|---|---|\n${cost}`
  },
  async startup() {
    const s = await measureStartup()
    return `| figure | value |\n|---|---|\n| npm start, first run (initdb, migrate, demo) | ${s.firstRunMs} ms |\n| npm start, later run | ${s.laterRunMs} ms |\n| engine RSS at idle (PostgreSQL apart) | ${s.idleRssMb} MB |`
  },
  async notifications() {
    const streams = Number(process.env.BENCH_STREAMS ?? 10_000)
    const latencyStreams = Math.min(streams, Number(process.env.BENCH_LATENCY_STREAMS ?? 1000))
    const figures = await measureNotificationStreams({ streams, latencyStreams, samples: Number(process.env.BENCH_SAMPLES ?? 1000) })
    const [engine, bareSse] = figures.streams
    const perStreamKb = (s: typeof engine) => Math.round(((s!.held.steady - s!.idleRssMb) * 1024) / Math.max(1, s!.open))
    return `${streamTables(figures)}\n\nOne engine (no Redis), compiled and run as \`npm start\` runs it, holds the streams of ${streams} distinct users (accounts and sessions written to the tables, signed access tokens); the client opens them 200 at a time from this process, ` +
      `each a socket of its own. RSS is read once a second while the streams are held (heartbeats flowing); the steady figure, the median of the last five readings, is the one compared with the aim (300 MB). Memory per open stream (steady): engine ${perStreamKb(engine)} KB, bare Fastify ${perStreamKb(bareSse)} KB. ` +
      `Delay: one \`course.completed\` event at a time is committed to the outbox (with NOTIFY) by a separate client; the engine's dispatcher makes the notification, ` +
      `commits it and writes it to the user's stream; measured from the event's COMMIT returning to the frame's arrival. The bare row is a POST that writes a frame to an open stream (no database): the floor of the same round trip.`
  },
  async courses() {
    return onSeededEngine(async (url) => {
      const search = await measureCourseSearch({ url })
      const reads = await measureCourseReads({ url, durationSeconds: seconds })
      const base = await bare()
      const shares = reads.map((r) => `${r.name.split(' (')[0]}: ${share(r, base)} of the bare route`).join('; ')
      return `${table([...search, ...reads, base])}\n\n${shares}. Search: one client, each query distinct, so the uncached row is the database's figure.`
    })
  },
  async learning() {
    return onSeededEngine(async (url) => {
      const { results, note } = await measureLearning({ url, durationSeconds: seconds })
      const base = await bare()
      return `${table([...results, base])}\n\n${note} Completions: ${share(results[0]!, base)} of the bare route; target ≥ 2,000 req/s with p99 < 30 ms.`
    })
  },
  async reviews() {
    return onSeededEngine(async (url, pid) => {
      // Bare Fastify before and after: the shares are against their mean, the machine being shared.
      const before = await bare()
      const { results, note } = await measureReviewReads({ url, durationSeconds: seconds, pid })
      const after = await bare()
      const base = { ...after, requestsPerSecond: (before.requestsPerSecond + after.requestsPerSecond) / 2 }
      const shares = results.map((r) => `${r.name.split(' (')[0]}: ${share(r, base)} of the bare route`).join('; ')
      return `${table([before, ...results, after])}\n\n${shares} (mean of the two bare runs). ${note}\n\n${cpuShares([before, after], results)}`
    })
  },
  async quizzes() {
    // Bare Fastify before and after: the shares are against their mean, the machine being shared.
    const before = await bare()
    const results = await measureQuizzes({ durationSeconds: seconds, port: 3304 })
    const after = await bare()
    const base = { ...after, requestsPerSecond: (before.requestsPerSecond + after.requestsPerSecond) / 2 }
    const shares = results.map((r) => `${r.name.split(' (')[0]}: ${share(r, base)} of the bare route`).join('; ')
    return `${table([before, ...results, after])}\n\n${shares} (mean of the two bare runs). A fresh database (no seed): one published course with a quiz lesson of 10 questions (every type), 50 enrolled students, each request the next student in turn; the quiz read runs first, then the attempts. Half the students answer everything right, and each one's first pass completes the lesson through the enrollment service before the reply; every attempt is one statement (attempt counter and attempt row with its graded snapshot) in a transaction with its outbox rows, and every plugin of edu.config.ts is on (the AI tutor's review queue takes each graded attempt from the outbox).`
  },
  /** The reference mix on one engine process (default 30 s, 50 connections: BENCH_SECONDS, BENCH_CONNECTIONS). */
  mix: () => mixReport({ shape: 'one', ...mixOptions('mix') }),
  /** The same on two engine processes sharing PostgreSQL and Redis (needs REDIS_URL), with the scale-out checks. */
  'mix-two-engines': () => mixReport({ shape: 'two-engines', ...mixOptions('mix-two-engines') }),
  /** The same on one engine with EDU_WORKERS=2 (needs REDIS_URL). */
  'mix-workers': () => mixReport({ shape: 'workers', ...mixOptions('mix-workers') }),
  /** The mix's request types one at a time: engine and PostgreSQL CPU µs per request of each (BENCH_SECONDS, default 10; BENCH_ROUNDS, default 2). */
  'mix-types': () => measureMixTypes(seconds, Number(process.env.BENCH_ROUNDS ?? 2)),
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const names = wanted.length ? wanted : Object.keys(scenarios)
await mkdir(new URL('./results/', import.meta.url), { recursive: true })
for (const name of names) {
  const run = scenarios[name]
  if (!run) throw new Error(`Unknown scenario "${name}"; known: ${Object.keys(scenarios).join(', ')}`)
  console.log(`\n## ${name}\n`)
  const report = await run()
  const header = `# ${name} — ${new Date().toISOString()}\n\nMachine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}. Load generator (autocannon) on the same machine.\n\n`
  console.log(report)
  await writeFile(new URL(`./results/${new Date().toISOString().slice(0, 10)}-${name}.md`, import.meta.url), header + report + '\n')
}
