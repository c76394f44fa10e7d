import { startEngine } from '@eduplatform/core'
import config from '../edu.config.ts'

await startEngine(config)
