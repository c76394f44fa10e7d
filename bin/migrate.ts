import { randomBytes } from 'node:crypto'
import { createEngine, orExplain } from '@eduplatform/core'
import config from '../edu.config.ts'

// Building the engine applies pending migrations; nothing is served.
// Migrating signs no tokens: with DATABASE_URL and no JWT_SECRET, a throwaway secret lets the engine build.
const app = await orExplain(createEngine({ ...config, demo: false, auth: { ...config.auth, jwtSecret: config.auth?.jwtSecret ?? randomBytes(32).toString('hex') } }, { dispatch: false }))
await app.close()
console.log('migrations are up to date')
