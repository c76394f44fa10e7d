import { startEngine } from '@eduplatform/core'
import { aiTutor } from '@eduplatform/plugin-ai-tutor'
import config from '../../edu.config.ts'

// `npm start` with the offline AI tutor and its per-user limits lifted, so a load test measures the routes.
const plugins = config.plugins.map((p) => (p.manifest.name === 'ai-tutor' ? aiTutor({ provider: 'offline', ratePerMinute: 1e9, dailyQuota: 1e9 }) : p))
// BENCH_IDLE_RECLAIM=0 (benchmarks only) switches off the collection when idle, to compare the engine with and without it.
const memory = process.env.BENCH_IDLE_RECLAIM === '0' ? { idleReclaim: false } : undefined
await startEngine({ ...config, plugins, memory, auth: { ...config.auth, rateLimit: { max: 1_000_000, timeWindowMs: 60_000 } } })
