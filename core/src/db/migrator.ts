import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import pg from 'pg'

export interface MigrationSource {
  plugin: string
  dir: string
}

interface Migration {
  plugin: string
  name: string
  sql: string
  checksum: string
}

const FILE = /^\d{3,}_[\w-]+\.sql$/
// Any fixed 64-bit number: only our migrators take this advisory lock.
const LOCK_ID = 7_410_202_611

async function readMigrations(sources: MigrationSource[]): Promise<Migration[]> {
  const all: Migration[] = []
  for (const { plugin, dir } of sources) {
    const files = (await readdir(dir)).filter((f) => FILE.test(f)).sort()
    for (const name of files) {
      const sql = await readFile(join(dir, name), 'utf8')
      all.push({ plugin, name, sql, checksum: createHash('sha256').update(sql).digest('hex') })
    }
  }
  return all
}

async function ensureTable(client: pg.Client) {
  await client.query(`CREATE TABLE IF NOT EXISTS edu_migrations (
    plugin text NOT NULL, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (plugin, name))`)
}

/**
 * Applies pending forward-only SQL migrations, each in its own transaction, under an advisory lock
 * so several engine instances starting together apply each migration once.
 */
export async function migrate(url: string, sources: MigrationSource[], log: (msg: string) => void = () => {}): Promise<string[]> {
  const migrations = await readMigrations(sources)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const applied: string[] = []
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID])
    await ensureTable(client)
    const { rows } = await client.query<{ plugin: string; name: string; checksum: string }>('SELECT plugin, name, checksum FROM edu_migrations')
    const done = new Map(rows.map((r) => [`${r.plugin}/${r.name}`, r.checksum]))
    for (const m of migrations) {
      const key = `${m.plugin}/${m.name}`
      const checksum = done.get(key)
      if (checksum !== undefined) {
        if (checksum !== m.checksum) throw new Error(`Migration ${key} was changed after it was applied; migrations are forward-only: add a new one`)
        continue
      }
      await client.query('BEGIN')
      try {
        await client.query(m.sql)
        await client.query('INSERT INTO edu_migrations (plugin, name, checksum) VALUES ($1, $2, $3)', [m.plugin, m.name, m.checksum])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw new Error(`Migration ${key} failed: ${(error as Error).message}`, { cause: error })
      }
      applied.push(key)
      log(`applied migration ${key}`)
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => {})
    await client.end()
  }
  return applied
}

/** Names of the migrations that are not applied yet (for readiness). */
export async function pendingMigrations(query: (sql: string) => Promise<Array<{ plugin: string; name: string }>>, sources: MigrationSource[]): Promise<string[]> {
  const wanted = (await readMigrations(sources)).map((m) => `${m.plugin}/${m.name}`)
  const rows = await query('SELECT plugin, name FROM edu_migrations').catch(() => [])
  const have = new Set(rows.map((r) => `${r.plugin}/${r.name}`))
  return wanted.filter((k) => !have.has(k))
}
