import { startEngine } from '@eduplatform/core'
import config from '../../edu.config.ts'

// `npm start` with the credential-route limit lifted, so a load test measures the routes, not the limiter.
await startEngine({ ...config, auth: { ...config.auth, rateLimit: { max: 1_000_000, timeWindowMs: 60_000 } } })
