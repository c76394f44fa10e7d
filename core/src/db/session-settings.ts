import { CompiledQuery } from 'kysely'
import type { ResolvedPlugin } from '../plugin/resolve.ts'

interface RawConnection {
  executeQuery(query: CompiledQuery): Promise<unknown>
}

const SETTING_NAME = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/
const SETTING_VALUE = /^[\w.:-]{1,64}$/

/** `SET` statements for the session settings plugins declare; names and values are checked, not quoted blindly. */
export function sessionSettingsSql(plugins: ResolvedPlugin[]): string[] {
  return plugins.flatMap(({ name, plugin }) =>
    Object.entries(plugin.manifest.sessionSettings ?? {}).map(([setting, value]) => {
      if (!SETTING_NAME.test(setting) || !SETTING_VALUE.test(value)) throw new Error(`Plugin "${name}": session setting ${setting}=${value} is not a plain name and value`)
      return `SET ${setting} = '${value}'`
    }))
}

/** MikroORM's `onCreateConnection`: runs the plugins' `SET`s on every new pooled connection (primary and replicas). */
export function applySessionSettings(plugins: ResolvedPlugin[]): ((connection: unknown) => Promise<void>) | undefined {
  const statements = sessionSettingsSql(plugins)
  if (statements.length === 0) return undefined
  return async (connection) => {
    for (const sql of statements) await (connection as RawConnection).executeQuery(CompiledQuery.raw(sql))
  }
}
