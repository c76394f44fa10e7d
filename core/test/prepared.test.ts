import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type TestEngine } from '@eduplatform/core/testing'
import { queryPrimary } from '../src/index.ts'
import { placeholders, StatementNames } from '../src/db/prepared.ts'

let t: TestEngine
let unnamed: TestEngine
beforeAll(async () => {
  t = await createTestEngine()
  unnamed = await createTestEngine({ config: { database: { preparedStatements: false } } })
  await t.app.orm.em.fork().execute('CREATE TABLE probe_t (id int PRIMARY KEY, data jsonb)')
  await t.app.orm.em.fork().execute(`INSERT INTO probe_t VALUES (1, '[10, 20, 30]'), (2, '{"1": "key one"}')`)
})
afterAll(async () => {
  await t?.close()
  await unnamed?.close()
})

const SQL = 'SELECT ? + ? AS n, ?::text AS s, ? AS b, ?::int IS NULL AS none, ? AS big, ? AS fraction'
const PARAMS = [2, 3, "it's \\ text", true, null, 3_000_000_000, 1.5]
const EXPECTED = [{ n: 5, s: "it's \\ text", b: true, none: true, big: '3000000000', fraction: '1.5' }]
/** The statements prepared on the connection this flow's next statement runs on (the pool lends its last idle connection). */
const preparedHere = async (engine: TestEngine) =>
  (await engine.app.orm.em.fork().execute<Array<{ statement: string }>>('SELECT statement FROM pg_prepared_statements')).map((r) => r.statement)
/** A statement run with the values written in (MikroORM's way, as inside a transaction) and bound (outside one). */
const bothWays = async (sql: string, params: unknown[]) => {
  const outcome = (run: Promise<unknown>) => run.then((ok) => ({ ok }), (error: Error) => ({ error: `${(error as { code?: string }).code} ${error.message}` }))
  const written = await outcome(t.app.orm.em.fork().transactional((em) => em.execute(sql, params)))
  const bound = await outcome(t.app.orm.em.fork().execute(sql, params))
  return { written, bound }
}

