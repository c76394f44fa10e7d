import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../src/db/embedded.ts'

const cleanups: Array<() => Promise<unknown>> = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'edu-embedded-password-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return join(dir, 'data')
}

/** Signs in to the cluster's `postgres` database with `password`: the rows of `sql`, or PostgreSQL's error code. */
async function signIn(url: string, password: string, sql = 'SELECT 1 AS ok'): Promise<unknown> {
  const given = new URL(url)
  given.password = password
  given.pathname = '/postgres'
  const client = new pg.Client({ connectionString: given.toString() })
  try {
    await client.connect()
    return (await client.query(sql)).rows
  } catch (error) {
    return (error as { code?: string }).code
  } finally {
    await client.end().catch(() => {})
  }
}

describe("the embedded PostgreSQL's password", () => {
  it('is random per cluster, kept in the data folder for its owner only, and the old shared one is refused', async () => {
    const dir = await dataDir()
    const db = await startEmbeddedPostgres(dir)
    try {
      const password = (await readFile(join(dir, 'postgres-password'), 'utf8')).trim()
      expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/)
      expect((await stat(join(dir, 'postgres-password'))).mode & 0o777).toBe(0o600)
      expect(new URL(db.url).password).toBe(password)
      expect(await signIn(db.url, password)).toEqual([{ ok: 1 }])
      expect(await signIn(db.url, 'postgres')).toBe('28P01')
    } finally {
      await db.stop()
    }
    const other = await startEmbeddedPostgres(await dataDir())
    try {
      expect(new URL(other.url).password).not.toBe(new URL(db.url).password)
    } finally {
      await other.stop()
    }
  }, 120_000)

  it('replaces the shared password of a cluster made before, keeping its data', async () => {
    const dir = await dataDir()
    const first = await startEmbeddedPostgres(dir)
    try {
      // What a cluster made before looked like: the password `postgres`, and no file.
      await signIn(first.url, new URL(first.url).password, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (7); ALTER ROLE postgres PASSWORD 'postgres'")
    } finally {
      await first.stop()
    }
    await unlink(join(dir, 'postgres-password'))

    const second = await startEmbeddedPostgres(dir)
    try {
      const password = (await readFile(join(dir, 'postgres-password'), 'utf8')).trim()
      expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/)
      expect(new URL(second.url).password).toBe(password)
      expect(await signIn(second.url, 'postgres')).toBe('28P01')
      const edu = new pg.Client({ connectionString: second.url })
      await edu.connect()
      try {
        expect((await edu.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }])
      } finally {
        await edu.end()
      }
      expect(await signIn(second.url, password, 'SELECT n FROM kept')).toEqual([{ n: 7 }])
    } finally {
      await second.stop()
    }
  }, 120_000)

  it('says what to do when the stored password is wrong, instead of failing to sign in', async () => {
    const dir = await dataDir()
    const first = await startEmbeddedPostgres(dir)
    await first.stop()
    await writeFile(join(dir, 'postgres-password'), 'not-the-password\n', { mode: 0o600 })
    const error = await startEmbeddedPostgres(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EmbeddedPostgresError)
    expect((error as Error).message).toContain('refuses its password (postgres-password)')
  }, 120_000)
})
