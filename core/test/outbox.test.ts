import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestEngine, waitUntil, type TestEngine } from '../src/testing/index.ts'
import { gate, gated } from './fixtures/gated.ts'
import { ledger, pricesSeen, pricing } from './fixtures/ledger.ts'

let t: TestEngine | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const deliveries = async (engine: TestEngine) =>
  engine.app.orm.em.fork().execute<Array<{ subscriber: string; n: number }>>(`SELECT subscriber, count(*)::int AS n FROM test_ledger GROUP BY subscriber ORDER BY subscriber`)

/** Deliveries one engine made, from its own metrics. */
const delivered = async (engine: FastifyInstance) => {
  const metric = await engine.edu.metrics.getSingleMetric('edu_outbox_delivered_total')!.get()
  return metric.values.reduce((sum, v) => sum + v.value, 0)
}

/** Waits until `n` rows are dead-lettered, making pending rows due at once on each look (no backoff waits). */
// Skips a failed delivery's backoff (seconds), not a live lease (`events.leaseMs`, 5 minutes): making a leased row
// due again while its handler runs hands it to a second loop, which is what happens only once a lease runs out.
const untilDead = (engine: TestEngine, n: number) => waitUntil(async () => {
  await engine.app.orm.em.fork().execute(`UPDATE edu_outbox SET available_at = now() WHERE status = 'pending' AND available_at < now() + interval '1 minute'`)
  const [row] = await engine.app.orm.em.fork().execute<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM edu_outbox WHERE status = 'dead'`)
  return row!.n === n
})

const outboxRows = async (engine: TestEngine) =>
  engine.app.orm.em.fork().execute<Array<{ subscriber: string; status: string; attempts: number }>>(`SELECT subscriber, status, attempts FROM edu_outbox ORDER BY subscriber`)

describe('transactional outbox', () => {
  it('delivers each event once per handler', async () => {
    t = await createTestEngine({ plugins: [ledger()] })
    for (let i = 1; i <= 5; i++) await t.inject({ method: 'POST', url: '/api/v1/ledger', payload: { entryId: i, note: 'hi' } })
    await t.drainEvents()
    expect(await deliveries(t)).toEqual([{ subscriber: 'ledger.audit', n: 5 }, { subscriber: 'ledger.mirror', n: 5 }])
  })

  it('answers the emitting write before its events are released; drainEvents and deliverNow wait for the release', async () => {
    t = await createTestEngine({ plugins: [ledger()] })
    const write = await t.inject({ method: 'POST', url: '/api/v1/ledger', payload: { entryId: 1, note: 'quick' } })
    expect(write.statusCode, write.body).toBe(200)
    expect(write.json().releasing).toBe(true)
    await t.drainEvents()
    expect(t.app.events.releasing).toBe(false)
    expect(await deliveries(t)).toEqual([{ subscriber: 'ledger.audit', n: 1 }, { subscriber: 'ledger.mirror', n: 1 }])

    // deliverNow, right after the commit, finds the rows due: it waits for their release first.
    const eventId = await t.app.orm.em.fork().transactional((em) => t!.app.events.emit(em, 'ledger.entry', { entryId: 2, note: 'now' }))
    expect(t.app.events.releasing).toBe(true)
    await t.app.events.deliverNow(eventId)
    expect(await deliveries(t)).toEqual([{ subscriber: 'ledger.audit', n: 2 }, { subscriber: 'ledger.mirror', n: 2 }])
  })

  it("deliverNow waits for the releases sent before it, not for those other writes keep sending under load", async () => {
    t = await createTestEngine({ plugins: [ledger()] })
    // Twenty writers emitting back to back keep some release in flight at every moment (measured: about a
    // thousand writes a second here); waiting until none is would wait for the load to end.
    let writing = true
    let entry = 100
    const writer = async () => {
      while (writing) await t!.app.orm.em.fork().transactional((em) => t!.app.events.emit(em, 'ledger.entry', { entryId: ++entry, note: 'load' }))
    }
    const writers = Array.from({ length: 20 }, writer)
    await waitUntil(() => entry > 300)
    const eventId = await t.app.orm.em.fork().transactional((em) => t!.app.events.emit(em, 'ledger.entry', { entryId: 1, note: 'paid' }))
    const outcome = await Promise.race([
      t.app.events.deliverNow(eventId).then(() => 'delivered'),
      new Promise((resolve) => setTimeout(resolve, 5000, 'still waiting after 5 s')),
    ])
    const duringLoad = writing
    writing = false
    await Promise.all(writers)
    expect(outcome).toBe('delivered')
    expect(duringLoad).toBe(true)
    const [row] = await t.app.orm.em.fork().execute<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM test_ledger WHERE note = 'paid'`)
    expect(row!.n).toBe(2)
  }, 30_000)

  it('records several events in one statement with emitMany: one row per event and subscriber, each delivered once', async () => {
    t = await createTestEngine({ plugins: [ledger()] })
    const ids = await t.app.orm.em.fork().transactional((em) => t!.app.events.emitMany(em, [
      { event: 'ledger.entry', payload: { entryId: 1, note: 'a' } },
      { event: 'ledger.entry', payload: { entryId: 2, note: 'b' } },
      { event: 'ledger.entry', payload: { entryId: 3, note: 'c' } },
    ]))
    expect(new Set(ids).size).toBe(3)
    const rows = await t.app.orm.em.fork().execute<Array<{ event_id: string; entry: number }>>(
      `SELECT event_id, (payload->>'entryId')::int AS entry FROM edu_outbox WHERE subscriber = 'ledger.audit' ORDER BY entry`)
    expect(rows).toEqual([{ event_id: ids[0], entry: 1 }, { event_id: ids[1], entry: 2 }, { event_id: ids[2], entry: 3 }])
    await t.drainEvents()
    expect(await deliveries(t)).toEqual([{ subscriber: 'ledger.audit', n: 3 }, { subscriber: 'ledger.mirror', n: 3 }])
    expect(await t.app.orm.em.fork().transactional((em) => t!.app.events.emitMany(em, []))).toEqual([])
  })

  it('ends a delivery loop at the claim that saw no further row due, not at one more claim that finds none', async () => {
    t = await createTestEngine({ plugins: [ledger()], config: { events: { pollIntervalMs: 60_000, concurrency: 1 } } })
    await t.drainEvents()
    // Every checkout of the pool, whatever its first statement (a new connection's first is a session setting).
    const checkouts = async () => {
      const body = (await t!.inject({ method: 'GET', url: '/metrics' })).body
      return body.split('\n').filter((l) => l.startsWith('edu_db_pool_hold_seconds_count{'))
        .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)
    }
    // Reading /metrics checks out once itself (the outbox gauges).
    const own = -(await checkouts()) + (await checkouts())
    expect(own).toBeGreaterThanOrEqual(0)
    const before = await checkouts()
    await t.app.orm.em.fork().transactional((em) => t!.app.events.emitMany(em, [1, 2, 3, 4, 5].map((entryId) => ({ event: 'ledger.entry' as const, payload: { entryId, note: 'x' } }))))
    await waitUntil(async () => (await delivered(t!.app)) === 10, { message: 'not delivered' })
    await t.app.edu.dispatcher.stop()
    // The emitting transaction, the release, and ten rows claimed once each. One loop delivers them one after
    // another (concurrency 1); the wake-ups of the release (this engine's, and its NOTIFY heard back) make at
    // most one more claim, which finds nothing. Before, every loop also ended with a claim that found nothing.
    const empty = (await checkouts()) - before - own - 12
    expect(empty).toBeGreaterThanOrEqual(0)
    expect(empty).toBeLessThanOrEqual(1)
    expect((await outboxRows(t)).map((r) => `${r.status}/${r.attempts}`)).toEqual(Array(10).fill('delivered/1'))
  })

  it("writes no row for a subscriber whose `when` refuses the payload, and delivers the others' once", async () => {
    t = await createTestEngine({ plugins: [ledger({ mirrorSkips: 'private' })] })
    await t.inject({ method: 'POST', url: '/api/v1/ledger', payload: { entryId: 1, note: 'private' } })
    await t.inject({ method: 'POST', url: '/api/v1/ledger', payload: { entryId: 2, note: 'public' } })
    const rows = await t.app.orm.em.fork().execute<Array<{ subscriber: string; entry: number }>>(
      `SELECT subscriber, (payload->>'entryId')::int AS entry FROM edu_outbox ORDER BY entry, subscriber`)
    expect(rows).toEqual([
      { subscriber: 'ledger.audit', entry: 1 },
      { subscriber: 'ledger.audit', entry: 2 },
      { subscriber: 'ledger.mirror', entry: 2 },
    ])
    await t.drainEvents()
    const seen = await t.app.orm.em.fork().execute(`SELECT subscriber, entry_id FROM test_ledger ORDER BY entry_id, subscriber`)
    expect(seen).toEqual([
      { subscriber: 'ledger.audit', entry_id: 1 },
      { subscriber: 'ledger.audit', entry_id: 2 },
      { subscriber: 'ledger.mirror', entry_id: 2 },
    ])
  })

  it('writes nothing when the emitting transaction rolls back', async () => {
    t = await createTestEngine({ plugins: [ledger()] })
    await expect(t.app.orm.em.fork().transactional(async (em) => {
      await t!.app.events.emit(em, 'ledger.entry', { entryId: 1, note: 'lost' })
      throw new Error('abort')
    })).rejects.toThrow(/^abort$/)
    const [row] = await t.app.orm.em.fork().execute(`SELECT count(*)::int AS n FROM edu_outbox`)
    expect(row!.n).toBe(0)
  })

  it('survives a crash between commit and delivery: a new engine delivers, once per handler', async () => {
    t = await createTestEngine({ plugins: [ledger()], extras: { dispatch: false } })
    await t.inject({ method: 'POST', url: '/api/v1/ledger', payload: { entryId: 7, note: 'after crash' } })
    // Nothing runs a dispatcher on this engine: the rows stay exactly as committed.
    expect(await outboxRows(t)).toEqual([
      { subscriber: 'ledger.audit', status: 'pending', attempts: 0 },
      { subscriber: 'ledger.mirror', status: 'pending', attempts: 0 },
    ])
    expect(await deliveries(t)).toEqual([])
    // The crashed engine never delivers; a fresh one on the same database does.
    const restarted = await t.sibling({ dispatch: true })
    await waitUntil(async () => (await outboxRows(t!)).every((r) => r.status === 'delivered'))
    await restarted.close()
    expect(await deliveries(t)).toEqual([{ subscriber: 'ledger.audit', n: 1 }, { subscriber: 'ledger.mirror', n: 1 }])
  })

  it('shares the work between engines without delivering twice', async () => {
    // Each delivery takes 10 ms, so neither engine can finish the 60 before the other has started.
    t = await createTestEngine({ plugins: [ledger({ delayMs: 10 })], extras: { dispatch: false } })
    for (let i = 1; i <= 30; i++) await t.app.orm.em.fork().transactional((em) => t!.app.events.emit(em, 'ledger.entry', { entryId: i, note: 'x' }))
    const a = await t.sibling({ dispatch: false })
    const b = await t.sibling({ dispatch: false })
    await Promise.all([a.edu.dispatcher.start(), b.edu.dispatcher.start()])
    await waitUntil(async () => (await outboxRows(t!)).every((r) => r.status === 'delivered'))
    await Promise.all([a.close(), b.close()])
    const [byA, byB] = await Promise.all([delivered(a), delivered(b)])
    expect(byA + byB).toBe(60)
    expect(byA).toBeGreaterThan(0)
    expect(byB).toBeGreaterThan(0)
    const [dupes] = await t.app.orm.em.fork().execute(`SELECT count(*)::int AS n FROM (SELECT subscriber, entry_id FROM test_ledger GROUP BY 1, 2 HAVING count(*) > 1) d`)
    expect(dupes!.n).toBe(0)
    expect(await deliveries(t)).toEqual([{ subscriber: 'ledger.audit', n: 30 }, { subscriber: 'ledger.mirror', n: 30 }])
  })

  it('retries a failing handler with backoff without repeating the ones that succeeded', async () => {
    t = await createTestEngine({ plugins: [ledger({ failTimes: 1 })] })
    await t.inject({ method: 'POST', url: '/api/v1/ledger', payload: { entryId: 1, note: 'retry' } })
    // The audit delivery and the mirror's recorded failure land in either order: wait for both.
    await waitUntil(async () => {
      const rows = await outboxRows(t!)
      return rows.some((r) => r.subscriber === 'ledger.audit' && r.status === 'delivered') && rows.some((r) => r.subscriber === 'ledger.mirror' && r.attempts === 1)
    })
    expect(await deliveries(t)).toEqual([{ subscriber: 'ledger.audit', n: 1 }])
    const [failed] = await t.app.orm.em.fork().execute(`SELECT attempts, status, last_error, available_at > now() AS later FROM edu_outbox WHERE subscriber = 'ledger.mirror'`)
    expect(failed).toMatchObject({ attempts: 1, status: 'pending', later: true })
    expect(failed!.last_error).toContain('mirror unavailable')
    await t.app.orm.em.fork().execute(`UPDATE edu_outbox SET available_at = now() WHERE subscriber = 'ledger.mirror'`)
    await t.drainEvents()
    expect(await deliveries(t)).toEqual([{ subscriber: 'ledger.audit', n: 1 }, { subscriber: 'ledger.mirror', n: 1 }])
  })

  it('records a failure in the delivery transaction: a delivery waiting for the row does not run it again before its backoff', async () => {
    gate.reset()
    t = await createTestEngine({ plugins: [gated()], config: { events: { pollIntervalMs: 60_000 } } })
    // Committed and released: the dispatcher takes the row, and the handler waits at the gate holding it.
    const eventId = await t.app.orm.em.fork().transactional((em) => t!.app.events.emit(em, 'gate.passed', { n: 1 }))
    await waitUntil(() => gate.calls === 1)
    // A direct delivery of the same event waits for the row lock.
    const direct = t.app.events.deliverNow(eventId)
    await waitUntil(async () => {
      const [row] = await t!.app.orm.em.fork().execute<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)
      return row!.n === 1
    }, { message: 'the direct delivery did not wait for the row' })
    gate.open()
    await direct
    await t.drainEvents()
    expect(gate.calls).toBe(1)
    const [row] = await t.app.orm.em.fork().execute(`SELECT status, attempts, available_at > now() AS later, last_error FROM edu_outbox WHERE event_id = ?`, [eventId])
    expect({ status: row!.status, attempts: row!.attempts, later: row!.later }).toEqual({ status: 'pending', attempts: 1, later: true })
    expect(row!.last_error).toContain('first attempt fails')
  })

  it("delivers other subscribers' rows while one handler is slow, and one row of a subscriber at a time", async () => {
    gate.reset()
    t = await createTestEngine({ plugins: [gated()], config: { events: { pollIntervalMs: 60_000, concurrency: 3 } } })
    const emit = (event: 'gate.passed' | 'gate.quick', n: number) => t!.app.orm.em.fork().transactional((em) => t!.app.events.emit(em, event, { n }))
    await emit('gate.passed', 1)
    await waitUntil(() => gate.calls === 1)
    await emit('gate.passed', 2)
    await emit('gate.quick', 1)
    await emit('gate.quick', 2)
    await waitUntil(() => gate.quick === 2, { message: 'the quick rows waited behind the slow handler' })
    // The slow subscriber's second row waits for its first.
    expect(gate.calls).toBe(1)
    gate.open()
    await t.drainEvents()
    expect(gate.calls).toBe(2)
    const rows = await t.app.orm.em.fork().execute(`SELECT subscriber, (payload->>'n')::int AS n, status, attempts FROM edu_outbox ORDER BY subscriber, n`)
    expect(rows).toEqual([
      { subscriber: 'gated.fail-first', n: 1, status: 'pending', attempts: 1 },
      { subscriber: 'gated.fail-first', n: 2, status: 'delivered', attempts: 1 },
      { subscriber: 'gated.quick', n: 1, status: 'delivered', attempts: 1 },
      { subscriber: 'gated.quick', n: 2, status: 'delivered', attempts: 1 },
    ])
  })

  it("runs handlers only after the emitting transaction's after-commit work, such as another plugin's cache invalidation", async () => {
    t = await createTestEngine({ plugins: [pricing()] })
    expect((await t.inject({ method: 'POST', url: '/api/v1/price', payload: { price: 250 } })).statusCode).toBe(200)
    await waitUntil(() => pricesSeen.length === 1)
    expect(pricesSeen).toEqual([250])
  })

  it('opens its LISTEN connection again when it is lost, and hears the other engines through it', async () => {
    // Polling once a minute: within the test only a notification can wake this engine's dispatcher.
    t = await createTestEngine({ plugins: [ledger()], config: { events: { pollIntervalMs: 60_000 } } })
    const listeners = () => t!.app.orm.em.fork().execute<Array<{ pid: number }>>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN edu_outbox'`)
    const [first] = await listeners()
    expect(t.app.edu.dispatcher.listening).toBe(true)
    await t.app.orm.em.fork().execute('SELECT pg_terminate_backend(?)', [first!.pid])
    await waitUntil(async () => {
      const now = await listeners()
      return t!.app.edu.dispatcher.listening && now.length === 1 && now[0]!.pid !== first!.pid
    }, { message: 'the LISTEN connection was not opened again' })
    // Another engine (no dispatcher of its own) commits an event: its NOTIFY reaches this engine.
    const other = await t.sibling({ dispatch: false })
    await other.orm.em.fork().transactional((em) => other.events.emit(em, 'ledger.entry', { entryId: 1, note: 'heard' }))
    await waitUntil(async () => (await deliveries(t!)).length === 2, { message: 'the event was not delivered' })
    expect(await deliveries(t)).toEqual([{ subscriber: 'ledger.audit', n: 1 }, { subscriber: 'ledger.mirror', n: 1 }])
  })

  it('dead-letters after the last attempt and shows it in metrics', async () => {
    t = await createTestEngine({ plugins: [ledger({ alwaysFail: true })], config: { events: { maxAttempts: 2, pollIntervalMs: 20 } } })
    await t.inject({ method: 'POST', url: '/api/v1/ledger', payload: { entryId: 1, note: 'doomed' } })
    await untilDead(t, 2)
    const metrics = (await t.inject({ method: 'GET', url: '/metrics' })).body
    expect(metrics).toMatch(/edu_outbox_events\{status="dead"\} 2/)
    expect(metrics).toMatch(/edu_outbox_failed_total\{event="ledger.entry",dead="true"\} 2/)
  })

  for (const leased of [false, true]) {
    it(`records a handler that throws null as failed and dead-letters it (${leased ? 'leased' : 'transactional'} delivery)`, async () => {
      t = await createTestEngine({ plugins: [ledger({ alwaysFail: true, throwNull: true, leased })], config: { events: { maxAttempts: 2, pollIntervalMs: 20 } } })
      await t.inject({ method: 'POST', url: '/api/v1/ledger', payload: { entryId: 1, note: 'thrown null' } })
      await untilDead(t, 2)
      const rows = await t.app.orm.em.fork().execute<Array<{ status: string; attempts: number; last_error: string }>>(`SELECT status, attempts, last_error FROM edu_outbox`)
      expect(rows).toEqual([{ status: 'dead', attempts: 2, last_error: 'null' }, { status: 'dead', attempts: 2, last_error: 'null' }])
      expect(await deliveries(t)).toEqual([])
      const metrics = (await t.inject({ method: 'GET', url: '/metrics' })).body
      expect(metrics).toMatch(/edu_outbox_failed_total\{event="ledger.entry",dead="true"\} 2/)
      expect(metrics).toMatch(/edu_outbox_failed_total\{event="ledger.entry",dead="false"\} 2/)
      expect(metrics).not.toMatch(/edu_outbox_delivered_total\{event="ledger.entry"\} [1-9]/)
    })
  }
})
