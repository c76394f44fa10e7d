import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { startEngine } from '@eduplatform/core'
import { DEFAULT_OUT_DIR } from '@eduplatform/widgets/paths'
import config from '../edu.config.ts'

// `npm install` builds the widgets bundle (the root `prepare` script); a checkout without one builds it here.
// The builder (esbuild) is loaded only then, so a serving engine does not carry it.
if (!existsSync(join(DEFAULT_OUT_DIR, 'manifest.json'))) await (await import('@eduplatform/widgets/build')).buildWidgets()

await startEngine({ ...config, widgets: config.widgets ?? { dir: DEFAULT_OUT_DIR } })
