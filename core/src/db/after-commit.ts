import type { FastifyBaseLogger } from 'fastify'
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'

export type AfterCommit = (em: EntityManager, work: () => Promise<void> | void) => Promise<void>

export interface AfterCommitQueues {
  /** For plugins: cache invalidation and other effects of committed data, in the order registered. */
  afterCommit: AfterCommit
  /** For core: runs after every `afterCommit` work of the same transaction (waking event handlers). */
  afterAllCommitWork: AfterCommit
}

/**
 * `afterCommit(em, work)`: runs `work` once `em`'s transaction commits (never, if it rolls back), or at
 * once outside a transaction. For effects that must not be seen before the data is, such as cache
 * invalidation: invalidating inside the transaction lets a concurrent reader cache the old row again.
 * `afterAllCommitWork` queues work that must see all of that done first.
 */
export function createAfterCommit(orm: MikroORM, log: FastifyBaseLogger): AfterCommitQueues {
  const pending = new WeakMap<object, { works: Array<() => Promise<void> | void>; last: Array<() => Promise<void> | void> }>()
  const run = async (work: () => Promise<void> | void) => {
    try {
      await work()
    } catch (err) {
      log.error({ err }, 'after-commit work failed')
    }
  }
  orm.em.getEventManager().registerSubscriber({
    async afterTransactionCommit(args) {
      const queued = args.transaction ? pending.get(args.transaction) : undefined
      if (!queued) return
      pending.delete(args.transaction!)
      for (const work of queued.works) await run(work)
      for (const work of queued.last) await run(work)
    },
    afterTransactionRollback(args) {
      if (args.transaction) pending.delete(args.transaction)
    },
  })
  const queue = (phase: 'works' | 'last'): AfterCommit => async (em, work) => {
    const transaction = em.getTransactionContext()
    if (!transaction) return run(work)
    const queued = pending.get(transaction) ?? { works: [], last: [] }
    queued[phase].push(work)
    pending.set(transaction, queued)
  }
  return { afterCommit: queue('works'), afterAllCommitWork: queue('last') }
}
