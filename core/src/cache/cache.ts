import { Counter, type Registry } from 'prom-client'
import { openTransactionEm } from '../db/current-em.ts'

/** What a cache store must do; values are JSON-serialisable. */
export interface CacheStore {
  get(key: string): Promise<string | undefined>
  getMany(keys: string[]): Promise<Array<string | undefined>>
  set(key: string, value: string, ttlSeconds: number): Promise<void>
  /** Sets the key only if it has no value; true when it was set. */
  add(key: string, value: string, ttlSeconds: number): Promise<boolean>
  del(keys: string[]): Promise<void>
  incr(key: string): Promise<number>
}

/**
 * The engine's cache: Redis when REDIS_URL is set, in-process otherwise. Invalidation is explicit:
 * delete a key, or bump a tag to orphan every key read under that tag's previous version.
 */
export class Cache {
  #hits: Counter
  #misses: Counter
  private readonly store: CacheStore
  private readonly namespace: string

  constructor(store: CacheStore, namespace: string, registry: Registry) {
    this.store = store
    this.namespace = namespace
    this.#hits = new Counter({ name: 'edu_cache_hits_total', help: 'Cache reads that found a value', labelNames: ['area'], registers: [registry] })
    this.#misses = new Counter({ name: 'edu_cache_misses_total', help: 'Cache reads that found nothing', labelNames: ['area'], registers: [registry] })
  }

  #key(key: string) {
    return `${this.namespace}:${key}`
  }

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.getRaw(key)
    return raw === undefined ? undefined : (JSON.parse(raw) as T)
  }

  /** The stored JSON text, for handlers that send it as it is. */
  async getRaw(key: string): Promise<string | undefined> {
    const raw = await this.store.get(this.#key(key)).catch(() => undefined)
    const area = key.slice(0, key.indexOf(':') >>> 0)
    ;(raw === undefined ? this.#misses : this.#hits).inc({ area })
    return raw
  }

  /** Several values in one round trip; undefined where there is none. */
  async getMany<T>(keys: string[]): Promise<Array<T | undefined>> {
    const raws = await this.getManyRaw(keys)
    return raws.map((raw) => (raw === undefined ? undefined : (JSON.parse(raw) as T)))
  }

  /** Several stored texts in one round trip (see `getRaw`); undefined where there is none. */
  async getManyRaw(keys: string[]): Promise<Array<string | undefined>> {
    if (keys.length === 0) return []
    const raws = await this.store.getMany(keys.map((k) => this.#key(k))).catch(() => keys.map(() => undefined))
    raws.forEach((raw, i) => {
      const area = keys[i]!.slice(0, keys[i]!.indexOf(':') >>> 0)
      ;(raw === undefined ? this.#misses : this.#hits).inc({ area })
    })
    return raws
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

  /** Reads through: returns the cached value or loads, stores (as `fill`) and returns it. */
  async wrap<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    const hit = await this.get<T>(key)
    if (hit !== undefined) return hit
    const value = await load()
    if (value !== undefined) await this.fill(key, value, ttlSeconds)
    return value
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
