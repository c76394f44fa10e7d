import type { EntityManager } from '@mikro-orm/postgresql'
import { newId } from '../db/ids.ts'
import type { AfterCommit } from '../db/after-commit.ts'
import type { EduEvents } from '../plugin/types.ts'

export type EventName = keyof EduEvents & string

export interface EventContext {
  /** The transaction the delivery runs in: writes made with it commit together with the delivery mark. */
  em: EntityManager
  eventId: string
  event: string
  attempt: number
}

export type EventHandler<K extends EventName> = (payload: EduEvents[K], ctx: EventContext) => Promise<void>

export interface Subscription {
  event: string
  /** Stable id, e.g. `enrollment.enroll-on-payment`; each subscriber is delivered to once per event. */
  id: string
  handler: EventHandler<never>
}

export const OUTBOX_CHANNEL = 'edu_outbox'
/**
 * How long a committed event waits for its transaction's after-commit work (cache invalidation) before any
 * dispatcher may deliver it; that work releases it sooner. Only an engine that died in between makes it wait.
 */
export const RELEASE_GRACE_MS = 10_000
const SUBSCRIBER_ID = /^[\w.-]+$/

/**
 * Typed events with a transactional outbox: `emit` writes one outbox row per subscriber in the caller's
 * transaction, so an event exists exactly when the change that caused it commits.
 */
export class EventBus {
  #subscriptions = new Map<string, Subscription>()
  #deliver: ((eventId: string) => Promise<void>) | undefined
  readonly #afterAllCommitWork: AfterCommit
  readonly #release: (eventId: string) => Promise<unknown>

  /**
   * `afterAllCommitWork` runs after every after-commit work of the emitting transaction; `execute` runs SQL
   * outside any transaction.
   */
  constructor(afterAllCommitWork: AfterCommit, execute: (sql: string, params: unknown[]) => Promise<unknown>) {
    this.#afterAllCommitWork = afterAllCommitWork
    // Due now, and every engine's dispatcher woken.
    this.#release = (eventId) => execute(
      `WITH released AS (UPDATE edu_outbox SET available_at = now() WHERE event_id = ? AND status = 'pending' AND attempts = 0)
       SELECT pg_notify('${OUTBOX_CHANNEL}', '')`,
      [eventId],
    )
  }

  /** Connects the dispatcher that `deliverNow` uses. */
  attach(deliver: (eventId: string) => Promise<void>): void {
    this.#deliver = deliver
  }

  /**
   * After the emitting transaction committed: runs this event's handlers now, in the caller's request,
   * so a client sees their effect at once. Whatever fails here stays in the outbox and is retried.
   */
  async deliverNow(eventId: string): Promise<void> {
    await this.#deliver?.(eventId)
  }

  on<K extends EventName>(event: K, id: string, handler: EventHandler<K>): void {
    if (!SUBSCRIBER_ID.test(id)) throw new Error(`Event subscriber id "${id}" must be letters, digits and . _ - only`)
    if (this.#subscriptions.has(id)) throw new Error(`Event subscriber "${id}" is registered twice`)
    this.#subscriptions.set(id, { event, id, handler: handler as EventHandler<never> })
  }

  subscriber(id: string): Subscription | undefined {
    return this.#subscriptions.get(id)
  }

  subscriberIds(): string[] {
    return [...this.#subscriptions.keys()]
  }

  /**
   * Records the event in `em`'s transaction; handlers run after commit, at least once each, and never
   * before the transaction's after-commit work (another plugin's cache invalidation) is done: the rows
   * become due, and dispatchers are woken, only then.
   */
  async emit<K extends EventName>(em: EntityManager, event: K, payload: EduEvents[K]): Promise<string> {
    const eventId = newId()
    const subs = [...this.#subscriptions.values()].filter((s) => s.event === event)
    if (subs.length === 0) return eventId
    const json = JSON.stringify(payload)
    const values = subs.map(() => `(?, ?, ?, ?::jsonb, now() + interval '${RELEASE_GRACE_MS} milliseconds')`).join(', ')
    const params = subs.flatMap((s) => [eventId, event, s.id, json])
    await em.execute(`INSERT INTO edu_outbox (event_id, event, subscriber, payload, available_at) VALUES ${values}`, params)
    await this.#afterAllCommitWork(em, async () => {
      await this.#release(eventId)
    })
    return eventId
  }
}
