import { AsyncLocalStorage } from 'node:async_hooks'
import { inspect } from 'node:util'
import type { FastifyBaseLogger } from 'fastify'
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql'
import pg from 'pg'
import { Counter, type Registry } from 'prom-client'
import { OUTBOX_CHANNEL, type EventBus } from './bus.ts'

export interface DispatcherOptions {
  pollIntervalMs: number
  maxAttempts: number
  /**
   * Transactional deliveries in flight at once on this engine (each holds a pooled connection while its
   * handler runs); at most one per subscriber at a time. Default: a quarter of the pool, 1 to 4.
   */
  concurrency: number
  /** Deliveries of `{ transactional: false }` subscribers in flight at once (they hold no connection). */
  leasedConcurrency: number
  /** How long a `{ transactional: false }` delivery owns its row before another may take it over. */
  leaseMs: number
}

interface DispatcherDeps {
  orm: MikroORM
  bus: EventBus
  url: string
  log: FastifyBaseLogger
  registry: Registry
}

interface OutboxRow {
  id: string
  event_id: string
  event: string
  subscriber: string
  payload: unknown
  attempts: number
  /**
   * Rows due after this one when it was claimed (a hint: they may be taken meanwhile), from one look at them:
   * 1 when one of this row's subscriber is, + 2 when one of another subscriber is.
   */
  more: number
}

/** How many due rows after a claimed one the claim looks at to tell whether more are due, and whose. */
const NEXT_DUE_SAMPLE = 16

/**
 * The claim's look at the rows due after the row it claimed (`l`), in its order (available_at, id): a due row
 * before it was skipped as locked by another delivery. The index range starts at the claimed row, past the
 * entries of rows already delivered (they stay in the pending-rows index until it is vacuumed), and reads at
 * most NEXT_DUE_SAMPLE rows however long the queue. Parameters: the subscribers (comma-separated), the event id.
 */
const NEXT_DUE = (eventId: string | undefined) => `SELECT x.subscriber FROM edu_outbox x
  WHERE x.status = 'pending' AND (x.available_at, x.id) > (l.due_at, l.id) AND x.available_at <= now()
    AND x.subscriber = ANY(string_to_array(?, ',')) ${eventId ? 'AND x.event_id = ?' : ''}
  ORDER BY x.available_at, x.id LIMIT ${NEXT_DUE_SAMPLE}`

/**
 * What one claim found: no due row (`none`), or a row delivered (or failed), with (`more`) or without
 * (`last`) further rows due among the subscribers it could claim for when it claimed.
 */
type Claim = 'none' | 'last' | 'more'

const backoffMs = (attempt: number) => Math.min(300_000, 1000 * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2)

/** The default of `concurrency` for a pool of `poolMax` connections. */
export const defaultConcurrency = (poolMax: number) => Math.max(1, Math.min(4, Math.floor(poolMax / 4)))

/**
 * Delivers outbox rows to their subscribers. Any number of engines may run one: rows are claimed with
 * FOR UPDATE SKIP LOCKED, in one UPDATE that also marks them (delivered, or leased). A transactional
 * subscriber's handler runs in a savepoint of the claiming transaction, whose commit carries its writes
 * with the delivery mark, or, when it throws, the failure (attempts, backoff) in place of the mark — so no
 * other delivery sees the row between the two. A `{ transactional: false }`
 * subscriber's row is leased in that transaction (attempts + 1, due again once the lease ends), and its
 * handler runs after the commit holding no connection; then the row is marked delivered or failed.
 * Up to `concurrency` transactional deliveries (one per subscriber) and `leasedConcurrency` leased ones
 * run at once.
 */
export class OutboxDispatcher {
  #timer: NodeJS.Timeout | undefined
  #loops = new Set<Promise<void>>()
  #leased = new Set<Promise<void>>()
  /** Subscribers with a transactional delivery in flight on this engine's loops. */
  #busy = new Set<string>()
  #claiming: Promise<unknown> = Promise.resolve()
  #again = false
  /** Wake-ups so far (`kick`): a loop that saw no further row due claims once more when one came meanwhile. */
  #kicks = 0
  #stopped = true
  #listener: pg.Client | undefined
  #relisten: NodeJS.Timeout | undefined
  #listenFailures = 0
  #delivered: Counter
  #failed: Counter
  /** Runs a function in the async context the dispatcher was made in (no request, no transaction). */
  readonly #outside = AsyncLocalStorage.snapshot()
  private readonly deps: DispatcherDeps
  private readonly options: DispatcherOptions

