import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type TestEngine } from '@eduplatform/core/testing'
import { pageBody } from '../src/catalog.ts'
import { courses } from '../src/index.ts'
import { iso } from '../src/views.ts'

let t: TestEngine

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses()] })
})
afterAll(async () => t?.close())

describe('iso', () => {
  const byDate = (value: string) => new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString()

  it('rewrites UTC timestamps as Date would, for every fraction length', () => {
    for (const value of [
      '2026-01-02 03:04:05+00', '2026-01-02 03:04:05.1+00', '2026-01-02 03:04:05.12+00', '2026-01-02 03:04:05.123+00',
      '2026-01-02 03:04:05.1239+00', '2026-01-02 03:04:05.12399+00', '2026-12-31 23:59:59.999999+00', '0999-01-01 00:00:00.5+00',
    ]) expect(iso(value), value).toBe(byDate(value))
  })

  it('keeps the Date path for other offsets and shapes', () => {
    expect(iso('2026-01-02 03:04:05.5+05:30')).toBe('2026-01-01T21:34:05.500Z')
    expect(iso('2026-01-02 03:04:05-02')).toBe('2026-01-02T05:04:05.000Z')
    expect(iso('2026-01-02T03:04:05.000Z')).toBe('2026-01-02T03:04:05.000Z')
    expect(iso(new Date(Date.UTC(2026, 0, 2)))).toBe('2026-01-02T00:00:00.000Z')
  })

  it('matches Date on the timestamps PostgreSQL prints', async () => {
    // As a server whose TimeZone is UTC prints them (microseconds with trailing zeros dropped, or none).
    const rows = await t.app.orm.em.fork().transactional(async (em) => {
      await em.execute(`SET LOCAL TIME ZONE 'UTC'`)
      return em.execute<Array<{ v: string }>>(
        `SELECT (timestamptz '2026-03-04 05:06:07.891234+00' + n * interval '1 second 1357 microseconds')::text AS v FROM generate_series(0, 400) AS n
         UNION ALL SELECT timestamptz '2026-03-04 05:06:07+00'::text`)
    })
    expect(rows.every(({ v }) => v.endsWith('+00'))).toBe(true)
    expect(new Set(rows.map(({ v }) => v.length)).size).toBeGreaterThan(3)
    for (const { v } of rows) expect(iso(v), v).toBe(byDate(v))
  })
})

describe('catalogue page bodies', () => {
  const card = (id: string, title: string) => {
    const json = JSON.stringify({ id, title })
    return { json, etag: `"${id}-${title.length}"` }
  }

  it('is the cards in order and the cursor', () => {
    const body = pageBody([card('a', 'One'), card('b', 'Two')], 'next')
    expect(JSON.parse(body.json)).toEqual({ items: [{ id: 'a', title: 'One' }, { id: 'b', title: 'Two' }], nextCursor: 'next' })
    expect(JSON.parse(pageBody([], null).json)).toEqual({ items: [], nextCursor: null })
  })

  it('has an ETag that changes with any card or the cursor, and only then', () => {
    const base = pageBody([card('a', 'One'), card('b', 'Two')], null).etag
    expect(pageBody([card('a', 'One'), card('b', 'Two')], null).etag).toBe(base)
    expect(pageBody([card('a', 'One'), card('b', 'Three')], null).etag).not.toBe(base)
    expect(pageBody([card('b', 'Two'), card('a', 'One')], null).etag).not.toBe(base)
    expect(pageBody([card('a', 'One')], null).etag).not.toBe(base)
    expect(pageBody([card('a', 'One'), card('b', 'Two')], 'next').etag).not.toBe(base)
    expect(base).toMatch(/^"[\w-]+"$/)
  })
})
