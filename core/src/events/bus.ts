import type { EntityManager } from '@mikro-orm/postgresql'
import { newId } from '../db/ids.ts'
import type { AfterCommit } from '../db/after-commit.ts'
import type { EduEvents } from '../plugin/types.ts'

export type EventName = keyof EduEvents & string

export interface EventContext {
  /**
   * A transactional subscriber's delivery transaction (a savepoint in it): writes made with it commit
   * together with the delivery mark, and roll back when the handler throws. For a subscriber registered
   * with `{ transactional: false }`, a fresh entity manager outside any transaction (each query takes a
   * pooled connection for its own length).
   */
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
  /** False: delivered under a lease, with no connection or transaction held while the handler runs. */
  transactional: boolean
  /** Which payloads the subscriber is given; no outbox row is written for the others. */
  when: ((payload: never) => boolean) | undefined
}

export interface SubscribeOptions {
  /**
   * Default true: the handler runs inside the delivery's transaction (its writes and the delivery mark
   * commit together; exactly once for them). False, for handlers whose work is outside the database (an
   * SMTP conversation, a webhook): the row is leased (`events.leaseMs`), the handler runs holding no
   * connection, and the row is marked delivered after it returns. An engine that dies mid-handler leaves
   * the lease to expire and the row is delivered again: at least once, so the handler must recognise a
   * repeat (an idempotency key derived from `ctx.eventId`).
   */
  transactional?: boolean
  /**
   * The payloads this subscriber has work for (default: all). Asked when the event is emitted, in the
   * emitting flow: a payload it refuses gets no outbox row for this subscriber, so no delivery (no
   * transaction, no pooled connection) is spent on an event the handler would return from at once. It
   * sees only the payload, and must be a pure test of it (`({ change }) => change === 'deleted'`).
   */
  when?: (payload: never) => boolean
}

/** One event for `emitMany`: its name and payload, typed together. */
export type EmittedEvent = { [K in EventName]: { event: K; payload: EduEvents[K] } }[EventName]

/** Events to record inside the caller's own statement (`EventBus.prepare`). */
export interface PreparedEvents {
  /** The event ids, in the order given. */
  ids: string[]
  /**
   * An `INSERT INTO edu_outbox … SELECT …` to run as a data-modifying CTE of the caller's statement, with
   * `params` (its `?` placeholders, in order); undefined when no subscriber takes any of the events.
   */
  sql: string | undefined
  params: unknown[]
  /**
   * Call once the statement ran, with the entity manager it ran in: the events are released after that
   * transaction's after-commit work, or at once outside a transaction (so a caller there invalidates its
   * caches before). Not to be called when the statement wrote no row.
   */
  recorded: (em: EntityManager) => Promise<void>
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
  #wake: (() => void) | undefined
  readonly #afterAllCommitWork: AfterCommit
  readonly #release: (eventIds: readonly string[]) => Promise<unknown>
  /** Releases sent and not yet answered: the emitting request does not wait for them (see `prepare`). */
  readonly #releasing = new Set<Promise<void>>()
  readonly #onReleaseError: (err: unknown) => void

