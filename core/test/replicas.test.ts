import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { createEngine } from '../src/engine.ts'
import { migrate } from '../src/db/migrator.ts'
import { CORE_MIGRATIONS } from '../src/engine.ts'
import { User } from '../src/identity/entities.ts'
import { createTestDatabase } from '../src/testing/index.ts'

const dbs: Array<{ drop(): Promise<void> }> = []
afterAll(async () => {
  for (const db of dbs) await db.drop()
})

describe('DATABASE_REPLICA_URLS', () => {
  it('sends reads outside transactions to the replica and writes to the primary', async () => {
    const server = inject('eduDatabaseServer')
    const primary = await createTestDatabase(server)
    const replica = await createTestDatabase(server)
    dbs.push(primary, replica)
    // Stand-in for a streaming replica: a second database with the same schema and one row of its own.
    await migrate(replica.url, [{ plugin: 'core', dir: CORE_MIGRATIONS }])
    const pg = (await import('pg')).default
    const client = new pg.Client({ connectionString: replica.url })
    await client.connect()
    await client.query(`INSERT INTO edu_users (id, email, name, password_hash, role) VALUES (gen_random_uuid(), 'only-on-replica@example.com', 'R', 'x', 'student')`)
    await client.end()

    const app = await createEngine({
      plugins: [], logLevel: 'silent',
      database: { url: primary.url, replicaUrls: [replica.url] },
      auth: { jwtSecret: randomBytes(32).toString('hex') },
    }, { env: false })
    try {
      const read = await app.orm.em.fork().findOne(User, { email: 'only-on-replica@example.com' })
      expect(read?.name).toBe('R')
      const written = await app.identity.createUser({ email: 'primary@example.com', password: 'password-123', name: 'P', role: 'student' })
      const onPrimary = await app.orm.em.fork().execute(`SELECT email FROM edu_users WHERE id = ?`, [written.id])
      expect(onPrimary).toHaveLength(1)
      // A user is read from the primary: a session must see the account that was just made.
      expect((await app.identity.getUser(written.id))?.email).toBe('primary@example.com')
    } finally {
      await app.close()
    }
  })
})
