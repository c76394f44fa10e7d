import type { EntityManager } from '@mikro-orm/postgresql'
import { newId } from '../db/ids.ts'
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
const SUBSCRIBER_ID = /^[\w.-]+$/

/**
 * Typed events with a transactional outbox: `emit` writes one outbox row per subscriber in the caller's
 * transaction, so an event exists exactly when the change that caused it commits.
 */
export class EventBus {
  #subscriptions = new Map<string, Subscription>()
  #deliver: ((eventId: string) => Promise<void>) | undefined

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

  /** Records the event in `em`'s transaction; handlers run after commit, at least once each. */
  async emit<K extends EventName>(em: EntityManager, event: K, payload: EduEvents[K]): Promise<string> {
    const eventId = newId()
    const subs = [...this.#subscriptions.values()].filter((s) => s.event === event)
    if (subs.length === 0) return eventId
    const json = JSON.stringify(payload)
    const values = subs.map(() => '(?, ?, ?, ?::jsonb)').join(', ')
    const params = subs.flatMap((s) => [eventId, event, s.id, json])
    await em.execute(`INSERT INTO edu_outbox (event_id, event, subscriber, payload) VALUES ${values}`, params)
    // Delivered by PostgreSQL at commit, waking every engine's dispatcher.
    await em.execute(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`)
    return eventId
  }
}
