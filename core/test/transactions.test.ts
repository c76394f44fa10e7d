import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { definePlugin } from '@eduplatform/core'
import { createTestEngine, type TestEngine } from '../src/testing/index.ts'

const withSetting = definePlugin({ name: 'with-setting', sessionSettings: { 'pg_trgm.word_similarity_threshold': '0.42' }, register() {} })

let t: TestEngine
beforeAll(async () => {
  t = await createTestEngine({ plugins: [withSetting()] })
})
afterAll(async () => t?.close())

describe('afterCommit', () => {
  it('runs after the transaction commits, never after a rollback, at once outside one', async () => {
    const seen: string[] = []
    await t.app.orm.em.fork().transactional(async (em) => {
      await t.app.afterCommit(em, () => { seen.push('committed') })
      expect(seen).toEqual([])
    })
    expect(seen).toEqual(['committed'])
    await expect(t.app.orm.em.fork().transactional(async (em) => {
      await t.app.afterCommit(em, () => { seen.push('rolled back') })
      throw new Error('abort')
    })).rejects.toThrow(/^abort$/)
    await t.app.afterCommit(t.app.orm.em.fork(), () => { seen.push('no transaction') })
    expect(seen).toEqual(['committed', 'no transaction'])
  })

  it('queues work of a nested transaction (a savepoint) on the outermost one: never after its rollback, once after its commit', async () => {
    const seen: string[] = []
    await expect(t.app.orm.em.fork().transactional(async (outer) => {
      await outer.transactional(async (inner) => {
        await t.app.afterCommit(inner, () => { seen.push('inner of a rolled back transaction') })
      })
      expect(seen).toEqual([])
      throw new Error('abort')
    })).rejects.toThrow(/^abort$/)
    expect(seen).toEqual([])

    await t.app.orm.em.fork().transactional(async (outer) => {
      await outer.transactional(async (inner) => {
        await inner.transactional(async (innermost) => {
          await t.app.afterCommit(innermost, () => { seen.push('innermost') })
        })
        await t.app.afterCommit(inner, () => { seen.push('inner') })
      })
      // Both savepoints are released; the outer transaction has not committed yet.
      expect(seen).toEqual([])
      await t.app.afterCommit(outer, () => { seen.push('outer') })
    })
    expect(seen).toEqual(['innermost', 'inner', 'outer'])
  })

  it('drops the work of a savepoint that rolls back while the transaction around it commits', async () => {
    const seen: string[] = []
    await t.app.orm.em.fork().transactional(async (outer) => {
      await expect(outer.transactional(async (inner) => {
        await t.app.afterCommit(inner, () => { seen.push('rolled back savepoint') })
        throw new Error('inner abort')
      })).rejects.toThrow(/^inner abort$/)
      await t.app.afterCommit(outer, () => { seen.push('outer') })
    })
    expect(seen).toEqual(['outer'])
  })
})

describe('plugin session settings', () => {
  it('are applied to every pooled connection', async () => {
    await t.app.orm.em.fork().execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    const reads = await Promise.all(Array.from({ length: 6 }, () =>
      t.app.orm.em.fork().transactional((em) => em.execute(`SELECT current_setting('pg_trgm.word_similarity_threshold') AS v, pg_backend_pid() AS pid, pg_sleep(0.05)`))))
    expect(new Set(reads.map((r) => r[0]!.pid)).size).toBeGreaterThan(1)
    for (const [row] of reads) expect(row!.v).toBe('0.42')
  })

  it('refuses a setting that is not a plain name and value', async () => {
    const bad = definePlugin({ name: 'bad-setting', sessionSettings: { 'x; DROP TABLE edu_users': '1' }, register() {} })
    await expect(createTestEngine({ plugins: [bad()] })).rejects.toThrow(/Plugin "bad-setting": session setting/)
  })
})

describe('a transaction whose BEGIN fails', () => {
  it('gives its pooled connection back (a connection lost under BEGIN, as when PostgreSQL restarts, left the pool unable to close)', async () => {
    // No dispatcher: nothing else takes the connection prepared below.
    const engine = await createTestEngine({ extras: { dispatch: false } })
    try {
      const pool = (await engine.app.orm.em.getConnection().getNativeClient()) as unknown as {
        totalCount: number
        idleCount: number
        connect(): Promise<{ query(sql: string): Promise<unknown>; release(): void }>
      }
      // A pooled connection inside a failed transaction: the next BEGIN sent on it fails (SQLSTATE 25P02).
      const client = await pool.connect()
      await client.query('BEGIN')
      await client.query('SELECT 1/0').catch(() => {})
      client.release()
      await expect(engine.app.orm.em.fork().transactional(async () => {})).rejects.toThrow(/current transaction is aborted/)
      expect(pool.totalCount - pool.idleCount).toBe(0)
      const again = await pool.connect()
      await again.query('ROLLBACK')
      again.release()
    } finally {
      await engine.close()
    }
  })
})
