import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { configFromEnv } from '../src/config.ts'
import { createEngine } from '../src/engine.ts'
import { createTestDatabase } from '../src/testing/index.ts'

const dbs: Array<{ drop(): Promise<void> }> = []
afterAll(async () => {
  for (const db of dbs) await db.drop()
})

/** The same database under another application name, so PostgreSQL tells the two addresses apart. */
function named(url: string, applicationName: string): string {
  const u = new URL(url)
  u.searchParams.set('application_name', applicationName)
  return u.toString()
}

describe('DATABASE_DIRECT_URL (behind a transaction-mode pooler)', () => {
  it('is read from the environment', () => {
    const config = configFromEnv({ plugins: [] }, { DATABASE_URL: 'postgresql://pooler:6432/edu', DATABASE_DIRECT_URL: 'postgresql://primary:5432/edu' })
    expect(config.database?.url).toBe('postgresql://pooler:6432/edu')
    expect(config.database?.directUrl).toBe('postgresql://primary:5432/edu')
  })

  it("takes migrations and the outbox's LISTEN, while queries use the pooled address", async () => {
    const db = await createTestDatabase(inject('eduDatabaseServer'))
    dbs.push(db)
    const app = await createEngine({
      plugins: [], logLevel: 'silent',
      database: { url: named(db.url, 'edu-pooled'), directUrl: named(db.url, 'edu-direct') },
      auth: { jwtSecret: randomBytes(32).toString('hex') },
    }, { env: false })
    try {
      const sessions = await app.orm.em.fork().execute<Array<{ application_name: string; query: string }>>(
        `SELECT application_name, query FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'`)
      expect(sessions.map((s) => s.application_name)).toEqual(['edu-direct'])
      const own = await app.orm.em.fork().execute<Array<{ name: string }>>(`SELECT current_setting('application_name') AS name`)
      // (MikroORM keeps host, port, user and database of its URL, not its query, so the pool's name is its own.)
      expect(own).toHaveLength(1)
      expect(own[0]!.name).not.toBe('edu-direct')
    } finally {
      await app.close()
    }
  })
})
