import type { FastifyBaseLogger } from 'fastify'
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'

export type AfterCommit = (em: EntityManager, work: () => Promise<void> | void) => Promise<void>

/**
 * `afterCommit(em, work)`: runs `work` once `em`'s transaction commits (never, if it rolls back), or at
 * once outside a transaction. For effects that must not be seen before the data is, such as cache
 * invalidation: invalidating inside the transaction lets a concurrent reader cache the old row again.
 */
export function createAfterCommit(orm: MikroORM, log: FastifyBaseLogger): AfterCommit {
  const pending = new WeakMap<object, Array<() => Promise<void> | void>>()
  const run = async (work: () => Promise<void> | void) => {
    try {
      await work()
    } catch (err) {
      log.error({ err }, 'after-commit work failed')
    }
  }
  orm.em.getEventManager().registerSubscriber({
    async afterTransactionCommit(args) {
      const works = args.transaction ? pending.get(args.transaction) : undefined
      if (!works) return
      pending.delete(args.transaction!)
      for (const work of works) await run(work)
    },
    afterTransactionRollback(args) {
      if (args.transaction) pending.delete(args.transaction)
    },
  })
  return async (em, work) => {
    const transaction = em.getTransactionContext()
    if (!transaction) return run(work)
    const works = pending.get(transaction) ?? []
    works.push(work)
    pending.set(transaction, works)
  }
}
