import { createHash } from 'node:crypto'
import { execFile } from 'node:child_process'
import { chmod, chown, cp, lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { dirname, join, parse, resolve } from 'node:path'
import { promisify } from 'node:util'
import { EmbeddedPostgresError } from './embedded-failures.ts'

const run = promisify(execFile)

/**
 * PostgreSQL refuses to run as root. When the engine runs as root, its PostgreSQL runs as an unprivileged
 * account (`postgres`, made if missing), which must reach the programs and the cluster's folder. A clone
 * inside a folder only root may enter (`/root/…`, a 0700 temporary folder) hides both from that account,
 * so the engine never loosens the modes of the folders it was given; instead:
 * - the programs are copied once into `<stateRoot>/postgresql-<version>-<platform>-<arch>` (root's, 0755,
 *   used only if no one but root can write it), and
 * - the cluster lives in `<stateRoot>/clusters/<hash of the data folder>/pg`, with `EDU_DATA_DIR/pg` a
 *   symbolic link to it, so the data folder still says where its database is. A cluster whose data folder
 *   is gone (deleted, or a test's temporary folder) is removed at the next start as root.
 * `stateRoot` is `/var/lib/eduplatform`, where a system keeps a service's state.
 */
export const DEFAULT_STATE_ROOT = '/var/lib/eduplatform'

export interface Account { name: string; uid: number; gid: number }

const ACCOUNT = 'postgres'

/** The unprivileged account PostgreSQL runs as under root: `postgres`, created (as a system account) if missing. */
export async function postgresAccount(): Promise<Account> {
  const lookUp = async (): Promise<Account> => {
    const [uid, gid] = await Promise.all([run('id', ['-u', ACCOUNT]), run('id', ['-g', ACCOUNT])])
    return { name: ACCOUNT, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
  }
  try {
    return await lookUp()
  } catch {
    try {
      await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', ACCOUNT])
    } catch {
      await run('adduser', ['-S', '-D', '-H', ACCOUNT]).catch(() => {
        throw new EmbeddedPostgresError('permission', `PostgreSQL cannot run as root and there is no "${ACCOUNT}" account to run it as: create one (useradd --system ${ACCOUNT}), start the engine as another user, or set DATABASE_URL.`)
      })
    }
    return lookUp()
  }
}

/** Whether `account` may walk down to `path` (search permission on every folder above it and on it). */
export async function canReach(path: string, account: Account): Promise<boolean> {
  const folders: string[] = []
  for (let p = resolve(path); ; p = dirname(p)) {
    folders.push(p)
    if (p === parse(p).root) break
  }
  for (const folder of folders) {
    const s = await stat(folder).catch(() => undefined)
    if (!s) return false
    const bit = s.uid === account.uid ? 0o100 : s.gid === account.gid ? 0o010 : 0o001
    if ((s.mode & bit) === 0) return false
  }
  return true
}

/** Makes `dir` (root's, 0755) unless it exists, and refuses one that others could have planted or can write. */
async function ownedByRoot(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o755 })
  const s = await lstat(dir)
  if (!s.isDirectory() || s.uid !== 0 || (s.mode & 0o022) !== 0) {
    throw new EmbeddedPostgresError('permission', `${dir} must be a folder owned by root that no one else can write; fix it (chown root ${dir}; chmod 755 ${dir}) or set DATABASE_URL.`)
  }
}

/**
 * PostgreSQL's programs where `account` can run them: `nativeDir` itself when reachable, else a copy
 * made once under `stateRoot`. Returns the folder holding `bin/`, `lib/` and `share/`.
 */
export async function reachableInstall(nativeDir: string, version: string, account: Account, stateRoot: string): Promise<string> {
  if (await canReach(join(nativeDir, 'bin'), account)) return nativeDir
  await ownedByRoot(stateRoot)
  const target = join(stateRoot, `postgresql-${version}-${process.platform}-${process.arch}`)
  if (await stat(join(target, '.complete')).then(() => true, () => false)) {
    await ownedByRoot(target)
    return target
  }
  const partial = `${target}.${process.pid}.partial`
  await rm(partial, { recursive: true, force: true })
  await cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true })
  await chmod(partial, 0o755)
  await writeFile(join(partial, '.complete'), `${nativeDir}\n`)
  // Another engine starting at the same moment may have put its copy in place first: either is good.
  await rename(partial, target).catch(() => rm(partial, { recursive: true, force: true }))
  await ownedByRoot(target)
  return target
}

const clusterId = (dataDir: string) => createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)

/**
 * The cluster's folder (PGDATA) for `dataDir` under root: `dataDir/pg` when `account` can reach
 * `dataDir`, otherwise a folder under `stateRoot` that `dataDir/pg` links to. The folder exists and
 * belongs to `account` (mode 0700) on return.
 */
export async function clusterFolder(dataDir: string, account: Account, stateRoot: string): Promise<string> {
  const link = join(dataDir, 'pg')
  const existing = await lstat(link).catch(() => undefined)
  let pgdata = link
  if (existing?.isSymbolicLink()) {
    pgdata = resolve(dataDir, await readlink(link))
  } else if (!existing && !(await canReach(dataDir, account))) {
    const home = join(stateRoot, 'clusters', clusterId(dataDir))
    await ownedByRoot(stateRoot)
    await ownedByRoot(join(stateRoot, 'clusters'))
    await ownedByRoot(home)
    await writeFile(join(home, 'origin'), `${resolve(dataDir)}\n`)
    pgdata = join(home, 'pg')
    // The data folder was deleted and made again: its old database went with it.
    await rm(pgdata, { recursive: true, force: true })
    await symlink(pgdata, link)
  }
  if (!(await canReach(dirname(pgdata), account))) {
    throw new EmbeddedPostgresError('permission', `The "${account.name}" account that runs PostgreSQL under root cannot reach ${pgdata}: move it (or delete it to start afresh), start the engine as another user, or set DATABASE_URL.`)
  }
  await mkdir(pgdata, { recursive: true, mode: 0o700 })
  await chown(pgdata, account.uid, account.gid)
  await chmod(pgdata, 0o700)
  return pgdata
}

/** Removes clusters under `stateRoot` whose data folder no longer links to them and that are not running. */
export async function removeOrphanClusters(stateRoot: string, isRunning: (pgdata: string) => Promise<boolean>): Promise<string[]> {
  const root = join(stateRoot, 'clusters')
  const removed: string[] = []
  for (const id of await readdir(root).catch(() => [] as string[])) {
    const home = join(root, id)
    const pgdata = join(home, 'pg')
    // One being made right now has no link yet.
    const made = await stat(join(home, 'origin')).then((s) => s.mtimeMs, () => 0)
    if (Date.now() - made < 60_000) continue
    const origin = (await readFile(join(home, 'origin'), 'utf8').catch(() => '')).trim()
    const linked = origin ? await readlink(join(origin, 'pg')).catch(() => undefined) : undefined
    if (linked && resolve(origin, linked) === pgdata) continue
    if (await isRunning(pgdata)) continue
    await rm(home, { recursive: true, force: true })
    removed.push(home)
  }
  return removed
}
