import { startEngine } from '@eduplatform/core'
import config from '../../edu.config.ts'

// `npm start` with the credential-route limits (per address and per account) lifted, so a load test measures the routes, not the limiter.
// BENCH_POOL_MAX (benchmarks only) sets the connection pool's size, to size it from the pool-wait histogram.
const poolMax = process.env.BENCH_POOL_MAX ? Number(process.env.BENCH_POOL_MAX) : undefined
// BENCH_IDLE_RECLAIM=0 (benchmarks only) switches off the collection when idle, to compare the engine with and without it.
const idleReclaim = process.env.BENCH_IDLE_RECLAIM === '0' ? { memory: { idleReclaim: false } } : {}
await startEngine({
  ...config,
  auth: { ...config.auth, rateLimit: { max: 1_000_000, timeWindowMs: 60_000 }, accountRateLimit: { max: 1_000_000, timeWindowMs: 60_000 }, accountCeiling: { max: 1_000_000, timeWindowMs: 60_000 } },
  ...idleReclaim,
  ...(poolMax ? { database: { ...config.database, pool: { ...config.database?.pool, max: poolMax } } } : {}),
})
