import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { startEngine } from '@eduplatform/core'
import { buildWidgets, DEFAULT_OUT_DIR } from '@eduplatform/widgets/build'
import config from '../edu.config.ts'

// `npm install` builds the widgets bundle (the root `prepare` script); a checkout without one builds it here.
if (!existsSync(join(DEFAULT_OUT_DIR, 'manifest.json'))) await buildWidgets()

await startEngine({ ...config, widgets: config.widgets ?? { dir: DEFAULT_OUT_DIR } })