describe('raw statements with bound parameters', () => {
  it('numbers placeholders, casts numbers and booleans to their literal types, and refuses what formatQuery reads otherwise', () => {
    expect(placeholders('SELECT ?::uuid, ? FROM t WHERE a = ? AND b = ? AND c = ? AND d = ?', ['x', 1, 3_000_000_000, 1.5, false, null]))
      .toBe('SELECT $1::uuid, $2::int4 FROM t WHERE a = $3::int8 AND b = $4::numeric AND c = $5::boolean AND d = $6')
    expect(placeholders('SELECT ?', [1e20])).toBe('SELECT $1::numeric')
    expect(placeholders('SELECT ?? FROM t', ['t'])).toBeUndefined()
    expect(placeholders('SELECT \\? FROM t WHERE a = ?', [1])).toBeUndefined()
    expect(placeholders('SELECT ?, ?', [1, 2, 3])).toBeUndefined()
    expect(placeholders('SELECT ?, ?', [1])).toBeUndefined()
  })

  it('names a text on its third call, at most `max` texts, and sends a forgotten one unnamed', () => {
    const names = new StatementNames(2)
    expect([names.name('a'), names.name('a'), names.name('a'), names.name('a')]).toEqual([undefined, undefined, 'edu_1', 'edu_1'])
    expect(names.peek('a')).toBe('edu_1')
    for (let i = 0; i < 3; i++) names.name('b')
    expect(names.peek('b')).toBe('edu_2')
    for (let i = 0; i < 3; i++) expect(names.name('c')).toBeUndefined()
    names.forget('a')
    expect(names.name('a')).toBeUndefined()
    expect(names.peek('a')).toBeUndefined()
  })

  it('gives the rows the values written in give, prepared on the connection outside transactions', async () => {
    for (let i = 0; i < 3; i++) expect(await t.app.orm.em.fork().execute(SQL, PARAMS)).toEqual(EXPECTED)
    expect(await queryPrimary(t.app.orm, SQL, PARAMS)).toEqual(EXPECTED)
    expect(await preparedHere(t)).toContain(placeholders(SQL, PARAMS))
    await t.app.orm.em.fork().transactional(async (em) => {
      expect(await em.execute(SQL, PARAMS)).toEqual(EXPECTED)
    })
  })

  it('means what the values written in meant: operators, ordering and ranges chosen by the literal types', async () => {
    const cases: Array<[string, unknown[]]> = [
      ['SELECT data -> ? AS v FROM probe_t WHERE id = 1', [1]],
      ['SELECT data - ? AS v FROM probe_t WHERE id = 1', [0]],
      ['SELECT x FROM (VALUES (?), (?), (?)) v(x) ORDER BY x', [9, 10, 100]],
      ['SELECT count(*)::int AS n FROM probe_t WHERE id < ?', [3_000_000_000]],
      ['SELECT ? > ? AS gt, ? AS n, coalesce(?, ?) AS c', [10, 9, 5, null, 7]],
      ['SELECT ? AND ? AS both', [true, false]],
    ]
    for (const [sql, params] of cases) {
      const { written, bound } = await bothWays(sql, params)
      expect(written, sql).toHaveProperty('ok')
      expect(bound, sql).toEqual(written)
    }
  })

  it('sends again with the values written in what PostgreSQL refuses bound: untyped parameters, utility statements, several statements', async () => {
    const cases: Array<[string, unknown[]]> = [
      ['SELECT ? IS NULL AS none, round(?, 1) AS r', [null, 1.25]],
      ['SELECT 1 AS a; SELECT ?::int AS n', [1]],
      ['NOTIFY probe_channel, ?', ['x']],
      ['CREATE TEMP TABLE IF NOT EXISTS probe_ddl (a int DEFAULT ?)', [1]],
    ]
    for (const [sql, params] of cases) {
      for (let i = 0; i < 2; i++) {
        const { written, bound } = await bothWays(sql, params)
        expect(written, sql).toHaveProperty('ok')
        expect(bound, sql).toEqual(written)
      }
    }
    // A statement at fault fails as it did: with MikroORM's exception.
    const { written, bound } = await bothWays('SELECT ?::uuid AS id', ['not-a-uuid'])
    expect(written).toMatchObject({ error: expect.stringMatching(/invalid input syntax for type uuid/) })
    expect(bound).toEqual(written)
  })

  it('leaves arrays, dates, undefined, bigints and more than 65,535 values to MikroORM, which writes them into the text', async () => {
    const ids = ['01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-000000000002']
    expect(await t.app.orm.em.fork().execute('SELECT count(*)::int AS n FROM unnest(ARRAY[?]::uuid[]) AS u', [ids])).toEqual([{ n: 2 }])
    const at = new Date('2026-01-02T03:04:05.678Z')
    const [row] = await t.app.orm.em.fork().execute<Array<{ at: Date }>>('SELECT ?::timestamptz AS at', [at])
    expect(new Date(row!.at).toISOString()).toBe(at.toISOString())
    for (const [sql, params] of [['SELECT ?::text AS v', [undefined]], ['SELECT ? > ? AS gt', [10n, 9n]]] as const) {
      const { written, bound } = await bothWays(sql, [...params])
      expect(bound, sql).toEqual(written)
    }
    const many = Array.from({ length: 70_000 }, (_, i) => i)
    const { written, bound } = await bothWays(`SELECT count(*)::int AS n FROM probe_t WHERE id IN (${many.map(() => '?').join(', ')})`, many)
    expect(written).toEqual({ ok: [{ n: 2 }] })
    expect(bound).toEqual(written)
  })

  it('keeps MikroORM\'s errors: a constraint violation is still its exception', async () => {
    await t.app.orm.em.fork().execute('CREATE TABLE prepared_probe (id int PRIMARY KEY)')
    await t.app.orm.em.fork().execute('INSERT INTO prepared_probe (id) VALUES (?)', [1])
    await expect(t.app.orm.em.fork().execute('INSERT INTO prepared_probe (id) VALUES (?)', [1])).rejects.toMatchObject({ name: 'UniqueConstraintViolationException', code: '23505' })
  })

  it('sends again, unnamed, a statement whose prepared plan a migration made stale', async () => {
    await t.app.orm.em.fork().execute('CREATE TABLE prepared_stale (id int PRIMARY KEY)')
    await t.app.orm.em.fork().execute('INSERT INTO prepared_stale (id) VALUES (1)')
    const text = 'SELECT * FROM prepared_stale WHERE id = ?'
    const read = () => t.app.orm.em.fork().execute<Array<Record<string, unknown>>>(text, [1])
    for (let i = 0; i < 3; i++) expect(await read()).toEqual([{ id: 1 }])
    expect(await preparedHere(t)).toContain(placeholders(text, [1]))
    await t.app.orm.em.fork().execute('ALTER TABLE prepared_stale ADD COLUMN note text')
    expect(await read()).toEqual([{ id: 1, note: null }])
    expect(await read()).toEqual([{ id: 1, note: null }])
  })

  it('prepares nothing with `database.preparedStatements: false`, and binds the values all the same', async () => {
    for (let i = 0; i < 3; i++) expect(await unnamed.app.orm.em.fork().execute(SQL, PARAMS)).toEqual(EXPECTED)
    expect(await preparedHere(unnamed)).toEqual([])
  })
})