  /**
   * `afterAllCommitWork` runs after every after-commit work of the emitting transaction; `execute` runs SQL
   * outside any transaction; `onReleaseError` hears of a release that failed (its rows wait for the grace).
   */
  constructor(afterAllCommitWork: AfterCommit, execute: (sql: string, params: unknown[]) => Promise<unknown>, onReleaseError: (err: unknown) => void = () => {}) {
    this.#afterAllCommitWork = afterAllCommitWork
    this.#onReleaseError = onReleaseError
    // Due now, and every engine's dispatcher woken. Committed without waiting for the WAL flush
    // (synchronous_commit off for this statement's own transaction): losing the release in a crash only
    // leaves its rows to become due at the end of the grace, and NOTIFY's queue lock, which every notifying
    // commit takes in turn, is not held across a disk flush.
    this.#release = (eventIds) => execute(
      `WITH async AS (SELECT set_config('synchronous_commit', 'off', true)),
         released AS (UPDATE edu_outbox SET available_at = now()
           WHERE event_id = ANY(string_to_array(?, ',')::uuid[]) AND status = 'pending' AND attempts = 0)
       SELECT pg_notify('${OUTBOX_CHANNEL}', '') FROM async`,
      [eventIds.join(',')],
    )
  }

  /**
   * Connects the dispatcher that `deliverNow` uses, and `wake`, called when events are released (this
   * engine's dispatcher looks for them at once; other engines hear of them through NOTIFY).
   */
  attach(deliver: (eventId: string) => Promise<void>, wake?: () => void): void {
    this.#deliver = deliver
    this.#wake = wake
  }

  /**
   * Resolves once every release sent before the call has been answered: the rows of every event recorded
   * before it are due, or, for a release that failed, will be at the end of the grace. Releases sent
   * meanwhile are not waited for: under steady writes some release is always in flight, and waiting until
   * none is would wait for the load to end (`releasing` says whether any is).
   */
  async released(): Promise<void> {
    await Promise.all([...this.#releasing])
  }

  /** Whether a release is in flight. */
  get releasing(): boolean {
    return this.#releasing.size > 0
  }

  /**
   * After the emitting transaction committed: runs this event's handlers now, in the caller's request,
   * so a client sees their effect at once. Only for effects the client must see on the response (a
   * completed payment enrolls the student); everything else is left to the dispatcher, which released
   * events wake. Whatever fails here stays in the outbox and is retried.
   */
  async deliverNow(eventId: string): Promise<void> {
    await this.released()
    await this.#deliver?.(eventId)
  }

  /** Subscribes `handler` to `event` under the stable id `id`; see `SubscribeOptions` for `transactional`. */
  on<K extends EventName>(event: K, id: string, handler: EventHandler<K>, options: SubscribeOptions & { when?: (payload: EduEvents[K]) => boolean } = {}): void {
    if (!SUBSCRIBER_ID.test(id)) throw new Error(`Event subscriber id "${id}" must be letters, digits and . _ - only`)
    if (this.#subscriptions.has(id)) throw new Error(`Event subscriber "${id}" is registered twice`)
    this.#subscriptions.set(id, { event, id, handler: handler as EventHandler<never>, transactional: options.transactional ?? true, when: options.when as ((payload: never) => boolean) | undefined })
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
   * become due, and dispatchers are woken, only then. Returns the event id.
   */
  async emit<K extends EventName>(em: EntityManager, event: K, payload: EduEvents[K]): Promise<string> {
    return (await this.emitMany(em, [{ event, payload }] as EmittedEvent[]))[0]!
  }

  /**
   * Records several events in `em`'s transaction as `emit` does, in one round trip to PostgreSQL however
   * many events and subscribers, and releases them together after commit (one statement). Returns the
   * event ids, in the order given. Use it where a transaction emits in a loop (a batch of completions),
   * so its row locks are not held across a round trip per event.
   */
  async emitMany(em: EntityManager, events: readonly EmittedEvent[]): Promise<string[]> {
    const prepared = this.prepare(events)
    if (prepared.sql === undefined) return prepared.ids
    await em.execute(prepared.sql, prepared.params)
    await prepared.recorded(em)
    return prepared.ids
  }

  /**
   * `emitMany` for a write that is one statement with its events: the outbox INSERT comes back for the
   * caller to run as a data-modifying CTE of its own statement (`WITH w AS (UPDATE …), e AS (${sql}) …`),
   * inserting its rows only when `condition` (SQL over the statement's other CTEs, e.g.
   * `EXISTS (SELECT 1 FROM w)`; no placeholders) holds. `merged` (SQL of a jsonb object, no placeholders)
   * adds fields only the statement knows to every payload stored, e.g. its time:
   * `jsonb_build_object('addedAt', now())`; subscribers' `when` sees the payload without them. See
   * `PreparedEvents` for what the caller does after.
   */
  prepare(events: readonly EmittedEvent[], condition = 'true', merged?: string): PreparedEvents {
    const ids = events.map(() => newId())
    const params: unknown[] = []
    const released: string[] = []
    for (const [i, { event, payload }] of events.entries()) {
      const json = JSON.stringify(payload)
      const before = params.length
      for (const s of this.#subscriptions.values()) {
        if (s.event === event && (!s.when || s.when(payload as never))) params.push(ids[i], event, s.id, json)
      }
      if (params.length > before) released.push(ids[i]!)
    }
    // The release is sent, not waited for: the emitting request answers one round trip sooner (its rows
    // become due a moment after the answer, as they would once the dispatcher got to them anyway). A failed
    // release leaves them due at the end of the grace, when the dispatcher's poll finds them.
    const recorded = (em: EntityManager) => this.#afterAllCommitWork(em, () => {
      const release: Promise<void> = this.#release(released).then(() => this.#wake?.(), (err: unknown) => this.#onReleaseError(err))
        .finally(() => this.#releasing.delete(release))
      this.#releasing.add(release)
    })
    if (released.length === 0) return { ids, sql: undefined, params, recorded: async () => {} }
    const values = Array.from({ length: params.length / 4 }, () => '(?, ?, ?, ?)').join(', ')
    const sql = `INSERT INTO edu_outbox (event_id, event, subscriber, payload, available_at)
      SELECT v.event_id::uuid, v.event, v.subscriber, v.payload::jsonb${merged ? ` || ${merged}` : ''}, now() + interval '${RELEASE_GRACE_MS} milliseconds'
      FROM (VALUES ${values}) AS v(event_id, event, subscriber, payload) WHERE ${condition}`
    return { ids, sql, params, recorded }
  }
}
