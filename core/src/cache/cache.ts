import { Counter, type Registry } from 'prom-client'
import { openTransactionEm } from '../db/current-em.ts'
import { deepFreeze } from './freeze.ts'

/** What a cache store must do; values are JSON-serialisable. */
export interface CacheStore {
  get(key: string): Promise<string | undefined>
  getMany(keys: string[]): Promise<Array<string | undefined>>
  set(key: string, value: string, ttlSeconds: number): Promise<void>
  /** Sets the key only if it has no value; true when it was set. */
  add(key: string, value: string, ttlSeconds: number): Promise<boolean>
  del(keys: string[]): Promise<void>
  incr(key: string): Promise<number>
  /**
   * Optional: the value already parsed from its JSON (undefined when there is none), shared by every reader
   * and frozen. An in-process store keeps it parsed; a store without this is read as text and parsed.
   */
  getParsed?(key: string): Promise<unknown>
  /** Optional: `getParsed` of several keys at once. */
  getManyParsed?(keys: string[]): Promise<unknown[]>
  /** Optional, for a store in this process: `get` answered at once, without a promise. */
  peek?(key: string): string | undefined
  /** Optional, likewise: `getParsed` answered at once. */
  peekParsed?(key: string): unknown
  /** Optional, likewise: what `decode` makes of the stored text, kept beside it (see `Cache.peekDecoded`). */
  peekDecoded?<T>(key: string, decode: (raw: string) => T): T | undefined
}

/** How long after an invalidation its keys are deleted once more, milliseconds (see `Cache.invalidate`). */
export const INVALIDATION_SETTLE_MS = 1000

/**
 * The engine's cache: Redis when REDIS_URL is set, in-process otherwise. Invalidation is explicit:
 * delete a key, or bump a tag to orphan every key read under that tag's previous version.
 */
export class Cache {
  /** Reads per area (the key's text before its first `:`), published to the two counters when scraped. */
  #reads = new Map<string, { hits: number; misses: number }>()
  /** The delayed second deletes of `invalidate` not yet run. */
  readonly #secondDeletes = new Set<Promise<void>>()
  private readonly store: CacheStore
  private readonly namespace: string

  constructor(store: CacheStore, namespace: string, registry: Registry) {
    this.store = store
    this.namespace = namespace
    // Counted in plain numbers on the read path (a labelled inc hashes its labels on every call) and
    // handed to prom-client at scrape time.
    const reads = this.#reads
    new Counter({
      name: 'edu_cache_hits_total', help: 'Cache reads that found a value', labelNames: ['area'], registers: [registry],
      collect() {
        this.reset()
        for (const [area, n] of reads) this.inc({ area }, n.hits)
      },
    })
    new Counter({
      name: 'edu_cache_misses_total', help: 'Cache reads that found nothing', labelNames: ['area'], registers: [registry],
      collect() {
        this.reset()
        for (const [area, n] of reads) this.inc({ area }, n.misses)
      },
    })
  }

