import pg from 'pg'
import type autocannon from 'autocannon'
import { cpuSeconds } from './lib/cpu.ts'
import { spawnEngine } from './lib/engine.ts'
import { load } from './lib/load.ts'
import { buildPool, loadScenario, prepare, type Concrete } from './mix.ts'

/**
 * The reference mix's request types one at a time: each type's requests from the mix's own pool (same
 * actors, ids and bodies), alone at 10 connections for `seconds`, against one engine on the reference seed.
 * Per type: the engine's CPU µs per request and its PostgreSQL backends' (from /proc, steadier than req/s
 * on a shared machine), and each type's weight in the mix, so the engine's CPU per mix request is the sum
 * of weight × cost. `rounds` rounds, the types in turn in each; `BENCH_ONLY=<text>[,<text>…]` keeps the types whose name has one of them.
 */
export async function measureMixTypes(seconds: number, rounds: number): Promise<string> {
  const engine = await spawnEngine('bench/lib/engine-server.ts', { PORT: '3303', EDU_DEMO: '0' })
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await db.connect()
  try {
    const scenario = await loadScenario()
    const pool = buildPool(scenario, await prepare(engine.url, scenario, {}), 2000)
    const byType = new Map<string, Concrete[]>()
    const only = process.env.BENCH_ONLY?.split(',')
    for (const c of pool) if (!only || only.some((o) => c.key.includes(o))) byType.set(c.key, [...(byType.get(c.key) ?? []), c])
    const backends = async () => (await db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`)).rows.map((r) => r.pid)
    const pgCpu = async (pids: number[]) => new Map(await Promise.all(pids.map(async (pid) => [pid, await cpuSeconds(pid)] as const)))
    // A backend opened during the run started from zero; one closed during it is lost (the pool rarely closes one under load).
    const pgUsed = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((sum, [pid, s]) => sum + s - (before.get(pid) ?? 0), 0)
    const figures = new Map<string, { engine: number[]; postgres: number[]; rps: number[]; p99: number[] }>()
    let seq = 0
    for (let round = 0; round < rounds; round++) {
      for (const [key, items] of byType) {
        let next = 0
        const request: autocannon.Request = {
          setupRequest: (req) => {
            const item = items[next++ % items.length]!
            const unique = `types-${Date.now().toString(36)}-${seq++}`
            const headers = { ...req.headers }
            if (item.token) headers.authorization = `Bearer ${item.token}`
            if (item.body) headers['content-type'] = 'application/json'
            return { ...req, method: item.method, path: item.path.replaceAll('{seq}', unique), headers, body: item.body?.replaceAll('{seq}', unique) ?? '' }
          },
        }
        const pids = await backends()
        const [engineBefore, pgBefore] = [await cpuSeconds(engine.pid), await pgCpu(pids)]
        const result = await load({ name: key, url: engine.url, connections: 10, durationSeconds: seconds, requests: [request] })
        const total = result.requestsPerSecond * seconds
        const pgAfter = await pgCpu(await backends())
        const f = figures.get(key) ?? { engine: [], postgres: [], rps: [], p99: [] }
        f.engine.push(((await cpuSeconds(engine.pid)) - engineBefore) * 1e6 / total)
        f.postgres.push(pgUsed(pgBefore, pgAfter) * 1e6 / total)
        f.rps.push(result.requestsPerSecond)
        f.p99.push(result.p99Ms)
        figures.set(key, f)
      }
    }
    const share = (key: string) => (byType.get(key)!.length / pool.length)
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    let weighted = 0
    let weightedPg = 0
    const rows = [...figures].map(([key, f]) => {
      weighted += share(key) * mean(f.engine)
      weightedPg += share(key) * mean(f.postgres)
      return `| ${key.replace('\u0000', ' / ')} | ${(share(key) * 100).toFixed(1)}% | ${f.engine.map((x) => x.toFixed(0)).join(', ')} | ${(share(key) * mean(f.engine)).toFixed(1)} | ${f.postgres.map((x) => x.toFixed(0)).join(', ')} | ${f.rps.join(', ')} | ${f.p99.join(', ')} |`
    })
    return [
      `| request type | share of the mix | engine CPU µs/request (per round) | engine µs in a mix request (share × mean) | PostgreSQL backends µs/request | req/s | p99 ms |`,
      '|---|---|---|---|---|---|---|',
      ...rows,
      `| **mix (weighted)** | 100% | | **${weighted.toFixed(0)}** | ${weightedPg.toFixed(0)} | | |`,
    ].join('\n') + `\n\nEach type alone at 10 connections for ${seconds} s, ${rounds} round(s), one engine (no Redis unless REDIS_URL), the types in turn.`
  } finally {
    await db.end()
    await engine.stop()
  }
}
