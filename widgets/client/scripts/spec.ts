import { randomBytes } from 'node:crypto'
import { createEngine, type EngineConfig } from '@eduplatform/core'
import config from '../../../edu.config.ts'

/** Where the generated declarations live. */
export const SCHEMA_FILE = new URL('../src/schema.d.ts', import.meta.url)

/** Every built-in plugin, as `edu.config.ts` switches them on. */
export const builtInPlugins = (): EngineConfig['plugins'] => config.plugins

/**
 * The OpenAPI document of a live engine with every built-in plugin, on the (empty or migrated)
 * database at `databaseUrl`. The document depends only on the routes, never on the data.
 */
export async function liveSpec(databaseUrl: string): Promise<object> {
  const app = await createEngine(
    { plugins: builtInPlugins(), database: { url: databaseUrl }, auth: { jwtSecret: randomBytes(32).toString('hex') }, logLevel: 'silent', demo: false },
    { env: false, dispatch: false },
  )
  try {
    return app.swagger() as object
  } finally {
    await app.close()
  }
}
