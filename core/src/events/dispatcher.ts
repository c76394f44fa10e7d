import type { FastifyBaseLogger } from 'fastify'
import type { MikroORM } from '@mikro-orm/postgresql'
import pg from 'pg'
import { Counter, type Registry } from 'prom-client'
import { OUTBOX_CHANNEL, type EventBus } from './bus.ts'

export interface DispatcherOptions {
  pollIntervalMs: number
  maxAttempts: number
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
}

const backoffMs = (attempt: number) => Math.min(300_000, 1000 * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2)

/**
 * Delivers outbox rows to their subscribers. Any number of engines may run one: rows are claimed
 * with FOR UPDATE SKIP LOCKED, and each delivery commits with the handler's own writes.
 */
export class OutboxDispatcher {
  #timer: NodeJS.Timeout | undefined
  #running: Promise<void> | undefined
  #again = false
  #stopped = true
  #listener: pg.Client | undefined
  #relisten: NodeJS.Timeout | undefined
  #listenFailures = 0
  #delivered: Counter
  #failed: Counter
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
    if (this.#stopped) return
    if (this.#running) {
      this.#again = true
      return
    }
    clearTimeout(this.#timer)
    this.#running = this.#drain().finally(() => {
      this.#running = undefined
      if (this.#stopped) return
      if (this.#again) {
        this.#again = false
        this.kick()
      } else {
        this.#timer = setTimeout(() => this.kick(), this.options.pollIntervalMs)
        this.#timer.unref()
      }
    })
  }

  /**
   * Delivers every due row now and resolves once none is left and no delivery of this dispatcher is in
   * flight: every handler that was due has committed (or recorded its failure), with its after-commit work done.
   * Does nothing on a stopped dispatcher.
   */
  async settle(): Promise<void> {
    do {
      while (this.#running) await this.#running
      if (this.#stopped) return
      while (!this.#stopped && (await this.#deliverOne())) { /* next */ }
    } while (this.#running)
  }

  /** Stops taking new rows and waits for the delivery in flight. */
  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    clearTimeout(this.#relisten)
    await this.#running
    await this.#listener?.end().catch(() => {})
    this.#listener = undefined
  }

  async #drain(): Promise<void> {
    try {
      while (!this.#stopped && (await this.#deliverOne())) { /* next */ }
    } catch (err) {
      this.deps.log.error({ err }, 'outbox dispatcher failed to read the outbox')
    }
  }

  /**
   * Delivers the pending rows of one event now. A row another dispatcher is delivering is waited for
   * (no SKIP LOCKED): when this returns, every handler of the event has run or failed.
   */
  async deliverEvent(eventId: string): Promise<void> {
    while (await this.#deliverOne(eventId)) { /* next subscriber */ }
  }

  /** Claims and delivers one due row (of one event, if given); false when none is due. */
  async #deliverOne(eventId?: string): Promise<boolean> {
    const subscribers = this.deps.bus.subscriberIds()
    if (subscribers.length === 0) return false
    let claimed: OutboxRow | undefined
    try {
      await this.deps.orm.em.fork().transactional(async (em) => {
        const rows = await em.execute<OutboxRow[]>(
          `SELECT id, event_id, event, subscriber, payload, attempts FROM edu_outbox
           WHERE status = 'pending' AND available_at <= now() AND subscriber = ANY(string_to_array(?, ',')) ${eventId ? 'AND event_id = ?' : ''}
           ORDER BY available_at, id LIMIT 1 FOR UPDATE ${eventId ? '' : 'SKIP LOCKED'}`,
          eventId ? [subscribers.join(','), eventId] : [subscribers.join(',')],
        )
        claimed = rows[0]
        if (!claimed) return
        const sub = this.deps.bus.subscriber(claimed.subscriber)!
        await sub.handler(claimed.payload as never, { em, eventId: claimed.event_id, event: claimed.event, attempt: claimed.attempts + 1 })
        await em.execute(`UPDATE edu_outbox SET status = 'delivered', delivered_at = now(), attempts = attempts + 1 WHERE id = ?`, [claimed.id])
      })
      if (claimed) this.#delivered.inc({ event: claimed.event })
    } catch (err) {
      if (!claimed) throw err
      await this.#recordFailure(claimed, err as Error)
      // A failed row of a directly delivered event waits for its backoff.
      if (eventId) return false
    }
    return claimed !== undefined
  }

  async #recordFailure(row: OutboxRow, err: Error): Promise<void> {
    const attempt = row.attempts + 1
    const dead = attempt >= this.options.maxAttempts
    this.#failed.inc({ event: row.event, dead: String(dead) })
    this.deps.log[dead ? 'error' : 'warn']({ err, event: row.event, subscriber: row.subscriber, attempt }, dead ? 'event handler dead-lettered' : 'event handler failed; will retry')
    await this.deps.orm.em.fork().execute(
      `UPDATE edu_outbox SET attempts = ?, last_error = ?, status = ?, available_at = now() + (? * interval '1 millisecond') WHERE id = ?`,
      [attempt, String(err.stack ?? err.message).slice(0, 4000), dead ? 'dead' : 'pending', Math.round(backoffMs(attempt)), row.id],
    )
  }
}
