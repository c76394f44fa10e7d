import type { CacheStore } from './cache.ts'

/** In-process store with TTLs and a size bound (oldest entries go first). */
export class MemoryStore implements CacheStore {
  #entries = new Map<string, { value: string; expires: number }>()

  private readonly maxEntries: number

  constructor(maxEntries = 50_000) {
    this.maxEntries = maxEntries
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.#read(key, Date.now()))
  }

  /** One promise for all the keys (not one each). */
  getMany(keys: string[]): Promise<Array<string | undefined>> {
    const now = Date.now()
    return Promise.resolve(keys.map((key) => this.#read(key, now)))
  }

  #read(key: string, now: number): string | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.expires < now) {
      this.#entries.delete(key)
      return undefined
    }
    return entry.value
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

  async incr(key: string): Promise<number> {
    const next = Number((await this.get(key)) ?? 0) + 1
    this.#entries.set(key, { value: String(next), expires: Number.MAX_SAFE_INTEGER })
    return next
  }
}
