import type { CacheStore } from './cache.ts'
import { deepFreeze } from './freeze.ts'

interface Entry {
  value: string
  expires: number
  /** The value parsed from JSON and deep-frozen, made on its first `getParsed` (undefined before). */
  parsed?: unknown
  /** What `peekDecoded` made of the value, and the decoder that made it. */
  decoded?: { decode: (raw: string) => unknown; value: unknown }
}

/**
 * In-process store with TTLs and a size bound (oldest entries go first). It keeps each value's text and,
 * once read through `getParsed`, its parsed form: a hit then costs no `JSON.parse`. Parsed values are
 * shared by every reader, so they are frozen (deeply): a caller that changes one throws a TypeError.
 */
export class MemoryStore implements CacheStore {
  #entries = new Map<string, Entry>()

  private readonly maxEntries: number

  constructor(maxEntries = 50_000) {
    this.maxEntries = maxEntries
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.peek(key))
  }

  /** `get` without a promise. */
  peek(key: string): string | undefined {
    return this.#read(key, Date.now())?.value
  }

  /** One promise for all the keys (not one each). */
  getMany(keys: string[]): Promise<Array<string | undefined>> {
    const now = Date.now()
    return Promise.resolve(keys.map((key) => this.#read(key, now)?.value))
  }

  /** The value parsed from its JSON, frozen; parsed on the first read only. Undefined when there is none. */
  getParsed(key: string): Promise<unknown> {
    return Promise.resolve(this.peekParsed(key))
  }

  /** `getParsed` without a promise. */
  peekParsed(key: string): unknown {
    return parsedOf(this.#read(key, Date.now()))
  }

  /**
   * What `decode` makes of the value's text, made on the first call with that decoder and kept beside the value
   * until it changes or expires (a reply's text, a header split off): a hit costs a lookup. `decode` must be
   * one function kept for the purpose (not a new closure per call) and what it returns must not be changed.
   */
  peekDecoded<T>(key: string, decode: (raw: string) => T): T | undefined {
    const entry = this.#read(key, Date.now())
    if (!entry) return undefined
    if (entry.decoded?.decode !== decode) entry.decoded = { decode, value: decode(entry.value) }
    return entry.decoded.value as T
  }

  /** `getParsed` of several keys in one promise. */
  getManyParsed(keys: string[]): Promise<unknown[]> {
    const now = Date.now()
    return Promise.resolve(keys.map((key) => parsedOf(this.#read(key, now))))
  }

  #read(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.expires < now) {
      this.#entries.delete(key)
      return undefined
    }
    return entry
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.#put(key, value, ttlSeconds)
  }

  #put(key: string, value: string, ttlSeconds: number) {
    this.#entries.delete(key)
    this.#entries.set(key, { value, expires: Date.now() + ttlSeconds * 1000 })
    if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!)
  }

  async add(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    const entry = this.#entries.get(key)
    if (entry && entry.expires >= Date.now()) return false
    this.#put(key, value, ttlSeconds)
    return true
  }

  async del(keys: string[]): Promise<void> {
    for (const key of keys) this.#entries.delete(key)
  }

  /**
   * Adds 1 to the key's integer and resolves to the new value, as Redis INCR does: read and write happen at
   * once, so increments made in the same tick each count; a key with no value (or an expired one) counts from
   * 0 and never expires; a key with a TTL keeps it. Rejects when the value is not an integer.
   */
  incr(key: string): Promise<number> {
    const entry = this.#read(key, Date.now())
    const current = entry === undefined ? 0 : /^-?\d+$/.test(entry.value) ? Number(entry.value) : NaN
    if (!Number.isSafeInteger(current)) {
      return Promise.reject(new Error(`cannot increment ${key}: its value is not an integer`))
    }
    const next = current + 1
    if (entry === undefined) this.#put(key, String(next), Infinity)
    else this.#entries.set(key, { value: String(next), expires: entry.expires })
    return Promise.resolve(next)
  }
}

function parsedOf(entry: Entry | undefined): unknown {
  if (!entry) return undefined
  if (entry.parsed === undefined) entry.parsed = deepFreeze(JSON.parse(entry.value))
  return entry.parsed
}
