import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.ts'
import { explainFailure } from '../src/db/embedded-failures.ts'

const run = promisify(execFile)
const CHILD = join(import.meta.dirname, 'fixtures', 'embedded-child.ts')
const cleanups: Array<() => Promise<unknown>> = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'edu-embedded-fail-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return join(dir, 'data')
}

const started = (db: EmbeddedDatabase) => { cleanups.push(() => db.stop()); return db }

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true } catch { return false }
}

async function gone(pid: number): Promise<void> {
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50))
  expect(alive(pid)).toBe(false)
}

function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.DATABASE_URL
  delete env.REDIS_URL
  delete env.EDU_DATA_DIR
  return env
}

/** Starts the embedded PostgreSQL in another process, which prints its server's pid and URL. */
async function startInChild(dir: string): Promise<{ child: ChildProcess; pid: number; url: string }> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CHILD, 'pg', dir], { env: childEnv(), stdio: ['ignore', 'pipe', 'inherit'] })
  cleanups.push(async () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  const line = await new Promise<string>((res, rej) => {
    let out = ''
    child.stdout!.on('data', (c: Buffer) => { out += c; if (out.includes('\n')) res(out.split('\n')[0]!) })
    child.on('exit', (code) => rej(new Error(`child exited ${code}`)))
  })
  return { child, ...(JSON.parse(line) as { pid: number; url: string }) }
}

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try { return (await client.query(sql)).rows } finally { await client.end() }
}

async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer()
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res))
  cleanups.push(() => new Promise((res) => server.close(res)))
  return { server, port: (server.address() as { port: number }).port }
}

describe('the embedded PostgreSQL when it cannot start as asked', () => {
  it('names a port in use, and `npm start` ends with that one line and exit code 1', async () => {
    const { port } = await holdPort()
    const expected = `The embedded PostgreSQL cannot listen on 127.0.0.1:${port}: the port is in use. Stop what uses it, choose another port (database.embeddedPort in edu.config.ts), or set DATABASE_URL to use another PostgreSQL.`
    const dir = await dataDir()
    const error = await startEmbeddedPostgres(dir, () => {}, { port }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EmbeddedPostgresError)
    expect((error as EmbeddedPostgresError).message).toBe(expected)

    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CHILD, 'engine', dir, String(port)], { env: childEnv() })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => { stdout += c })
    child.stderr.on('data', (c: Buffer) => { stderr += c })
    const code = await new Promise((res) => child.on('exit', res))
    expect(code).toBe(1)
    expect(stderr).toBe(`error: ${expected}\n`)
    expect(stdout).toBe('')
  }, 60_000)

  it('stops the server a killed engine left running (kill -9), and keeps the data', async () => {
    const dir = await dataDir()
    const first = await startInChild(dir)
    await query(first.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)')
    first.child.kill('SIGKILL')
    await new Promise((res) => first.child.once('exit', res))
    // The server outlived its engine and still holds the lock.
    expect(alive(first.pid)).toBe(true)
    expect(Number((await readFile(join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0])).toBe(first.pid)

    const logged: string[] = []
    const second = started(await startEmbeddedPostgres(dir, (m) => logged.push(m)))
    expect(logged).toEqual([`Stopping the embedded PostgreSQL (process ${first.pid}) left running by an engine that was killed`])
    expect(alive(first.pid)).toBe(false)
    expect(await query(second.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }])
  }, 90_000)

  it('removes a stale lock when the server was killed too, or its process id now belongs to another program', async () => {
    const dir = await dataDir()
    const first = await startInChild(dir)
    first.child.kill('SIGKILL')
    process.kill(first.pid, 'SIGKILL')
    await gone(first.pid)
    const lock = join(dir, 'pg', 'postmaster.pid')
    const text = await readFile(lock, 'utf8')
    // Its helper processes notice the server is gone and leave; wait for them to let go of its shared memory.
    const logged: string[] = []
    let db: EmbeddedDatabase | undefined
    for (let i = 0; i < 50 && !db; i++) {
      db = await startEmbeddedPostgres(dir, (m) => logged.push(m)).catch((e: EmbeddedPostgresError) => {
        if (e.kind !== 'leftover-processes') throw e
        return new Promise<undefined>((r) => setTimeout(() => r(undefined), 100))
      })
    }
    expect(logged[0]).toBe(`Removed a stale lock (postmaster.pid of process ${first.pid}, which is gone) from ${db!.pgdata}`)
    await db!.stop()

    // A process id reused by an unrelated program (here: a sleeping shell) is not taken for the server.
    const other = spawn('sleep', ['60'])
    cleanups.push(async () => other.kill())
    await writeFile(lock, text.replace(/^\d+/, String(other.pid)))
    const reused: string[] = []
    started(await startEmbeddedPostgres(dir, (m) => reused.push(m)))
    expect(reused).toEqual([`Removed a stale lock (postmaster.pid of process ${other.pid}, which is gone) from ${db!.pgdata}`])
    expect(alive(other.pid!)).toBe(true)
  }, 90_000)

  it('refuses to share a folder with a running engine', async () => {
    const dir = await dataDir()
    const db = started(await startEmbeddedPostgres(dir))
    const error = await startEmbeddedPostgres(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EmbeddedPostgresError)
    expect((error as Error).message).toBe(`The embedded PostgreSQL in ${db.pgdata} is in use by a running engine (process ${process.pid}). Stop that engine first, or give this one its own EDU_DATA_DIR.`)
    expect((await query(db.url, 'SELECT 1 AS one'))).toEqual([{ one: 1 }])
  }, 60_000)

  it('says the disk is full when the cluster cannot be written', async () => {
    const expected = (dir: string) => `The embedded PostgreSQL cannot write to ${dir}: the disk is full. Free some space there, or set EDU_DATA_DIR to a folder on another disk.`
    // PostgreSQL's own words when its disk is full.
    expect(explainFailure('initdb: error: could not write to file "/d/pg/base/1/1249": No space left on device', { dir: '/d', port: 0, program: 'initdb' }).message).toBe(expected('/d'))
    // And a real full disk: a 4 MB tmpfs, where the cluster (about 40 MB) does not fit. Mounting needs root.
    if (process.getuid?.() !== 0) return
    const base = await mkdtemp(join(tmpdir(), 'edu-embedded-full-'))
    await chmod(base, 0o755)
    const mount = join(base, 'disk')
    await mkdir(mount)
    await run('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0755', 'tmpfs', mount])
    cleanups.push(async () => { await run('umount', [mount]); await rm(base, { recursive: true, force: true }) })
    const dir = join(mount, 'data')
    const error = await startEmbeddedPostgres(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EmbeddedPostgresError)
    expect((error as Error).message).toBe(expected(dir))
  }, 60_000)
})
