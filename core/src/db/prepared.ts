import { CompiledQuery } from 'kysely'

/** PostgreSQL's "cached plan must not change result type" (0A000): a prepared `RETURNING *` or `SELECT *` after a migration changed its table. */
const planWentStale = (error: unknown) =>
  (error as { code?: string }).code === '0A000' && /cached plan must not change result type/.test((error as Error).message ?? '')

/**
 * The names of the statements kept prepared, by their text (`$n` placeholders): a text is named (`edu_1`, `edu_2`,
 * …) on its `USES_BEFORE_NAMING`-th call, so one-off texts take no name, and at most `max` texts are, for the life
 * of the engine (each costs PostgreSQL memory on every pooled connection: tens of KB, ~150 KB for a write of
 * several CTEs with its generic plan). A text refused a name, or whose prepared plan went stale, is sent unnamed.
 */
export class StatementNames {
  /** Calls seen of a text not yet named, its name, or null (never named). */
  readonly #texts = new Map<string, number | string | null>()
  readonly #max: number
  #count = 0

  constructor(max = 100) {
    this.#max = max
  }

  /** Counts a call of `text`; its name once it has one. */
  name(text: string): string | undefined {
    const seen = this.#texts.get(text)
    if (typeof seen === 'string') return seen
    if (seen === null) return undefined
    const calls = (seen ?? 0) + 1
    if (calls < USES_BEFORE_NAMING) {
      // Texts seen once or twice are forgotten when too many are tracked.
      if (seen === undefined && this.#texts.size >= this.#max * 20) return undefined
      this.#texts.set(text, calls)
      return undefined
    }
    const name = this.#count < this.#max ? `edu_${++this.#count}` : null
    this.#texts.set(text, name)
    return name ?? undefined
  }

  /** The name of a text already named (undefined for any other): what a pooled connection looks up. */
  peek(text: string): string | undefined {
    const seen = this.#texts.get(text)
    return typeof seen === 'string' ? seen : undefined
  }

  /** Sends `text` unnamed from now on (its prepared plan went stale on some connection). */
  forget(text: string): void {
    this.#texts.set(text, null)
  }
}

/** Calls of a statement text before it is prepared under a name. */
const USES_BEFORE_NAMING = 3

interface PgClient {
  query(...args: unknown[]): unknown
}

interface EmittingPool {
  on(event: 'acquire', listener: (client: PgClient) => void): unknown
}

/**
 * Sends the statements `names` has named as named prepared statements on the pool's connections (PostgreSQL's
 * extended query protocol, https://www.postgresql.org/docs/current/protocol-flow.html, 55.2.3):
 * a connection parses each once and after five executions may keep a generic plan
 * (https://www.postgresql.org/docs/current/sql-prepare.html, Notes). A statement whose plan a migration made stale
 * (SQLSTATE 0A000: its result columns changed under a running engine) is unnamed from then on, and `bindParameters`
 * sends it again.
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
        if (planWentStale(error)) names.forget(text)
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
 * Whether PostgreSQL refused a statement for what binding changed, so that with the values written in it may run:
 * a data exception (class 22: a value of the type the statement gave its parameter), a syntax or access rule
 * (class 42: a parameter whose type nothing says, `? IS NULL`; a utility statement or several statements in one
 * text, which take no parameters), a protocol error (08P01: a statement that has no parameters at all). Raised
 * before the statement changes anything: outside a transaction, it is sent again as before.
 */
const bindingRefused = (code: string | undefined) => code !== undefined && (code.startsWith('22') || code.startsWith('42') || code === '08P01')

/** PostgreSQL's limit of bound values in one statement (the Bind message counts them in 16 bits). */
const MAX_PARAMETERS = 65_535

/**
 * Sends raw statements outside transactions (`em.execute(sql, params)` on a fork, `queryPrimary`, the
 * one-statement writes) with their values as bound parameters and their text's `?` numbered `$1`, `$2`, …, in
 * place of MikroORM's `execute`, which writes the values into the text (`Platform.formatQuery`) so PostgreSQL
 * parses and plans the whole text on every call; `names` names each text for `prepareOnConnections`. Through the
 * Kysely client MikroORM uses (pooled connection, logging, error conversion unchanged).
 *
 * A bound value means what the value written in meant: a string goes untyped (as a quoted literal is), a number
 * with the type PostgreSQL gives its literal (`int4`, `int8` or `numeric`), a boolean as `boolean` (see
 * `placeholders`). Only strings, finite numbers, booleans and null are bound, and only in a text whose `?`
 * are all placeholders (no `??` identifier, no `\?`), as many as the values and at most 65,535. Arrays, dates,
 * buffers, objects and `undefined` (which `formatQuery` writes its own way), calls with an abort signal or a logger
 * context (MikroORM's query builder), and statements inside a transaction (where a statement PostgreSQL refused
 * would abort it) go MikroORM's way; so does, once it has worked that way, a text PostgreSQL refuses bound
 * (`bindingRefused`).
 */
export function bindParameters(connection: SqlConnection, names: StatementNames): void {
  const execute = connection.execute.bind(connection)
  const written = new Set<string>()
  connection.execute = async (query, params = [], method = 'all', ctx, loggerContext) => {
    const text = ctx === undefined && loggerContext === undefined && typeof query === 'string' && params.length > 0 &&
      params.length <= MAX_PARAMETERS && !written.has(query) && params.every(bindable)
      ? placeholders(query, params)
      : undefined
    if (text === undefined) return execute(query, params, method, ctx, loggerContext)
    names.name(text)
    const values = params as unknown[]
    await connection.ensureConnection()
    const run = () => connection.executeQuery(text, async () => connection.transformRawResult(await connection.getClient().executeQuery(CompiledQuery.raw(text, values)), method),
      { query: text, params: values })
    try {
      return await run()
    } catch (error) {
      // A stale prepared plan (see `prepareOnConnections`): the text is unnamed now; nothing ran.
      if (planWentStale(error)) return run()
      if (!bindingRefused((error as { code?: string }).code)) throw error
      // Written in, as before; it fails as it always did when the statement is at fault, not its binding.
      const rows = await execute(query, params, method, ctx, loggerContext)
      if (written.size < 1024) written.add(query as string)
      return rows
    }
  }
}

// Not a bigint: `formatQuery` writes one as a quoted string, so inside a transaction it would mean text.
const bindable = (value: unknown) =>
  value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))

