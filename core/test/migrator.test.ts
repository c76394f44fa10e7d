import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { migrate } from '../src/db/migrator.ts'
import { createTestDatabase } from '../src/testing/index.ts'

let database: Awaited<ReturnType<typeof createTestDatabase>>
let dir: string
beforeAll(async () => {
  database = await createTestDatabase(inject('eduDatabaseServer'))
  dir = await mkdtemp(join(tmpdir(), 'edu-migrations-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
  await database?.drop()
})

const query = async (sql: string) => {
  const client = new pg.Client({ connectionString: database.url })
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}
const source = () => [{ plugin: 'demo-plugin', dir }]

describe('the migrator', () => {
  it('applies pending migrations once, in order', async () => {
    await writeFile(join(dir, '001_notes.sql'), 'CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL);')
    await writeFile(join(dir, '002_seed.sql'), "INSERT INTO notes VALUES (1, 'first');")
    expect(await migrate(database.url, source())).toEqual(['demo-plugin/001_notes.sql', 'demo-plugin/002_seed.sql'])
    expect(await migrate(database.url, source())).toEqual([])
    expect(await query('SELECT id, body FROM notes')).toEqual([{ id: 1, body: 'first' }])
  })

  it('refuses a migration edited after it was applied, changing nothing', async () => {
    await writeFile(join(dir, '002_seed.sql'), "INSERT INTO notes VALUES (1, 'edited');")
    await writeFile(join(dir, '003_more.sql'), "INSERT INTO notes VALUES (3, 'third');")
    await expect(migrate(database.url, source())).rejects.toThrow(
      'Migration demo-plugin/002_seed.sql was changed after it was applied; migrations are forward-only: add a new one')
    expect(await query('SELECT id, body FROM notes ORDER BY id')).toEqual([{ id: 1, body: 'first' }])
    await writeFile(join(dir, '002_seed.sql'), "INSERT INTO notes VALUES (1, 'first');")
    await rm(join(dir, '003_more.sql'))
  })

  it('rolls a failing migration back whole and records nothing of it', async () => {
    await writeFile(join(dir, '003_half.sql'), "INSERT INTO notes VALUES (2, 'second'); ALTER TABLE notes ADD COLUMN tag text; INSERT INTO notes VALUES (1, 'duplicate');")
    await expect(migrate(database.url, source())).rejects.toThrow(/^Migration demo-plugin\/003_half\.sql failed: duplicate key value violates unique constraint "notes_pkey"$/)
    expect(await query('SELECT id, body FROM notes ORDER BY id')).toEqual([{ id: 1, body: 'first' }])
    expect(await query(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'notes' AND column_name = 'tag'`)).toEqual([{ n: 0 }])
    expect(await query(`SELECT name FROM edu_migrations WHERE plugin = 'demo-plugin' ORDER BY name`)).toEqual([{ name: '001_notes.sql' }, { name: '002_seed.sql' }])
    // Fixed, it applies.
    await writeFile(join(dir, '003_half.sql'), "INSERT INTO notes VALUES (2, 'second'); ALTER TABLE notes ADD COLUMN tag text;")
    expect(await migrate(database.url, source())).toEqual(['demo-plugin/003_half.sql'])
    expect(await query('SELECT id, body, tag FROM notes ORDER BY id')).toEqual([{ id: 1, body: 'first', tag: null }, { id: 2, body: 'second', tag: null }])
  })
})
