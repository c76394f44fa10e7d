// Two compiled engines side by side on the review reads: `AB_DATABASE_URL=<seeded database> node bench/reviews-ab.ts <old.js> <new.js> [bursts]`.
// Each bundle is `bin/build-engine.ts` run on bench/lib/engine-server.ts, two folders below the repository root
// (e.g. dist/old-es/, dist/new-es/). Both engines serve the same database (a copy of the reference seed: the load
// only reads) without Redis; every burst loads bare Fastify, both engines in turn with `measureReviewReads` (the
// order swapped every burst), then bare Fastify again, `BENCH_SECONDS` (default 4) each. Prints a Markdown report
// with CPU µs per request and the per-burst ratio new ÷ old (see bench/hotpath-ab.ts for why).
// `BENCH_AB_OLD_ENV` / `BENCH_AB_NEW_ENV` ("NAME=value,NAME=value") add environment variables to one engine only
// (e.g. `BENCH_IDLE_RECLAIM=0` to both, so no collection when idle between bursts weighs on either).
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ENGINE_NODE_OPTIONS } from '../bin/build-engine.ts'
import { startBareFastify, waitForLine } from './lib/bare.ts'
import { load } from './lib/load.ts'
import { measureReviewReads } from './reviews.ts'

const [oldBundle, newBundle, burstArg] = process.argv.slice(2)
const bursts = Number(burstArg ?? 4)
const seconds = Number(process.env.BENCH_SECONDS ?? 4)
const db = process.env.AB_DATABASE_URL
if (!oldBundle || !newBundle || !db) throw new Error('usage: AB_DATABASE_URL=<seeded database> node bench/reviews-ab.ts <old.js> <new.js> [bursts]')
async function start(bundle: string, port: number, extraEnv = '') {
  const extra = Object.fromEntries(extraEnv.split(',').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]))
  const child = spawn(process.execPath, [...ENGINE_NODE_OPTIONS, resolve(bundle)], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), DATABASE_URL: db, REDIS_URL: '', EDU_DEMO: '0', JWT_SECRET: 'a-long-enough-secret-for-the-bench-runs-0123456789', ...extra },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await waitForLine(child, 'EduPlatform is up', 120_000)
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => new Promise<void>((d) => { child.once('exit', () => d()); child.kill('SIGTERM') }) }
}
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2 }
const engines = { old: await start(oldBundle!, 3331, process.env.BENCH_AB_OLD_ENV), new: await start(newBundle!, 3332, process.env.BENCH_AB_NEW_ENV) }
const bare = await startBareFastify(3330)
const rec = new Map<string, { cpu: number[]; rps: number[]; p99: number[] }>()
const note = (k: string, cpu: number | undefined, rps: number, p99: number) => { const r = rec.get(k) ?? { cpu: [], rps: [], p99: [] }; r.cpu.push(cpu ?? NaN); r.rps.push(rps); r.p99.push(p99); rec.set(k, r) }
const started = new Date().toISOString()
try {
  for (const w of ['old', 'new'] as const) await measureReviewReads({ url: engines[w].url, pid: engines[w].pid, durationSeconds: 2 })
  for (let b = 0; b < bursts; b++) {
    const br = await load({ name: 'bare', url: bare.url, durationSeconds: seconds, cpuOf: bare.pid })
    note('bare', br.cpuMicrosPerRequest, br.requestsPerSecond, br.p99Ms)
    for (const w of (b % 2 ? ['new', 'old'] : ['old', 'new']) as Array<'old' | 'new'>) {
      const { results } = await measureReviewReads({ url: engines[w].url, pid: engines[w].pid, durationSeconds: seconds })
      for (const r of results) {
        if (r.non2xx + r.errors) throw new Error(`${r.name}: ${r.non2xx} non-2xx`)
        note(`${r.name.split(' (')[0]}|${w}`, r.cpuMicrosPerRequest, r.requestsPerSecond, r.p99Ms)
      }
    }
    const br2 = await load({ name: 'bare', url: bare.url, durationSeconds: seconds, cpuOf: bare.pid })
    note('bare', br2.cpuMicrosPerRequest, br2.requestsPerSecond, br2.p99Ms)
    process.stderr.write(`burst ${b + 1}/${bursts}\n`)
  }
} finally { bare.stop(); await Promise.all([engines.old.stop(), engines.new.stop()]) }
const bareR = rec.get('bare')!
const bc = median(bareR.cpu), brps = median(bareR.rps)
const out = [`Old ${oldBundle}${process.env.BENCH_AB_OLD_ENV ? ` (${process.env.BENCH_AB_OLD_ENV})` : ''}, new ${newBundle}${process.env.BENCH_AB_NEW_ENV ? ` (${process.env.BENCH_AB_NEW_ENV})` : ''}; ${bursts} bursts of ${seconds} s (bare before and after each), ${started} to ${new Date().toISOString()}.`, '',
  '| route | code | CPU µs/request (median) | each burst | bare ÷ route (CPU) | req/s (median) | bare ÷ route (req/s) | p99 ms (median) |', '|---|---|---|---|---|---|---|---|',
  `| bare Fastify |  | ${bc.toFixed(1)} | ${bareR.cpu.map((x) => x.toFixed(0)).join(' / ')} | 100% | ${Math.round(brps)} | 100% | ${median(bareR.p99)} |`]
const ratios = ['', '| route | new ÷ old CPU, per burst (median) | each burst |', '|---|---|---|']
for (const name of ['GET /courses/:id/reviews', 'GET /courses/:id/reviews/summary']) {
  for (const w of ['old', 'new']) { const r = rec.get(`${name}|${w}`)!; out.push(`| ${name} | ${w} | ${median(r.cpu).toFixed(1)} | ${r.cpu.map((x) => x.toFixed(0)).join(' / ')} | ${Math.round(bc / median(r.cpu) * 100)}% | ${Math.round(median(r.rps))} | ${Math.round(median(r.rps) / brps * 100)}% | ${median(r.p99)} |`) }
  const o = rec.get(`${name}|old`)!.cpu, n = rec.get(`${name}|new`)!.cpu
  const per = n.map((x, i) => x / o[i]!)
  ratios.push(`| ${name} | ${median(per).toFixed(2)} | ${per.map((x) => x.toFixed(2)).join(' / ')} |`)
}
console.log([...out, ...ratios].join('\n'))
