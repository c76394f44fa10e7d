import { AsyncLocalStorage } from 'node:async_hooks'
import type { FastifyBaseLogger } from 'fastify'

/**
 * What to do when code asks the pool for a connection while its own async context holds one in an open
 * transaction: `off`, `warn` (log each place once) or `error` (the checkout fails, and the place is kept
 * in `violations`). Tests run with `error`.
 */
export type NestedCheckoutMode = 'off' | 'warn' | 'error'

/** One open transaction of an async context, and the one it was opened inside (if any). */
interface Frame {
  holding: boolean
  parent: Frame | undefined
  /** Where the transaction was opened (`error` mode only: a stack per transaction is not free). */
  origin?: string
}

interface TransactionalConnection {
  transactional(cb: (trx: unknown) => Promise<unknown>, options?: { ctx?: unknown }): Promise<unknown>
}

interface ConnectablePool {
  connect(...args: unknown[]): Promise<unknown> | void
}

export class NestedCheckoutError extends Error {
  override name = 'NestedCheckoutError'
}

export interface ConnectionGuard {
  readonly mode: NestedCheckoutMode
  /** Stacks of the nested checkouts seen (in `error` mode), oldest first. */
  violations: string[]
}

const frames = new AsyncLocalStorage<Frame>()

/**
 * Watches for the pool convoy: a transaction holds a pooled connection and, inside it, the same flow
 * waits for another one. With as many such flows as connections, every connection is `idle in
 * transaction` waiting for one more, and the engine stops. Every transaction of `connection` (MikroORM's
 * primary; savepoints reuse their transaction's connection and are not counted) marks its async context
 * (AsyncLocalStorage) while its callback runs; a checkout from `pool` in a marked context, or in one
 * opened inside it, is reported. Reads and writes inside a transaction belong on its `em`.
 */
export function guardConnections(connection: TransactionalConnection, pool: ConnectablePool, mode: NestedCheckoutMode, log: FastifyBaseLogger): ConnectionGuard {
  const guard: ConnectionGuard = { mode, violations: [] }
  if (mode === 'off') return guard
  const transactional = connection.transactional.bind(connection)
  connection.transactional = (cb, options) => {
    if (options?.ctx) return transactional(cb, options)
    const frame: Frame = { holding: false, parent: frames.getStore() }
    if (mode === 'error') frame.origin = withLongStack(() => new Error('The transaction holding it was opened').stack)
    return frames.run(frame, () => transactional(async (trx) => {
      frame.holding = true
      try {
        return await cb(trx)
      } finally {
        frame.holding = false
      }
    }, options))
  }
  const warned = new Set<string>()
  const connect = pool.connect.bind(pool)
  pool.connect = (...args: unknown[]) => {
    // Callback checkouts (`pool.query`) are not MikroORM's; only promise checkouts are watched.
    if (args.length > 0 || !holdsConnection()) return connect(...args)
    const error = withLongStack(() => new NestedCheckoutError('A pooled connection was requested while this flow holds one in an open transaction: use the transaction\'s em'))
    const stack = error.stack ?? error.message
    if (mode === 'error') {
      guard.violations.push(`${stack}\n${holder()?.origin ?? ''}`)
      return Promise.reject(error)
    }
    // Each place once (the caller's frames, not the driver's), up to a hundred places.
    const site = stack.split('\n').filter((line) => !line.includes('node_modules')).slice(1, 10).join('\n')
    if (!warned.has(site) && warned.size < 100) {
      warned.add(site)
      log.warn({ err: error }, 'nested database connection checkout')
    }
    return connect()
  }
  return guard
}

function holder(): Frame | undefined {
  for (let frame = frames.getStore(); frame; frame = frame.parent) if (frame.holding) return frame
  return undefined
}

function holdsConnection(): boolean {
  return holder() !== undefined
}

/** Stacks deep enough to get past the driver's frames to the caller's. */
function withLongStack<T>(make: () => T): T {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 40
  try {
    return make()
  } finally {
    Error.stackTraceLimit = limit
  }
}
