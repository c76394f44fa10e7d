import { CompiledQuery } from 'kysely'

/** PostgreSQL's "cached plan must not change result type": a prepared `RETURNING *` or `SELECT *` after a migration changed its table. */
const PLAN_RESULT_CHANGED = '0A000'

/**
 * The names of the statements kept prepared, by their text (`$n` placeholders): at most `max` texts, each named
 * once (`edu_1`, `edu_2`, …) for the life of the engine. A text refused a name (over `max`, or whose prepared
 * plan went stale) is sent unnamed from then on.
 */
export class StatementNames {
  readonly #names = new Map<string, string | null>()
  readonly #max: number
  #count = 0

  constructor(max = 256) {
    this.#max = max
  }

  /** The name `text` is prepared under; named on its first call while fewer than `max` are. */
  name(text: string): string | undefined {
    let name = this.#names.get(text)
    if (name === undefined) {
      if (this.#names.size >= this.#max * 4) return undefined
      name = this.#count < this.#max ? `edu_${++this.#count}` : null
      this.#names.set(text, name)
    }
    return name ?? undefined
  }

  /** The name of a text already named (undefined for any other): what a pooled connection looks up. */
  peek(text: string): string | undefined {
    return this.#names.get(text) ?? undefined
  }

  /** Sends `text` unnamed from now on (its prepared plan went stale on some connection). */
  forget(text: string): void {
    this.#names.set(text, null)
  }
}

interface PgClient {
  query(...args: unknown[]): unknown
}

interface EmittingPool {
  on(event: 'acquire', listener: (client: PgClient) => void): unknown
}

/**
 * Sends the statements `names` knows as named prepared statements on the pool's connections (PostgreSQL's extended query protocol, https://www.postgresql.org/docs/current/protocol-flow.html, 55.2.3):
 * a connection parses each once and after five executions may keep a generic plan
 * (https://www.postgresql.org/docs/current/sql-prepare.html, Notes). A statement whose plan a migration made stale
 * (SQLSTATE 0A000: its result columns changed under a running engine) fails once and is sent unnamed after.
 */
export function prepareOnConnections(pool: EmittingPool, names: StatementNames): void {
  const prepared = new WeakSet<PgClient>()
  // At a connection's first checkout (those opened before this call included).
  pool.on('acquire', (client) => {
    if (prepared.has(client)) return
    prepared.add(client)
    const query = client.query.bind(client)
    client.query = (...args: unknown[]) => {
      const [text, values] = args
      if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || args.length > 2) return query(...args)
      const name = names.peek(text)
      if (name === undefined) return query(...args)
      return (query({ name, text, values }) as Promise<unknown>).catch((error: unknown) => {
        if ((error as { code?: string }).code === PLAN_RESULT_CHANGED) names.forget(text)
        throw error
      })
    }
  })
}

/** The parts of MikroORM's SQL connection (`AbstractSqlConnection`) that its `execute` uses. */
interface SqlConnection {
  execute(query: unknown, params?: unknown[], method?: 'all' | 'get' | 'run', ctx?: unknown, loggerContext?: unknown): Promise<unknown>
  ensureConnection(): Promise<void>
  getClient(): { executeQuery(query: CompiledQuery): Promise<{ rows: unknown[]; numAffectedRows?: bigint }> }
  transformRawResult(result: unknown, method: 'all' | 'get' | 'run'): unknown
  executeQuery<T>(sql: string, run: () => Promise<T>, context?: unknown): Promise<T>
}

/**
 * SQLSTATEs of a statement PostgreSQL cannot plan or bind with untyped parameters though it can with the values
 * written in: a parameter whose type nothing says (`? IS NULL`), a function or operator that its untyped argument
 * leaves ambiguous or unknown, a value that is not of the type the parameter was given (a fraction where a
 * column's integer type was inferred). Raised before the statement does anything.
 */
