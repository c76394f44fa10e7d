import { Counter, Histogram, type Registry } from 'prom-client'

interface ConnectablePool {
  connect(...args: unknown[]): Promise<unknown> | void
}

interface PooledClient {
  query(...args: unknown[]): unknown
  release(...args: unknown[]): unknown
}

/** Per pooled client: the checkout it is in (its `query` is wrapped once, its `release` per checkout). */
interface Holding {
  since: number
  statements: number
  flow: string | undefined
}

const BUCKETS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]
/** Distinct `flow` labels kept; further statement shapes count as `other` (bounded cardinality). */
const MAX_FLOWS = 60
const TRANSACTION_CONTROL = /^\s*(begin|start transaction|commit|rollback|savepoint|release savepoint)\b/i
/** The verb, and the table an UPDATE names or the first table or function after FROM/INTO/UPDATE/JOIN. */
const SHAPE = /^\s*(?:(update)\s+"?([a-z_]\w*)|(\w+)[\s\S]*?\b(?:from|into|update|join)\s+"?([a-z_]\w*))/i

/**
 * A coarse name for what a checkout ran, from its first statement that is not transaction control:
 * `tx:` when it opened a transaction, then the verb and the first table or function named, e.g.
 * `tx:INSERT enrollments`, `SELECT courses`, `SELECT enrollment_complete_lessons`.
 */
export function flowOf(sql: string, inTransaction: boolean): string {
  const m = SHAPE.exec(sql.length > 4000 ? sql.slice(0, 4000) : sql)
  const shape = m
    ? `${(m[1] ?? m[3])!.toUpperCase()} ${(m[2] ?? m[4])!.toLowerCase()}`
    : (/^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'unknown')
  return inTransaction ? `tx:${shape}` : shape
}

/**
 * Times every checkout from the `pg` pool: from the request for a connection to its arrival, as the
 * histogram `edu_db_pool_wait_seconds` (seconds; near zero while the pool has idle connections, it grows
 * when requests queue for a connection), and from its arrival to its release, as
 * `edu_db_pool_hold_seconds` (seconds) labelled by `flow` (see `flowOf`), with the statements each
 * checkout sent in `edu_db_pool_statements_total` (same label; per checkout, round trips = statements).
 * Hold time is what sizes the pool: connections needed ≈ checkouts per second × mean hold (Little's law).
 */
export function measurePoolWait(pool: ConnectablePool, registry: Registry): void {
  const wait = new Histogram({
    name: 'edu_db_pool_wait_seconds',
    help: 'Time a query waited for a database connection from the pool',
    buckets: BUCKETS,
    registers: [registry],
  })
  const hold = new Histogram({
    name: 'edu_db_pool_hold_seconds',
    help: 'Time a checkout held its pooled database connection, by the first statement it ran (flow)',
    labelNames: ['flow'],
    buckets: BUCKETS,
    registers: [registry],
  })
  const statements = new Counter({
    name: 'edu_db_pool_statements_total',
    help: 'Statements (round trips) sent on pooled connections, by the flow of their checkout',
    labelNames: ['flow'],
    registers: [registry],
  })
  const flows = new Map<string, { hold: Histogram.Internal<'flow'>; statements: Counter.Internal }>()
  const bound = (flow: string) => {
    let children = flows.get(flow)
    if (!children) {
      children = { hold: hold.labels({ flow }), statements: statements.labels({ flow }) }
      flows.set(flow, children)
    }
    return children
  }
  const holdings = new WeakMap<object, Holding>()
  const watch = (client: PooledClient): void => {
    if (holdings.has(client)) return
    const state: Holding = { since: 0, statements: 0, flow: undefined }
    holdings.set(client, state)
    const query = client.query.bind(client)
    client.query = (...args: unknown[]) => {
      state.statements += 1
      if (!state.flow) {
        const first = args[0]
        const sql = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text
        if (typeof sql === 'string') {
          if (!TRANSACTION_CONTROL.test(sql)) state.flow = flowOf(sql, state.flow === '')
          else if (state.flow === undefined) state.flow = ''
        }
      }
      return query(...args)
    }
  }
  const connect = pool.connect.bind(pool)
  pool.connect = (...args: unknown[]) => {
    // `pool.query` checks out with a callback; only promise checkouts (Kysely's) are timed.
    if (args.length > 0) return connect(...args)
    const started = performance.now()
    return (connect() as Promise<PooledClient>).then((client) => {
      const now = performance.now()
      wait.observe((now - started) / 1000)
      watch(client)
      const state = holdings.get(client)!
      state.since = now
      state.statements = 0
      state.flow = undefined
      // The pool gives each checkout its own `release`.
      const release = client.release
      client.release = (...releaseArgs: unknown[]) => {
        const flow = state.flow || (state.flow === '' ? 'tx:empty' : 'none')
        const children = flows.get(flow) ?? (flows.size < MAX_FLOWS ? bound(flow) : bound('other'))
        children.hold.observe((performance.now() - state.since) / 1000)
        children.statements.inc(state.statements)
        return release.apply(client, releaseArgs)
      }
      return client
    }, (error: unknown) => {
      wait.observe((performance.now() - started) / 1000)
      throw error
    })
  }
}
