import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowOf } from '../src/db/pool-wait.ts'
import { createTestEngine, type TestEngine } from '../src/testing/index.ts'

let t: TestEngine
beforeAll(async () => {
  t = await createTestEngine({ plugins: [] })
})
afterAll(async () => t?.close())

/** The value of one metric line with exactly these labels. */
async function metric(name: string, flow: string): Promise<number | undefined> {
  const res = await t.inject({ method: 'GET', url: '/metrics' })
  const line = res.body.split('\n').find((l) => l.startsWith(`${name}{flow="${flow}"} `))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}

describe('flowOf', () => {
  it('names a statement by its verb and first table or function, tx: inside a transaction', () => {
    expect(flowOf('SELECT id, title FROM courses WHERE id = 1', false)).toBe('SELECT courses')
    expect(flowOf('insert into "enrollments" (id) values (1)', true)).toBe('tx:INSERT enrollments')
    expect(flowOf('UPDATE courses SET n = (SELECT count(*) FROM course_modules)', false)).toBe('UPDATE courses')
    expect(flowOf('SELECT * FROM enrollment_complete_lessons(1, 2)', true)).toBe('tx:SELECT enrollment_complete_lessons')
    expect(flowOf(`SELECT ${'c.updated_at, '.repeat(60)}c.id FROM courses c`, false)).toBe('SELECT courses')
    expect(flowOf('SELECT 1', false)).toBe('SELECT')
  })
})

describe('pool hold metrics', () => {
  it('count each checkout under its flow, with its hold time and its statements (round trips)', async () => {
    const em = () => t.app.orm.em.fork()
    await em().execute('SELECT count(*) FROM pg_class')
    await em().transactional(async (trx) => {
      await trx.execute('SELECT nspname FROM pg_namespace LIMIT 1')
      await trx.execute('SELECT 1 FROM pg_namespace LIMIT 1')
    })
    expect(await metric('edu_db_pool_hold_seconds_count', 'SELECT pg_class')).toBe(1)
    expect(await metric('edu_db_pool_statements_total', 'SELECT pg_class')).toBe(1)
    expect(await metric('edu_db_pool_hold_seconds_count', 'tx:SELECT pg_namespace')).toBe(1)
    // BEGIN, the two statements, COMMIT.
    expect(await metric('edu_db_pool_statements_total', 'tx:SELECT pg_namespace')).toBe(4)
    expect(await metric('edu_db_pool_hold_seconds_sum', 'tx:SELECT pg_namespace')).toBeGreaterThan(0)
  })
})
