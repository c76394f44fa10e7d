import type { Redis } from 'ioredis'
import type { CacheStore } from './cache.ts'

/** Redis-backed store; shared by every engine instance on the same Redis. */
export class RedisStore implements CacheStore {
  private readonly redis: Redis

  constructor(redis: Redis) {
    this.redis = redis
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(key)) ?? undefined
  }

  async getMany(keys: string[]): Promise<Array<string | undefined>> {
    return (await this.redis.mget(...keys)).map((v) => v ?? undefined)
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, value, 'EX', Math.max(1, Math.round(ttlSeconds)))
  }

  async add(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.set(key, value, 'EX', Math.max(1, Math.round(ttlSeconds)), 'NX')) === 'OK'
  }

  async del(keys: string[]): Promise<void> {
    await this.redis.del(...keys)
  }

  async incr(key: string): Promise<number> {
    return this.redis.incr(key)
  }
}