  #key(key: string) {
    return `${this.namespace}:${key}`
  }

  #count(key: string, raw: unknown) {
    const area = key.slice(0, key.indexOf(':') >>> 0)
    let n = this.#reads.get(area)
    if (!n) this.#reads.set(area, (n = { hits: 0, misses: 0 }))
    if (raw === undefined) n.misses += 1
    else n.hits += 1
  }

  // The read path is plain promise chains, not async functions awaiting each other: a hit is one store
  // promise and one continuation (this runs several times on every signed-in request).

  /**
   * The value stored under the key, or undefined. It may be shared with other readers and frozen (the
   * in-process store hands out one parsed copy): never change it; copy it to change it.
   */
  get<T>(key: string): Promise<T | undefined> {
    if (this.store.getParsed) {
      return this.store.getParsed(this.#key(key)).then(
        (value) => {
          this.#count(key, value)
          return value as T | undefined
        },
        () => {
          this.#count(key, undefined)
          return undefined
        },
      )
    }
    return this.store.get(this.#key(key)).then(
      (raw) => {
        this.#count(key, raw)
        return raw === undefined ? undefined : (JSON.parse(raw) as T)
      },
      () => {
        this.#count(key, undefined)
        return undefined
      },
    )
  }

  /**
   * The value under the key at once, without a promise, when the store is in this process and has it
   * (shared and frozen as `get`'s are); undefined when it has none or answers only asynchronously (Redis):
   * then read it with `get`. Only a value found counts as a read, so a miss followed by `get` counts once.
   */
  peek<T>(key: string): T | undefined {
    const value = this.store.peekParsed?.(this.#key(key))
    if (value !== undefined) this.#count(key, value)
    return value as T | undefined
  }

  /** `peek` of the stored JSON text (see `getRaw`). */
  peekRaw(key: string): string | undefined {
    const raw = this.store.peek?.(this.#key(key))
    if (raw !== undefined) this.#count(key, raw)
    return raw
  }

  /**
   * `peekRaw` with the text decoded by `decode` (a reply built from it, a header split off), decoded once per
   * stored value: the in-process store keeps the result beside the value until the value changes or expires,
   * so a hit on the same value costs no decoding and no new string. Undefined as `peekRaw` (then read with
   * `getRaw` and decode). `decode` must be one function kept for the purpose, not a new closure per call, and
   * its result is shared: never change it.
   */
  peekDecoded<T>(key: string, decode: (raw: string) => T): T | undefined {
    const value = this.store.peekDecoded?.(this.#key(key), decode)
    if (value !== undefined) this.#count(key, value)
    return value
  }

  /** The stored JSON text, for handlers that send it as it is. */
  getRaw(key: string): Promise<string | undefined> {
    return this.store.get(this.#key(key)).then(
      (raw) => {
        this.#count(key, raw)
        return raw
      },
      () => {
        this.#count(key, undefined)
        return undefined
      },
    )
  }

  /** Several values in one round trip; undefined where there is none. Shared and frozen as `get`'s are. */
  getMany<T>(keys: string[]): Promise<Array<T | undefined>> {
    if (this.store.getManyParsed && keys.length > 0) {
      return this.store.getManyParsed(keys.map((k) => this.#key(k))).then(
        (values) => {
          for (let i = 0; i < keys.length; i++) this.#count(keys[i]!, values[i])
          return values as Array<T | undefined>
        },
        () => {
          for (const key of keys) this.#count(key, undefined)
          return keys.map(() => undefined)
        },
      )
    }
    return this.getManyRaw(keys).then((raws) => raws.map((raw) => (raw === undefined ? undefined : (JSON.parse(raw) as T))))
  }

  /** Several stored texts in one round trip (see `getRaw`); undefined where there is none. */
  getManyRaw(keys: string[]): Promise<Array<string | undefined>> {
    if (keys.length === 0) return Promise.resolve([])
    return this.store.getMany(keys.map((k) => this.#key(k))).then(
      (raws) => {
        for (let i = 0; i < keys.length; i++) this.#count(keys[i]!, raws[i])
        return raws
      },
      () => {
        for (const key of keys) this.#count(key, undefined)
        return keys.map(() => undefined)
      },
    )
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.setRaw(key, JSON.stringify(value), ttlSeconds)
  }

  async setRaw(key: string, json: string, ttlSeconds: number): Promise<void> {
    await this.store.set(this.#key(key), json, ttlSeconds).catch(() => {})
  }

  /** Stores the value only if the key has none; true when it did (false too when the store cannot be reached). */
  async add(key: string, value: unknown, ttlSeconds: number): Promise<boolean> {
    return this.store.add(this.#key(key), JSON.stringify(value), ttlSeconds).catch(() => false)
  }

  async del(...keys: string[]): Promise<void> {
    if (keys.length) await this.store.del(keys.map((k) => this.#key(k))).catch(() => {})
  }

  /**
   * Forgets entries filled from database rows that a write has changed; call it once the write has
   * committed. A reader that read those rows just before the commit may store what it read just after
   * this delete, so the keys are deleted once more `INVALIDATION_SETTLE_MS` later (cache-aside's delayed
   * double delete). Left possible: a reader that read before the commit and stores more than a second
   * after it (stalled that long) keeps its entry until the entry's TTL. Use `del` for entries that are
   * not filled from the database (a second delete could drop a value set meanwhile on purpose).
   */
  async invalidate(...keys: string[]): Promise<void> {
    if (keys.length === 0) return
    const stored = keys.map((k) => this.#key(k))
    await this.store.del(stored).catch(() => {})
    const second = new Promise<void>((resolve) => {
      setTimeout(() => this.store.del(stored).catch(() => {}).then(resolve), INVALIDATION_SETTLE_MS).unref()
    })
    this.#secondDeletes.add(second)
    void second.then(() => this.#secondDeletes.delete(second))
  }

  /**
   * Resolves once the delayed second deletes of every `invalidate` made so far have run: what is stored
   * after it stays until it is invalidated again or expires. For tests that fill an entry after a write and
   * check it is kept.
   */
  async settled(): Promise<void> {
    await Promise.all([...this.#secondDeletes])
  }

  /**
   * Stores a value read from the database (a cache fill), except inside an open transaction: read through
   * it (see `currentEm`), the value may hold that transaction's uncommitted writes.
   */
  async fill(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    if (!openTransactionEm()) await this.setRaw(key, JSON.stringify(value), ttlSeconds)
  }

  /** `fill` with the stored text given. */
  async fillRaw(key: string, json: string, ttlSeconds: number): Promise<void> {
    if (!openTransactionEm()) await this.setRaw(key, json, ttlSeconds)
  }

  /**
   * Reads through: returns the cached value (shared, see `get`) or loads, stores (as `fill`) and returns it.
   * A loaded value comes back as a hit would: as stored (its JSON parsed again: a Date is its ISO text, an
   * undefined field is gone) and deep-frozen, whichever the store. So a caller that changes what it got fails
   * on the first read, a miss, and not only later on a hit of the in-process store. Costs a miss one parse.
   */
  wrap<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    // A hit is the read's own promise and one continuation (no async function around it).
    return this.get<T>(key).then((hit) => (hit !== undefined ? hit : this.#load(key, ttlSeconds, load)))
  }

  async #load<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    const value = await load()
    if (value === undefined) return value
    const json = JSON.stringify(value)
    await this.fillRaw(key, json, ttlSeconds)
    return deepFreeze(JSON.parse(json) as T)
  }

  /**
   * `version` at once, without a promise, when the store is in this process; undefined with Redis (then call
   * `version`).
   */
  peekVersion(tag: string): number | undefined {
    if (!this.store.peek) return undefined
    const raw = this.store.peek(this.#key(`tag:${tag}`))
    return raw === undefined ? 0 : Number(raw)
  }

  /** Current version of a tag; put it in keys that a bump of the tag should invalidate. */
  async version(tag: string): Promise<number> {
    const raw = await this.store.get(this.#key(`tag:${tag}`)).catch(() => undefined)
    return raw === undefined ? 0 : Number(raw)
  }

  /** Invalidates every key built with the tag's current version. */
  async bump(...tags: string[]): Promise<void> {
    await Promise.all(tags.map((tag) => this.store.incr(this.#key(`tag:${tag}`)).catch(() => 0)))
  }
}
