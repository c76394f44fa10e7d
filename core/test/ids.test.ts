import { describe, expect, it } from 'vitest'
import { newId } from '../src/db/ids.ts'

describe('newId', () => {
  it('makes RFC 9562 version 7 UUIDs: the time in ms first, then version 7, variant 10, random bits', () => {
    const before = Date.now()
    const ids = Array.from({ length: 10_000 }, () => newId())
    const after = Date.now()
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16)
      expect(ms).toBeGreaterThanOrEqual(before)
      expect(ms).toBeLessThanOrEqual(after)
    }
    // Ids of later milliseconds sort after earlier ones.
    const sorted = [...ids].sort()
    expect(sorted.map((id) => id.slice(0, 13))).toEqual(ids.map((id) => id.slice(0, 13)))
  })
})
