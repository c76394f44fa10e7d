import type { FastifyBaseLogger } from 'fastify'
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'

export type AfterCommit = (em: EntityManager, work: () => Promise<void> | void) => Promise<void>

export interface AfterCommitQueues {
  /** For plugins: cache invalidation and other effects of committed data, in the order registered. */
  afterCommit: AfterCommit
  /** For core: runs after every `afterCommit` work of the same transaction (waking event handlers). */
  afterAllCommitWork: AfterCommit
}

type Work = () => Promise<void> | void
interface Queued { works: Work[]; last: Work[] }

/**
 * `afterCommit(em, work)`: runs `work` once `em`'s transaction commits (never, if it rolls back), or at
 * once outside a transaction. For effects that must not be seen before the data is, such as cache
 * invalidation: invalidating inside the transaction lets a concurrent reader cache the old row again.
 * `afterAllCommitWork` queues work that must see all of that done first.
 *
 * Inside a nested `em.transactional` (a savepoint) the work belongs to the outermost transaction: a
 * released savepoint hands its work to the transaction around it, a savepoint rolled back drops it, and
 * nothing runs before the outermost transaction commits.
 */
export function createAfterCommit(orm: MikroORM, log: FastifyBaseLogger): AfterCommitQueues {
  const pending = new WeakMap<object, Queued>()
  // A savepoint → the transaction (or savepoint) it was opened in. MikroORM announces a savepoint with
  // its parent (beforeTransactionStart) and then the savepoint itself (afterTransactionStart), both
  // through the same entity manager: the parent is kept per manager in between.
  const opening = new WeakMap<object, object>()
  const parentOf = new WeakMap<object, object>()
  const isSavepoint = (transaction: object) => 'savepointName' in transaction
  const run = async (work: Work) => {
    try {
      await work()
    } catch (err) {
      log.error({ err }, 'after-commit work failed')
    }
  }
  orm.em.getEventManager().registerSubscriber({
    beforeTransactionStart(args) {
      if (args.transaction) opening.set(args.em, args.transaction as object)
      else opening.delete(args.em)
    },
    afterTransactionStart(args) {
      const parent = opening.get(args.em)
      opening.delete(args.em)
      if (parent && args.transaction && isSavepoint(args.transaction as object)) parentOf.set(args.transaction as object, parent)
    },
    async afterTransactionCommit(args) {
      const transaction = args.transaction as object | undefined
      const queued = transaction ? pending.get(transaction) : undefined
      if (!queued) return
      pending.delete(transaction!)
      const parent = parentOf.get(transaction!)
      if (parent) {
        // A released savepoint: its work waits for the transaction around it.
        const outer = pending.get(parent) ?? { works: [], last: [] }
        outer.works.push(...queued.works)
        outer.last.push(...queued.last)
        pending.set(parent, outer)
        return
      }
      for (const work of queued.works) await run(work)
      for (const work of queued.last) await run(work)
    },
    afterTransactionRollback(args) {
      if (args.transaction) pending.delete(args.transaction as object)
    },
  })
  const queue = (phase: keyof Queued): AfterCommit => async (em, work) => {
    const transaction = em.getTransactionContext<object>()
    if (!transaction) return run(work)
    const queued = pending.get(transaction) ?? { works: [], last: [] }
    queued[phase].push(work)
    pending.set(transaction, queued)
  }
  return { afterCommit: queue('works'), afterAllCommitWork: queue('last') }
}