/** The type PostgreSQL gives a numeric literal (https://www.postgresql.org/docs/current/sql-syntax-lexical.html, 4.1.2.6). */
function literalType(value: number): string {
  if (!Number.isInteger(value)) return 'numeric'
  const magnitude = Math.abs(value)
  if (magnitude <= 2147483647) return 'int4'
  return magnitude < 2 ** 63 ? 'int8' : 'numeric'
}

/**
 * `sql` with its `?` placeholders numbered `$1`, `$2`, … in order, a number's cast to its literal type and a
 * boolean's to `boolean` (so `data -> ?` with 1 still indexes an array, `? > ?` with 10 and 9 still compares numbers);
 * undefined when it has a `??` or `\?` (which `formatQuery` reads otherwise) or not one placeholder per value.
 */
export function placeholders(sql: string, params: readonly unknown[]): string | undefined {
  let text = ''
  let from = 0
  let n = 0
  for (let at = sql.indexOf('?'); at !== -1; at = sql.indexOf('?', at + 1)) {
    if (sql[at + 1] === '?' || sql[at - 1] === '\\' || n === params.length) return undefined
    const value = params[n]
    const cast = typeof value === 'number' ? `::${literalType(value)}` : typeof value === 'boolean' ? '::boolean' : ''
    text += `${sql.slice(from, at)}$${++n}${cast}`
    from = at + 1
  }
  return n === params.length ? text + sql.slice(from) : undefined
}
