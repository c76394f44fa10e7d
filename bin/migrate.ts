import { createEngine } from '@eduplatform/core'
import config from '../edu.config.ts'

// Building the engine applies pending migrations; nothing is served.
const app = await createEngine({ ...config, demo: false }, { dispatch: false })
await app.close()
console.log('migrations are up to date')