  constructor(deps: DispatcherDeps, options: DispatcherOptions) {
    this.deps = deps
    this.options = options
    this.#delivered = new Counter({ name: 'edu_outbox_delivered_total', help: 'Outbox deliveries that succeeded', labelNames: ['event'], registers: [deps.registry] })
    this.#failed = new Counter({ name: 'edu_outbox_failed_total', help: 'Outbox deliveries that threw (retried or dead-lettered)', labelNames: ['event', 'dead'], registers: [deps.registry] })
  }
  async start(): Promise<void> {
    this.#stopped = false
    await this.#listen()
    this.kick()
  }

  /** Whether the LISTEN connection is up (it is re-established after a loss, e.g. a PostgreSQL restart). */
  get listening(): boolean {
    return this.#listener !== undefined
  }

  /**
   * Opens the LISTEN connection. When it cannot be opened or is lost later, polling carries on and it is
   * tried again with backoff (1 s doubling to 30 s); once back, due rows are looked for at once, since
   * notifications sent meanwhile were missed.
   */
  async #listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.deps.url })
    client.on('notification', () => this.kick())
    let lost = false
    const onLost = (err?: Error) => {
      if (lost) return
      lost = true
      if (this.#listener === client) this.#listener = undefined
      client.end().catch(() => {})
      if (this.#stopped) return
      this.deps.log.warn({ err }, 'outbox listener connection lost; polling continues')
      this.#listenAgain()
    }
    client.on('error', onLost)
    client.on('end', () => onLost())
    try {
      await client.connect()
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`)
    } catch (err) {
      lost = true
      client.end().catch(() => {})
      if (this.#stopped) return
      this.deps.log.warn({ err }, 'outbox listener unavailable; polling only until it is back')
      this.#listenAgain()
      return
    }
    if (lost || this.#stopped) {
      await client.end().catch(() => {})
      return
    }
    this.#listener = client
    if (this.#listenFailures > 0) {
      this.#listenFailures = 0
      this.deps.log.info('outbox listener connection is back')
      this.kick()
    }
  }

  #listenAgain(): void {
    clearTimeout(this.#relisten)
    const delay = Math.min(30_000, 1000 * 2 ** this.#listenFailures)
    this.#listenFailures += 1
    this.#relisten = setTimeout(() => void this.#listen(), delay)
    this.#relisten.unref()
  }

  /** Looks for due rows now rather than at the next poll. */
  kick(): void {
    this.#kicks += 1
    if (this.#stopped) return
    clearTimeout(this.#timer)
    if (this.#loops.size >= this.options.concurrency) {
      this.#again = true
      return
    }
    this.#spawn()
  }

  /**
   * One more delivery loop, when there is room: it delivers due rows until it finds none. Loops start
   * in the dispatcher's own async context, never in the transaction or request that woke them.
   */
  #spawn(): void {
    if (this.#stopped || this.#loops.size >= this.options.concurrency) return
    const loop: Promise<void> = this.#outside(() => this.#drain()).finally(() => {
      this.#loops.delete(loop)
      if (this.#stopped) return
      if (this.#again) {
        this.#again = false
        this.kick()
      } else if (this.#loops.size === 0) {
        clearTimeout(this.#timer)
        this.#timer = setTimeout(() => this.kick(), this.options.pollIntervalMs)
        this.#timer.unref()
      }
    })
    this.#loops.add(loop)
  }

  /**
   * Delivers every due row now and resolves once none is left and no delivery of this dispatcher is in
   * flight: every handler that was due has committed (or recorded its failure), with its after-commit work done.
   * Does nothing on a stopped dispatcher.
   */
  async settle(): Promise<void> {
    for (;;) {
      // Events recorded so far (by handlers too) are due once their releases are answered.
      await this.deps.bus.released()
      while (this.#loops.size + this.#leased.size > 0) await Promise.all([...this.#loops, ...this.#leased])
      if (this.#stopped) return
      if ((await this.#deliverOne()) === 'none' && this.#loops.size + this.#leased.size === 0 && !this.deps.bus.releasing) return
    }
  }

  /**
   * Stops taking new rows and waits for the deliveries in flight, and for the releases sent before the
   * call and by those deliveries' handlers (so that none is cut off by the engine closing its pool).
   */
  async stop(): Promise<void> {
    await this.deps.bus.released()
    this.#stopped = true
    clearTimeout(this.#timer)
    clearTimeout(this.#relisten)
    while (this.#loops.size + this.#leased.size > 0) await Promise.all([...this.#loops, ...this.#leased])
    await this.deps.bus.released()
    await this.#listener?.end().catch(() => {})
    this.#listener = undefined
  }

  /**
   * Delivers rows until a claim says none is left: the loop stops after a claim that saw no further row due
   * and no wake-up since, rather than after one more claim that finds none (an empty transaction, BEGIN,
   * claim, COMMIT, holding a pooled connection). A row that becomes due later wakes the dispatcher (`kick`:
   * a release, a NOTIFY, the poll).
   */
  async #drain(): Promise<void> {
    try {
      while (!this.#stopped) {
        // The claim about to start sees every row released before it: wake-ups so far need no other loop.
        const kicks = this.#kicks
        this.#again = false
        const claim = await this.#deliverOne()
        // A wake-up since the claim may be for a row it could not see or take (released after its snapshot,
        // or of a subscriber busy then, whose own loop may have ended meanwhile): one more claim looks.
        if (claim === 'none' || (claim === 'last' && this.#kicks === kicks)) return
      }
    } catch (err) {
      this.deps.log.error({ err }, 'outbox dispatcher failed to read the outbox')
    }
  }

  /**
   * Delivers the pending rows of one event now. A row another dispatcher is delivering is waited for
   * (no SKIP LOCKED): when this returns, every handler of the event has run or failed (a leased row
   * another engine is delivering excepted).
   */
  async deliverEvent(eventId: string): Promise<void> {
    while ((await this.#deliverOne(eventId)) === 'more') { /* next subscriber */ }
  }

  /** The subscribers a loop may claim a row of now. */
  #claimable(): string[] {
    const leasedRoom = this.#leased.size < this.options.leasedConcurrency
    return this.deps.bus.subscriberIds().filter((id) => {
      const sub = this.deps.bus.subscriber(id)!
      return sub.transactional ? !this.#busy.has(id) : leasedRoom
    })
  }

  /**
   * Claims and delivers one due row (of one event, if given); `none` when none is due. A leased row found
   * by a loop is handed to a delivery of its own, and the loop goes on. Another loop is spawned only when
   * the claim saw a row of another subscriber due (this one's rows are this loop's to take next).
   */
  async #deliverOne(eventId?: string): Promise<Claim> {
    let claimed: OutboxRow | undefined
    let leased = false
    // Set when the delivery failed: what was thrown (anything may be, `null` too).
    let failed: { err: unknown } | undefined
    let busy: string | undefined
    try {
      await this.deps.orm.em.fork().transactional(async (em) => {
        const select = async () => {
          const subscribers = eventId ? this.deps.bus.subscriberIds() : this.#claimable()
          if (subscribers.length === 0) return undefined
          // Claimed and marked in one statement: a transactional subscriber's row as delivered (its handler's
          // failure undoes that below, in this transaction), a leased one's as leased (attempts + 1, due again
          // when the lease ends). `attempts` comes back as it was before. With it, whether more rows are due
          // (NEXT_DUE).
          const leasedIds = subscribers.filter((id) => !this.deps.bus.subscriber(id)!.transactional)
          const rows = await em.execute<OutboxRow[]>(
            `UPDATE edu_outbox o SET attempts = o.attempts + 1,
               status = CASE WHEN l.leased THEN o.status ELSE 'delivered' END,
               delivered_at = CASE WHEN l.leased THEN o.delivered_at ELSE now() END,
               available_at = CASE WHEN l.leased THEN now() + (? * interval '1 millisecond') ELSE o.available_at END
             FROM (SELECT id, available_at AS due_at, subscriber = ANY(string_to_array(?, ',')) AS leased FROM edu_outbox
               WHERE status = 'pending' AND available_at <= now() AND subscriber = ANY(string_to_array(?, ',')) ${eventId ? 'AND event_id = ?' : ''}
               ORDER BY available_at, id LIMIT 1 FOR UPDATE ${eventId ? '' : 'SKIP LOCKED'}) l
             WHERE o.id = l.id
             RETURNING o.id, o.event_id, o.event, o.subscriber, o.payload, o.attempts - 1 AS attempts,
               (SELECT coalesce(bool_or(n.subscriber = o.subscriber)::int + 2 * bool_or(n.subscriber <> o.subscriber)::int, 0)
                 FROM (${NEXT_DUE(eventId)}) n) AS more`,
            [this.options.leaseMs, leasedIds.join(','), subscribers.join(','), ...(eventId ? [eventId] : []),
              subscribers.join(','), ...(eventId ? [eventId] : [])],
          )
          const row = rows[0]
          if (row && !eventId && this.deps.bus.subscriber(row.subscriber)!.transactional) {
            busy = row.subscriber
            this.#busy.add(busy)
          }
          return row
        }
        if (eventId) claimed = await select()
        else {
          // Loops of this engine claim one after another, so two never take rows of one subscriber.
          const claim = this.#claiming.then(select)
          this.#claiming = claim.catch(() => {})
          claimed = await claim
        }
        if (!claimed) return
        // Another subscriber's row is due: another loop takes it while this one delivers.
        if (!eventId && claimed.more & 2) this.#spawn()
        const sub = this.deps.bus.subscriber(claimed.subscriber)!
        if (!sub.transactional) {
          leased = true
          return
        }
        const ctx = { eventId: claimed.event_id, event: claimed.event, attempt: claimed.attempts + 1 }
        try {
          // A savepoint: a throwing handler's writes roll back, and its failure is recorded in this transaction.
          await em.transactional((inner) => sub.handler(claimed!.payload as never, { em: inner, ...ctx }))
        } catch (err) {
          failed = { err }
          // The row is this transaction's (locked, marked delivered by the claim): the failure replaces the mark.
          await this.#recordFailure(em, claimed, err, claimed.attempts + 1, 'delivered')
          return
        }
      })
    } catch (err) {
      if (!claimed) throw err
      // The transaction itself failed (lost connection, a failing commit): recorded on its own.
      failed = { err }
      await this.#recordFailure(this.deps.orm.em.fork(), claimed, err, claimed.attempts).catch((e: unknown) =>
        this.deps.log.error({ err: e }, 'outbox dispatcher could not record a failed delivery'))
    } finally {
      if (busy) this.#busy.delete(busy)
    }
    if (!claimed) return 'none'
    const next: Claim = claimed.more > 0 ? 'more' : 'last'
    if (failed) {
      this.#countFailure(claimed, failed.err)
      // A failed row of a directly delivered event waits for its backoff.
      return eventId ? 'none' : next
    }
    if (!leased) {
      this.#delivered.inc({ event: claimed.event })
      return next
    }
    const delivery = this.#deliverLeased(claimed)
    if (eventId) {
      await delivery
      return next
    }
    const tracked: Promise<void> = delivery.finally(() => {
      this.#leased.delete(tracked)
      if (!this.#stopped) this.kick()
    })
    this.#leased.add(tracked)
    return next
  }

  /** Runs a leased row's handler with no connection held, then marks the row delivered or failed. */
  async #deliverLeased(row: OutboxRow): Promise<void> {
    const attempt = row.attempts + 1
    const sub = this.deps.bus.subscriber(row.subscriber)!
    const em = this.deps.orm.em.fork()
    try {
      await sub.handler(row.payload as never, { em, eventId: row.event_id, event: row.event, attempt })
    } catch (err) {
      this.#countFailure(row, err)
      await this.#recordFailure(em, row, err, attempt).catch((e: unknown) =>
        this.deps.log.error({ err: e }, 'outbox dispatcher could not record a failed delivery'))
      return
    }
    try {
      // Only while the lease is this delivery's (no other engine took the row over meanwhile).
      await em.execute(`UPDATE edu_outbox SET status = 'delivered', delivered_at = now() WHERE id = ? AND status = 'pending' AND attempts = ?`, [row.id, attempt])
      this.#delivered.inc({ event: row.event })
    } catch (err) {
      // The lease runs out and the row is delivered again: the handler recognises the repeat.
      this.deps.log.error({ err, event: row.event, subscriber: row.subscriber }, 'outbox dispatcher could not mark a leased delivery done')
    }
  }

  #countFailure(row: OutboxRow, err: unknown): void {
    const attempt = row.attempts + 1
    const dead = attempt >= this.options.maxAttempts
    this.#failed.inc({ event: row.event, dead: String(dead) })
    this.deps.log[dead ? 'error' : 'warn']({ err, event: row.event, subscriber: row.subscriber, attempt }, dead ? 'event handler dead-lettered' : 'event handler failed; will retry')
  }

  /** Records attempt `row.attempts + 1` as failed, if the row still has `attemptsNow` attempts and status `statusNow`. */
  async #recordFailure(em: EntityManager, row: OutboxRow, err: unknown, attemptsNow: number, statusNow = 'pending'): Promise<void> {
    const attempt = row.attempts + 1
    const dead = attempt >= this.options.maxAttempts
    await em.execute(
      `UPDATE edu_outbox SET attempts = ?, last_error = ?, status = ?, delivered_at = NULL, available_at = now() + (? * interval '1 millisecond')
       WHERE id = ? AND status = ? AND attempts = ?`,
      [attempt, failureText(err).slice(0, 4000), dead ? 'dead' : 'pending', Math.round(backoffMs(attempt)), row.id, statusNow, attemptsNow],
    )
  }
}

/** What a failed delivery records as its `last_error`: an Error's stack, else what was thrown, described (a handler may throw anything, `null` included). */
function failureText(err: unknown): string {
  return err instanceof Error ? String(err.stack ?? err.message) : inspect(err)
}