const NEEDS_WRITTEN_VALUES = new Set(['42P18', '42725', '42883', '42804', '42846', '22P02'])

/**
 * Sends raw statements outside transactions (`em.execute(sql, params)` on a fork, `queryPrimary`, the
 * one-statement writes) with their values as bound parameters and their text's `?` numbered `$1`, `$2`, …, in
 * place of MikroORM's `execute`, which writes the values into the text (`Platform.formatQuery`), so PostgreSQL
 * parses and plans the whole text on every call; `names` names each text for `prepareOnConnections`. Through the
 * Kysely client MikroORM uses (pooled connection, logging, error conversion unchanged).
 *
 * Only what means the same either way is bound: a text whose `?` are all placeholders (no `??` identifier, no
 * `\?`) and as many as the values, each a string, a finite number, a boolean, a bigint, null or undefined, sent as
 * text and typed by the statement as a literal is. Arrays, dates, buffers and objects, which `formatQuery` writes
 * its own way (`ARRAY[?]` with an array becomes a list), calls with an abort signal, and statements inside a
 * transaction (where a statement PostgreSQL refused would abort it) go MikroORM's way. A statement PostgreSQL
 * cannot type with untyped parameters (`NEEDS_WRITTEN_VALUES`) is sent again MikroORM's way, and from then on when
 * that works. A value in a select list without a cast comes back as text (`SELECT ?` with 5 gives '5'): cast it.
 */
export function bindParameters(connection: SqlConnection, names: StatementNames): void {
  const execute = connection.execute.bind(connection)
  const written = new Set<string>()
  connection.execute = async (query, params = [], method = 'all', ctx, loggerContext) => {
    const text = ctx === undefined && typeof query === 'string' && params.length > 0 && !written.has(query) && params.every(bindable) && !hasAbort(loggerContext)
      ? placeholders(query, params.length)
      : undefined
    if (text === undefined) return execute(query, params, method, ctx, loggerContext)
    names.name(text)
    const values = params.map(bound)
    await connection.ensureConnection()
    const run = () => connection.executeQuery(text, async () => connection.transformRawResult(await connection.getClient().executeQuery(CompiledQuery.raw(text, values)), method),
      { query: text, params: values, ...(loggerContext as object | undefined) })
    try {
      return await run()
    } catch (error) {
      const code = (error as { code?: string }).code
      // A stale prepared plan (see `prepareOnConnections`): the text is unnamed now; nothing ran.
      if (code === PLAN_RESULT_CHANGED) return run()
      if (code === undefined || !NEEDS_WRITTEN_VALUES.has(code)) throw error
      // Written in, as before; it fails as it always did when the statement is at fault, not its parameters.
      const rows = await execute(query, params, method, ctx, loggerContext)
      if (written.size < 1024) written.add(query as string)
      return rows
    }
  }
}

const hasAbort = (context: unknown) =>
  context !== undefined && context !== null && ((context as { signal?: unknown }).signal != null || (context as { inflightQueryAbortStrategy?: unknown }).inflightQueryAbortStrategy != null)

const bindable = (value: unknown) =>
  value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint' ||
  (typeof value === 'number' && Number.isFinite(value))

const bound = (value: unknown) => (value === undefined ? null : typeof value === 'bigint' ? value.toString() : value)

/**
 * `sql` with its `?` placeholders numbered `$1`, `$2`, … in order; undefined when it has a `??` or `\?` (which
 * `formatQuery` reads otherwise) or not exactly `count` placeholders.
 */
export function placeholders(sql: string, count: number): string | undefined {
  let text = ''
  let from = 0
  let n = 0
  for (let at = sql.indexOf('?'); at !== -1; at = sql.indexOf('?', at + 1)) {
    if (sql[at + 1] === '?' || sql[at - 1] === '\\') return undefined
    text += `${sql.slice(from, at)}$${++n}`
    from = at + 1
  }
  return n === count ? text + sql.slice(from) : undefined
}
