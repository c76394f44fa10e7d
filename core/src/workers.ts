import cluster, { type Worker } from 'node:cluster'
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import type { EngineConfig } from './config.ts'
import { createEngine } from './engine.ts'
import { serveClusterMetrics } from './http/cluster-metrics.ts'
import { jwtSecretFor } from './identity/jwt-secret.ts'

/** The most workers one engine process starts. */
export const MAX_WORKERS = 64

/**
 * How many workers in a row may stop before they listen (a port they cannot take, a failing start) before the
 * primary stops the others and exits with code 1, rather than starting new ones for ever.
 */
export const MAX_FAILED_STARTS = 3

/** A setting that cannot run, explained in one line for the operator. */
export class WorkersConfigError extends Error {}

/**
 * How many worker processes `npm start` runs (`EDU_WORKERS`): an integer 1..64, or `auto` for one per
 * core; unset, 1. More than one needs `REDIS_URL`: workers share the cache, rate limits, session
 * revocations and live notifications through Redis. Without it each would keep its own in-process cache
 * and a write seen by one would not reach the others, so it is refused. Throws `WorkersConfigError`.
 */
export function workerCount(env: NodeJS.ProcessEnv, config: EngineConfig): number {
  const raw = env.EDU_WORKERS?.trim()
  const hasRedis = Boolean(config.redis?.url)
  const cores = Math.min(availableParallelism(), MAX_WORKERS)
  if (!raw) return 1
  const count = raw === 'auto' ? cores : /^\d+$/.test(raw) ? Number(raw) : NaN
  if (!Number.isInteger(count) || count < 1 || count > MAX_WORKERS) {
    throw new WorkersConfigError(`EDU_WORKERS must be a whole number from 1 to ${MAX_WORKERS}, or "auto"; got "${raw}"`)
  }
  if (count > 1 && !hasRedis) {
    throw new WorkersConfigError(`EDU_WORKERS=${raw} needs REDIS_URL: workers share the cache, rate limits and live notifications through Redis`)
  }
  return count
}

/**
 * The primary process of a multi-worker start: prepares the database once (the embedded PostgreSQL when
 * there is no DATABASE_URL, migrations, the demo), then forks `count` workers that each run a whole
 * engine on the shared port (Node's cluster module hands connections out round-robin). A worker that
 * dies is replaced, unless `MAX_FAILED_STARTS` workers in a row died before they listened: then the primary
 * says so in one line, stops the rest and the database, and exits with code 1. SIGTERM/SIGINT stop the
 * workers gracefully, then the database. Resolves once every worker listens.
 */
export async function startPrimary(config: EngineConfig, count: number, announce: (readyMs: number) => void): Promise<void> {
  const started = Date.now()
  // This engine never listens: it owns the embedded PostgreSQL (if any) for the workers' lifetime.
  const owner = await createEngine(config, { env: false, dispatch: false })
  const embeddedDir = config.database?.url ? undefined : resolve(config.database?.dataDir ?? '.edu')
  const env = {
    ...process.env,
    DATABASE_URL: owner.edu.databaseUrl,
    JWT_SECRET: await jwtSecretFor(config, embeddedDir),
    EDU_DEMO: '0',
  }

  // Any worker's /metrics asks here for every worker's figures.
  serveClusterMetrics()
  let stopping = false
  const stopWorkers = () => Promise.all(Object.values(cluster.workers ?? {}).map((worker) => new Promise<void>((res) => {
    if (!worker || worker.isDead()) return res()
    worker.once('exit', () => res())
    // SIGTERM whatever the primary got: after Ctrl-C the workers already have their SIGINT, and a
    // second SIGINT would end a worker before it has finished its requests.
    worker.process.kill('SIGTERM')
  })))
  // Workers that died before they listened, one after another (a worker that listens sets it back to 0).
  let failedStarts = 0
  const giveUp = async (code: number | null, signal: string | null) => {
    stopping = true
    const last = code === null ? `signal ${signal}` : `exit code ${code}`
    console.error(`error: ${failedStarts} engine workers in a row stopped before they could serve (the last with ${last}); giving up`)
    setTimeout(() => process.exit(1), 20_000).unref()
    await stopWorkers()
    await owner.close()
    process.exit(1)
  }
  const fork = (): Worker => {
    const worker = cluster.fork(env)
    let listened = false
    worker.once('listening', () => {
      listened = true
      failedStarts = 0
    })
    worker.on('exit', (code, signal) => {
      if (stopping) return
      if (!listened && ++failedStarts >= MAX_FAILED_STARTS) return void giveUp(code, signal)
      owner.log.error({ pid: worker.process.pid, code, signal }, 'engine worker died; starting another')
      fork()
    })
    return worker
  }

  const listening = new Promise<void>((res) => {
    let ready = 0
    cluster.on('listening', () => {
      if (++ready === count) res()
    })
  })
  for (let i = 0; i < count; i++) fork()
  await listening
  announce(Date.now() - started)

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    owner.log.info({ signal, workers: count }, 'shutting down: stopping workers')
    const force = setTimeout(() => process.exit(1), 20_000)
    force.unref()
    await stopWorkers()
    await owner.close()
    process.exit(0)
  }
  process.once('SIGTERM', () => void stop('SIGTERM'))
  process.once('SIGINT', () => void stop('SIGINT'))
}
