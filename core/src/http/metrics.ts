import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client'
import { RequestDurations } from './request-durations.ts'
import type { SharedCache } from './shared-cache.ts'

/** One registry per engine, so several engines in one process (tests) keep their own figures. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  return registry
}

/**
 * Times every request (`edu_http_request_duration_seconds`, see `RequestDurations`) and serves `/metrics`: this engine's registry, or what `read` returns (a worker of
 * `EDU_WORKERS`: every worker's metrics together, see `clusterMetricsReader`).
 */
export function registerHttpMetrics(app: FastifyInstance, registry: Registry, read: () => Promise<string> = () => registry.metrics()): RequestDurations {
  const durations = new RequestDurations([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], [registry])
  app.addHook('onResponse', (request, reply, done) => {
    durations.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000)
    done()
  })
  app.get('/metrics', { schema: { operationId: 'getMetrics', tags: ['operations'], summary: 'Prometheus metrics', produces: ['text/plain'], response: { 200: Type.String({ description: 'The Prometheus text exposition format' }) } } }, async (_request, reply) => {
    reply.type(registry.contentType)
    return read()
  })
  return durations
}

/**
 * `edu_http_shared_cache_hits_total` (responses the shared cache served before routing), `edu_http_shared_cache_entries`
 * and `edu_http_shared_cache_bytes` (what it keeps, as counted against `http.sharedCache.maxBytes`: bodies, URLs and
 * heads), read at scrape time.
 */
export function registerSharedCacheMetrics(registry: Registry, cache: SharedCache) {
  let reported = 0
  new Counter({
    name: 'edu_http_shared_cache_hits_total', help: 'Responses served by the shared cache before routing', registers: [registry],
    collect() {
      this.inc(cache.hits - reported)
      reported = cache.hits
    },
  })
  new Gauge({ name: 'edu_http_shared_cache_entries', help: 'Responses kept by the shared cache', registers: [registry], collect() { this.set(cache.size.entries) } })
  new Gauge({ name: 'edu_http_shared_cache_bytes', help: 'Bytes the shared cache keeps (bodies, URLs, heads)', registers: [registry], collect() { this.set(cache.size.bytes) } })
}

/**
 * Gauges read from the database at scrape time. Under `EDU_WORKERS` every worker reads the same figures,
 * so the outbox gauges aggregate as their maximum, not a sum; pool connections are each worker's own and add up.
 */
export function registerDatabaseMetrics(registry: Registry, query: <T>(sql: string) => Promise<T[]>, pool: () => { total: number; idle: number; waiting: number } | undefined) {
  new Gauge({
    name: 'edu_outbox_events', help: 'Outbox rows by status', labelNames: ['status'], registers: [registry], aggregator: 'max',
    async collect() {
      const rows = await query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM edu_outbox WHERE status <> 'delivered' GROUP BY status`).catch(() => [])
      this.reset()
      this.set({ status: 'pending' }, 0)
      this.set({ status: 'dead' }, 0)
      for (const r of rows) this.set({ status: r.status }, r.n)
    },
  })
  new Gauge({
    name: 'edu_outbox_lag_seconds', help: 'Age of the oldest event waiting for delivery', registers: [registry], aggregator: 'max',
    async collect() {
      const [row] = await query<{ lag: number | null }>(`SELECT extract(epoch FROM now() - min(created_at))::float AS lag FROM edu_outbox WHERE status = 'pending'`).catch(() => [])
      this.set(row?.lag ?? 0)
    },
  })
  new Gauge({
    name: 'edu_db_pool_connections', help: 'Database pool connections by state', labelNames: ['state'], registers: [registry],
    collect() {
      const p = pool()
      if (!p) return
      this.set({ state: 'total' }, p.total)
      this.set({ state: 'idle' }, p.idle)
      this.set({ state: 'waiting' }, p.waiting)
    },
  })
}
