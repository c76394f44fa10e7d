import cluster from 'node:cluster'
import type { FastifyInstance } from 'fastify'
import type { EngineConfig } from './config.ts'
import { configFromEnv } from './config.ts'
import { EmbeddedPostgresError } from './db/embedded.ts'
import { createEngine } from './engine.ts'
import { IdleHeapReclaimer, IdleReclaimConfigError, idleReclaimConfig, type IdleCollection, type IdleReclaimOptions } from './idle-heap.ts'
import { JwtSecretError } from './identity/jwt-secret.ts'
import { allowedOrigins, CorsOriginError } from './http/cors.ts'
import { probeListen } from './http/port-probe.ts'
import { startPrimary, workerCount, WorkersConfigError } from './workers.ts'

/**
 * `npm start`: checks first that it can listen on its port (if not, one line and exit code 1 at once), builds the
 * engine (embedded PostgreSQL unless DATABASE_URL), listens, prints the URLs, and shuts down gracefully on
 * SIGTERM/SIGINT. With `EDU_WORKERS` above 1 this process becomes the primary
 * of that many engine workers on the same port (see `workerCount`) and resolves to undefined.
 */
export async function startEngine(config: EngineConfig): Promise<FastifyInstance | undefined> {
  const started = Date.now()
  const resolved = configFromEnv({ demo: true, ...config })
  let workers: number
  let idleReclaim: IdleReclaimOptions | undefined
  try {
    workers = workerCount(process.env, resolved)
    allowedOrigins(resolved)
    idleReclaim = idleReclaimConfig(resolved.memory?.idleReclaim)
  } catch (error) {
    if (!(error instanceof WorkersConfigError || error instanceof CorsOriginError || error instanceof IdleReclaimConfigError)) throw error
    console.error(error.message)
    process.exit(1)
  }
  const port = resolved.http?.port ?? 3000
  const host = resolved.http?.host ?? '127.0.0.1'
  if (cluster.isPrimary) {
    // Before the slow work (the embedded PostgreSQL, migrations, the demo), so a taken port is told at once.
    const refusal = listenRefusal(await probeListen(host, port), host, port)
    if (refusal) {
      console.error(`error: ${refusal}`)
      process.exit(1)
    }
  }
  if (workers > 1 && cluster.isPrimary) {
    await orExplain(startPrimary(resolved, workers, (readyMs) => console.log(banner(resolved, readyMs, workers))))
    return undefined
  }
  const app = await orExplain(createEngine(resolved, { env: false, clusterMetrics: cluster.isWorker }))
  const logCollection = (when: string) => (c: IdleCollection) =>
    app.log.info({ committedMb: mb(c.committedBefore), committedAfterMb: mb(c.committedAfter), usedMb: mb(c.usedBefore), usedAfterMb: mb(c.usedAfter), durationMs: c.durationMs, cpuMs: c.cpuMs }, `${when}: heap compacted`)
  const openConnections = () => new Promise<number>((resolve) => app.server.getConnections((error, count) => resolve(error ? 0 : count)))
  const reclaimer = idleReclaim && new IdleHeapReclaimer(idleReclaim, logCollection('idle'), openConnections)
  // What booting left (migrations, the demo catalogue) goes back before the first request could wait for it.
  if (reclaimer) logCollection('start')(await reclaimer.collect())
  try {
    await app.listen({ port, host })
  } catch (error) {
    const refusal = listenRefusal(error, host, port)
    if (!refusal) throw error
    await app.close() // stops the embedded PostgreSQL too
    console.error(`error: ${refusal}`)
    process.exit(1)
  }
  app.log.info({ readyMs: Date.now() - started }, 'engine ready')
  reclaimer?.start()
  // A worker's primary says it once for all of them.
  if (cluster.isPrimary) console.log(banner(resolved, Date.now() - started, 1))

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    reclaimer?.stop()
    app.log.info({ signal }, 'shutting down: finishing in-flight requests and events')
    const force = setTimeout(() => process.exit(1), 15_000)
    force.unref()
    await app.close()
    process.exit(0)
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  process.once('SIGINT', () => void shutdown('SIGINT'))
  return app
}

const mb = (bytes: number) => Math.round(bytes / 1048576)

/**
 * Awaits `work` (building or starting the engine); a failure the user can fix (the embedded PostgreSQL's,
 * an origin in EDU_CORS_ORIGINS, JWT_SECRET) ends the process with its one line and exit code 1, not a stack. For scripts that build an engine.
 */
export async function orExplain<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    if (!(error instanceof EmbeddedPostgresError || error instanceof CorsOriginError || error instanceof JwtSecretError)) throw error
    console.error(`error: ${error.message}`)
    process.exit(1)
  }
}

/**
 * The one line `npm start` prints when it cannot listen for a reason the user can fix (Node's `listen` errors:
 * the port taken by another program, a port below 1024 without the privilege, a HOST that is not this
 * machine's), or undefined for any other error.
 */
export function listenRefusal(error: unknown, host: string, port: number): string | undefined {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE': return `${host}:${port} is in use by another program: stop it, or start this engine on another port (PORT=…)`
    case 'EACCES': return `this user may not listen on ${host}:${port} (ports below 1024 need privileges): set PORT to another port`
    case 'EADDRNOTAVAIL': return `HOST=${host} is not an address of this machine: set HOST to one of its addresses (127.0.0.1, 0.0.0.0 for all)`
    default: return undefined
  }
}

/** What `npm start` prints once the engine listens: where everything is, and which origins may embed it. */
export function banner(config: EngineConfig, readyMs: number, workers: number): string {
  const base = `http://${config.http?.host ?? '127.0.0.1'}:${config.http?.port ?? 3000}`
  const processes = workers > 1 ? ` (${workers} workers)` : ''
  const widgets = config.widgets ? `\n  Widgets  ${base}/widgets/` : ''
  const origins = allowedOrigins(config)
  const cors = origins.length > 0 ? origins.join(', ') : "none (EDU_CORS_ORIGINS is empty: only this engine's own pages can call it)"
  return `EduPlatform is up in ${readyMs} ms${processes}\n  Home     ${base}/${widgets}\n  API      ${base}/api/v1\n  Docs     ${base}/docs\n  OpenAPI  ${base}/openapi.json\n  Health   ${base}/health/ready\n  Metrics  ${base}/metrics\n  CORS     ${cors}`
}
