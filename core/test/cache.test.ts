import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { INVALIDATION_SETTLE_MS } from '../src/cache/cache.ts'
import { createTestEngine, type TestEngine } from '../src/testing/index.ts'

const redisUrl = inject('eduRedisUrl')

let t: TestEngine
beforeAll(async () => {
  t = await createTestEngine()
})
afterAll(async () => t?.close())

describe(`the cache (${redisUrl ? 'Redis' : 'in-process'})`, () => {
  it('stores, expires and deletes values', async () => {
    const { cache } = t.app
    await cache.set('test:a', { n: 1 }, 60)
    expect(await cache.get('test:a')).toEqual({ n: 1 })
    await cache.del('test:a')
    expect(await cache.get('test:a')).toBeUndefined()
    await cache.set('test:b', 'short', 1)
    await new Promise((r) => setTimeout(r, 1100))
    expect(await cache.get('test:b')).toBeUndefined()
  })

  it('invalidates a family of keys by bumping its tag', async () => {
    const { cache } = t.app
    const key = async () => `test:list:v${await cache.version('catalogue')}:page1`
    let loads = 0
    const load = async () => ({ loads: ++loads })
    expect(await cache.wrap(await key(), 60, load)).toEqual({ loads: 1 })
    expect(await cache.wrap(await key(), 60, load)).toEqual({ loads: 1 })
    await cache.bump('catalogue')
    expect(await cache.wrap(await key(), 60, load)).toEqual({ loads: 2 })
  })

  it('counts every bump of a tag, also several in the same tick (as Redis INCR does)', async () => {
    const { cache } = t.app
    const before = await cache.version('test-concurrent')
    await Promise.all([cache.bump('test-concurrent'), cache.bump('test-concurrent'), cache.bump('test-concurrent')])
    expect(await cache.version('test-concurrent')).toBe(before + 3)
  })

  it(redisUrl ? 'hands every reader its own copy of a value (parsed from Redis)' : 'hands every reader one parsed copy of a value, deep-frozen, so a hit costs no parse and no reader can change it', async () => {
    const { cache } = t.app
    await cache.set('test:shared', { course: { title: 'Soil' }, tags: ['a'] }, 60)
    const [first, second] = [await cache.get<{ course: { title: string }; tags: string[] }>('test:shared'), (await cache.getMany<{ course: { title: string }; tags: string[] }>(['test:shared']))[0]]
    expect(first).toEqual({ course: { title: 'Soil' }, tags: ['a'] })
    if (redisUrl) {
      expect(second).not.toBe(first)
      return
    }
    expect(second).toBe(first)
    expect(Object.isFrozen(first) && Object.isFrozen(first!.course) && Object.isFrozen(first!.tags)).toBe(true)
    expect(() => { first!.course.title = 'changed' }).toThrow(TypeError)
    expect(() => first!.tags.push('b')).toThrow(TypeError)
    // A new value is parsed anew.
    await cache.set('test:shared', { course: { title: 'Rocks' }, tags: [] }, 60)
    expect(await cache.get('test:shared')).toEqual({ course: { title: 'Rocks' }, tags: [] })
  })

  it('hands back a value loaded on a miss as a hit would: as stored (JSON) and deep-frozen, whichever the store', async () => {
    const { cache } = t.app
    type Loaded = { course: { title: string; at: string }; tags: string[] }
    const load = async () => ({ course: { title: 'Soil', at: new Date('2026-01-02T03:04:05.000Z') }, tags: ['a'], gone: undefined }) as unknown as Loaded
    const stored = { course: { title: 'Soil', at: '2026-01-02T03:04:05.000Z' }, tags: ['a'] }
    const miss = await cache.wrap('test:wrapped', 60, load)
    expect(miss).toStrictEqual(stored)
    expect(Object.isFrozen(miss) && Object.isFrozen(miss.course) && Object.isFrozen(miss.tags)).toBe(true)
    // A caller that changes it fails on the first (missing) read, not only later on a hit of the in-process store.
    expect(() => miss.tags.push('b')).toThrow(TypeError)
    expect(await cache.wrap('test:wrapped', 60, load)).toStrictEqual(stored)
    // Inside an open transaction the value is not stored (see fill), and handed back the same way.
    await t.app.orm.em.fork().transactional(async () => {
      const inside = await cache.wrap('test:wrapped-in-transaction', 60, load)
      expect(inside).toStrictEqual(stored)
      expect(Object.isFrozen(inside.course)).toBe(true)
    })
    expect(await cache.get('test:wrapped-in-transaction')).toBeUndefined()
  })

  it(redisUrl ? 'has nothing to peek at: every read of Redis is a round trip' : 'answers a peek at once from the in-process store, as get would, and nothing once the key is deleted', async () => {
    const { cache } = t.app
    await cache.set('test:peek', { n: 1 }, 60)
    if (redisUrl) {
      expect(cache.peek('test:peek')).toBeUndefined()
      expect(cache.peekRaw('test:peek')).toBeUndefined()
      return
    }
    expect(cache.peek('test:peek')).toBe(await cache.get('test:peek'))
    expect(cache.peekRaw('test:peek')).toBe('{"n":1}')
    await cache.invalidate('test:peek')
    expect(cache.peek('test:peek')).toBeUndefined()
    expect(cache.peekRaw('test:peek')).toBeUndefined()
  })

  it(redisUrl ? 'decodes nothing at once with Redis: peekDecoded and peekVersion leave it to the asynchronous reads' : 'decodes a stored text once per value (peekDecoded) and tells a tag version at once (peekVersion)', async () => {
    const { cache } = t.app
    let decoded = 0
    const decode = (raw: string) => ({ decoded: ++decoded, text: `${raw}!` })
    await cache.setRaw('test:decoded', '{"n":1}', 60)
    if (redisUrl) {
      expect(cache.peekDecoded('test:decoded', decode)).toBeUndefined()
      expect(cache.peekVersion('test-tag')).toBeUndefined()
      expect(decoded).toBe(0)
      return
    }
    const first = cache.peekDecoded('test:decoded', decode)
    expect(first).toEqual({ decoded: 1, text: '{"n":1}!' })
    expect(cache.peekDecoded('test:decoded', decode), 'decoded again').toBe(first)
    // Another decoder decodes for itself; a new value is decoded anew; a deleted one is gone.
    expect(cache.peekDecoded('test:decoded', (raw) => raw.length)).toBe(7)
    await cache.setRaw('test:decoded', '{"n":2}', 60)
    expect(cache.peekDecoded('test:decoded', decode)).toEqual({ decoded: 2, text: '{"n":2}!' })
    await cache.del('test:decoded')
    expect(cache.peekDecoded('test:decoded', decode)).toBeUndefined()

    const tag = `test-tag-${Date.now()}`
    expect(cache.peekVersion(tag)).toBe(0)
    await cache.bump(tag)
    expect(cache.peekVersion(tag)).toBe(await cache.version(tag))
    expect(cache.peekVersion(tag)).toBe(1)
  })

  it('deletes invalidated entries once more a moment later, so a fill of rows read before the write does not stay', async () => {
    const { cache } = t.app
    await cache.set('test:row', { title: 'new' }, 60)
    await cache.invalidate('test:row')
    // A reader that read the row before the write committed stores it just after the invalidation.
    await cache.fill('test:row', { title: 'old' }, 60)
    await cache.settled()
    expect(await cache.get('test:row'), 'the stale fill stayed').toBeUndefined()
    // A fill after that settle is kept.
    await cache.fill('test:row', { title: 'new' }, 60)
    await new Promise((r) => setTimeout(r, INVALIDATION_SETTLE_MS + 200))
    expect(await cache.get('test:row')).toEqual({ title: 'new' })
  })

  it('counts hits and misses for the metrics', async () => {
    await t.app.cache.get('test:missing')
    const metrics = (await t.inject({ method: 'GET', url: '/metrics' })).body
    expect(metrics).toMatch(/edu_cache_misses_total\{area="test"\} [1-9]/)
    expect(metrics).toMatch(/edu_cache_hits_total\{area="test"\} [1-9]/)
  })

  it('keeps serving from the database when the cache store fails', async () => {
    const student = await t.asStudent()
    const store = (t.app.cache as unknown as { store: Record<string, unknown> }).store
    const broken = async () => { throw new Error('store down') }
    const saved = { get: store.get, getMany: store.getMany, set: store.set }
    Object.assign(store, { get: broken, getMany: broken, set: broken })
    try {
      const me = await student.inject({ method: 'GET', url: '/api/v1/auth/me' })
      expect(me.statusCode).toBe(200)
      expect(me.json().id).toBe(student.user.id)
    } finally {
      Object.assign(store, saved)
    }
  })
})
