/**
 * A start of the embedded PostgreSQL that failed for a reason the person starting the engine can fix.
 * `message` is one line saying what happened and what to do; the engine prints it alone, with no stack.
 */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError'
  /** `port-in-use`, `in-use`, `leftover-processes`, `disk-full`, `permission`, `failed`. */
  readonly kind: EmbeddedFailureKind
  constructor(kind: EmbeddedFailureKind, message: string) {
    super(message)
    this.kind = kind
  }
}

export type EmbeddedFailureKind = 'port-in-use' | 'in-use' | 'leftover-processes' | 'disk-full' | 'permission' | 'failed'

const OTHER_DATABASE = 'or set DATABASE_URL to use another PostgreSQL'

export const diskFull = (dir: string) =>
  new EmbeddedPostgresError('disk-full', `The embedded PostgreSQL cannot write to ${dir}: the disk is full. Free some space there, or set EDU_DATA_DIR to a folder on another disk.`)

export const portInUse = (port: number) =>
  new EmbeddedPostgresError('port-in-use', `The embedded PostgreSQL cannot listen on 127.0.0.1:${port}: the port is in use. Stop what uses it, choose another port (database.embeddedPort in edu.config.ts), ${OTHER_DATABASE}.`)

export const inUseByEngine = (dir: string, pid: number) =>
  new EmbeddedPostgresError('in-use', `The embedded PostgreSQL in ${dir} is in use by a running engine (process ${pid}). Stop that engine first, or give this one its own EDU_DATA_DIR.`)

/** The last line of PostgreSQL's own output that says what went wrong (`FATAL:`, `PANIC:`, `initdb: error:`). */
function cause(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean)
  const fatal = lines.filter((l) => /\b(FATAL|PANIC|error):/.test(l)).at(-1) ?? lines.at(-1) ?? 'no output'
  return fatal.replace(/^.*?\b(FATAL|PANIC|error):\s*/, '').replace(/\.$/, '')
}

/**
 * Turns what PostgreSQL (or initdb) wrote before exiting into one actionable line.
 * `dir` is the cluster's folder, `port` the port it was asked to listen on.
 */
export function explainFailure(output: string, context: { dir: string; port: number; program: 'initdb' | 'postgres' }): EmbeddedPostgresError {
  if (/No space left on device|could not extend file|disk full/i.test(output)) return diskFull(context.dir)
  if (/could not bind .*Address already in use|could not create any TCP\/IP sockets/.test(output)) return portInUse(context.port)
  if (/pre-existing shared memory block .* is still in use|lock file "postmaster\.pid" already exists/.test(output)) {
    return new EmbeddedPostgresError('leftover-processes', `PostgreSQL processes of an earlier run still use ${context.dir}. Stop them (ps -ef | grep postgres), then start again.`)
  }
  if (/Permission denied/.test(output)) {
    return new EmbeddedPostgresError('permission', `The embedded PostgreSQL cannot use ${context.dir}: ${cause(output)}. Give the folder back to the user who starts the engine, or set EDU_DATA_DIR to another folder.`)
  }
  return new EmbeddedPostgresError('failed', `The embedded PostgreSQL (${context.program}) did not start: ${cause(output)}. Start again after fixing that, ${OTHER_DATABASE}.`)
}

/** Node's file-system errors met while preparing the cluster, as one line where there is something to do. */
export function explainFsError(error: unknown, dir: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOSPC' || code === 'EDQUOT') return diskFull(dir)
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new EmbeddedPostgresError('permission', `The embedded PostgreSQL cannot write to ${dir} (${code}). Set EDU_DATA_DIR to a folder this user can write, ${OTHER_DATABASE}.`)
  }
  return error
}
