import { Histogram, type Registry } from 'prom-client'

interface ConnectablePool {
  connect(...args: unknown[]): Promise<unknown> | void
}

/**
 * Times every checkout from the `pg` pool, from the request for a connection to its arrival, as the
 * histogram `edu_db_pool_wait_seconds` (seconds). Near zero while the pool has idle connections; it grows
 * when requests queue for a connection, which is what the "pool wait" panel and alert watch.
 */
export function measurePoolWait(pool: ConnectablePool, registry: Registry): void {
  const wait = new Histogram({
    name: 'edu_db_pool_wait_seconds',
    help: 'Time a query waited for a database connection from the pool',
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  })
  const connect = pool.connect.bind(pool)
  pool.connect = (...args: unknown[]) => {
    // `pool.query` checks out with a callback; only promise checkouts (Kysely's) are timed.
    if (args.length > 0) return connect(...args)
    const end = wait.startTimer()
    return (connect() as Promise<unknown>).finally(end)
  }
}
