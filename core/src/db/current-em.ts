import { TransactionContext } from '@mikro-orm/core'
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'

interface OpenState {
  isCommitted?: boolean
  isRolledBack?: boolean
}

/** The EntityManager of the transaction the current async flow runs in, while that transaction is open. */
export function openTransactionEm(orm?: MikroORM): EntityManager | undefined {
  const em = TransactionContext.currentTransactionContext()?.em as EntityManager | undefined
  if (!em || (orm && em.name !== orm.em.name)) return undefined
  const trx = em.getTransactionContext<OpenState>()
  return trx && !trx.isCommitted && !trx.isRolledBack ? em : undefined
}

/**
 * Where a read belongs: the open transaction of the current async flow (MikroORM's TransactionContext,
 * e.g. an event handler's delivery transaction or a request's write), else a fresh fork. Inside a
 * transaction the read goes through the connection it already holds, instead of waiting for a second
 * pooled connection while holding one (with enough such flows the pool starves). Its results may
 * include the transaction's own uncommitted writes. Do not open transactions on it: use `orm.em.fork()`
 * for a transaction of a write path, or the handler's `ctx.em`.
 */
export function currentEm(orm: MikroORM): EntityManager {
  return openTransactionEm(orm) ?? orm.em.fork()
}

/**
 * Rows from the primary, for cache fills (which must never read a lagging replica): through the open
 * transaction of the current flow when there is one (see `currentEm`), else any pooled connection.
 */
export async function queryPrimary<T = Record<string, unknown>>(orm: MikroORM, sql: string, params: unknown[] = []): Promise<T[]> {
  const em = openTransactionEm(orm)
  if (em) return em.execute<T[]>(sql, params)
  return (await orm.em.getConnection('write').execute(sql, params, 'all')) as T[]
}
