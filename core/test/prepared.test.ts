import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type TestEngine } from '@eduplatform/core/testing'
import { queryPrimary } from '../src/index.ts'
import { placeholders, StatementNames } from '../src/db/prepared.ts'

let t: TestEngine
let unnamed: TestEngine
beforeAll(async () => {
  t = await createTestEngine()
  unnamed = await createTestEngine({ config: { database: { preparedStatements: false } } })
})
afterAll(async () => {
  await t?.close()
  await unnamed?.close()
})

const SQL = 'SELECT ?::int + ?::int AS n, ?::text AS s, ?::boolean AS b, ?::int IS NULL AS none'
/** The statements prepared on the connection this flow's next statement runs on (the pool lends its last idle connection). */
const preparedHere = async (engine: TestEngine) =>
  (await engine.app.orm.em.fork().execute<Array<{ statement: string }>>('SELECT statement FROM pg_prepared_statements')).map((r) => r.statement)

describe('raw statements with bound parameters', () => {
  it('numbers placeholders and refuses what formatQuery reads otherwise', () => {
    expect(placeholders('SELECT ?::uuid, ? FROM t WHERE a = ?', 3)).toBe('SELECT $1::uuid, $2 FROM t WHERE a = $3')
    expect(placeholders('SELECT 1', 0)).toBe('SELECT 1')
    expect(placeholders('SELECT ?? FROM t', 1)).toBeUndefined()
    expect(placeholders('SELECT \\? FROM t WHERE a = ?', 1)).toBeUndefined()
    expect(placeholders('SELECT ?, ?', 3)).toBeUndefined()
    expect(placeholders('SELECT ?, ?', 1)).toBeUndefined()
  })

  it('names at most `max` texts, each once, and sends a forgotten one unnamed', () => {
    const names = new StatementNames(2)
    expect(names.name('a')).toBe('edu_1')
    expect(names.name('a')).toBe('edu_1')
    expect(names.name('b')).toBe('edu_2')
    expect(names.name('c')).toBeUndefined()
    expect(names.peek('c')).toBeUndefined()
    names.forget('a')
    expect(names.name('a')).toBeUndefined()
  })

  it('gives the same rows as written-in values, prepared on the connection outside transactions', async () => {
    const params = [2, 3, "it's \\ text", true, null]
    const expected = [{ n: 5, s: "it's \\ text", b: true, none: true }]
    expect(await t.app.orm.em.fork().execute(SQL, params)).toEqual(expected)
    expect(await queryPrimary(t.app.orm, SQL, params)).toEqual(expected)
    expect(await preparedHere(t)).toContain(placeholders(SQL, params.length))
    // Inside a transaction, MikroORM's way: the values written in.
    await t.app.orm.em.fork().transactional(async (em) => {
      expect(await em.execute(SQL, params)).toEqual(expected)
    })
  })

  it('sends again with the values written in what PostgreSQL cannot type with untyped parameters', async () => {
    const untyped = 'SELECT ? IS NULL AS none, round(?, 1) AS r'
    for (let i = 0; i < 2; i++) expect(await t.app.orm.em.fork().execute(untyped, [null, 1.25])).toEqual([{ none: true, r: '1.3' }])
    expect(await preparedHere(t)).not.toContain(placeholders(untyped, 2))
    // A statement at fault fails as it did: with MikroORM's exception.
    await expect(t.app.orm.em.fork().execute('SELECT ?::uuid AS id', ['not-a-uuid'])).rejects.toThrow(/invalid input syntax for type uuid/)
  })

  it('leaves arrays, dates and objects to MikroORM, which writes them into the text', async () => {
    const ids = ['01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-000000000002']
    expect(await t.app.orm.em.fork().execute('SELECT count(*)::int AS n FROM unnest(ARRAY[?]::uuid[]) AS u', [ids])).toEqual([{ n: 2 }])
    const at = new Date('2026-01-02T03:04:05.678Z')
    const [row] = await t.app.orm.em.fork().execute<Array<{ at: Date }>>('SELECT ?::timestamptz AS at', [at])
    expect(new Date(row!.at).toISOString()).toBe(at.toISOString())
  })

  it('keeps MikroORM\'s errors: a constraint violation is still its exception', async () => {
    await t.app.orm.em.fork().execute('CREATE TABLE prepared_probe (id int PRIMARY KEY)')
    await t.app.orm.em.fork().execute('INSERT INTO prepared_probe (id) VALUES (?)', [1])
    await expect(t.app.orm.em.fork().execute('INSERT INTO prepared_probe (id) VALUES (?)', [1])).rejects.toThrow(/duplicate key/)
    await expect(t.app.orm.em.fork().execute('INSERT INTO prepared_probe (id) VALUES (?)', [1])).rejects.toMatchObject({ name: 'UniqueConstraintViolationException' })
  })

  it('sends again, unnamed, a statement whose prepared plan a migration made stale', async () => {
    await t.app.orm.em.fork().execute('CREATE TABLE prepared_stale (id int PRIMARY KEY)')
    await t.app.orm.em.fork().execute('INSERT INTO prepared_stale (id) VALUES (1)')
    const text = 'SELECT * FROM prepared_stale WHERE id = ?'
    const read = () => t.app.orm.em.fork().execute<Array<Record<string, unknown>>>(text, [1])
    expect(await read()).toEqual([{ id: 1 }])
    expect(await preparedHere(t)).toContain(placeholders(text, 1))
    await t.app.orm.em.fork().execute('ALTER TABLE prepared_stale ADD COLUMN note text')
    expect(await read()).toEqual([{ id: 1, note: null }])
    expect(await read()).toEqual([{ id: 1, note: null }])
  })

  it('prepares nothing with `database.preparedStatements: false`, and binds the values all the same', async () => {
    expect(await unnamed.app.orm.em.fork().execute(SQL, [1, 1, 'x', false, 1])).toEqual([{ n: 2, s: 'x', b: false, none: false }])
    expect(await preparedHere(unnamed)).toEqual([])
  })
})
