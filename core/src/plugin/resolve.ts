import { Value } from 'typebox/value'
import type { EduPlugin } from './types.ts'

export class PluginConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PluginConfigError'
  }
}

export interface ResolvedPlugin {
  plugin: EduPlugin
  name: string
  options: Record<string, unknown>
}

function resolveOptions(plugin: EduPlugin): Record<string, unknown> {
  const { manifest } = plugin
  const schema = manifest.options!
  const value = Value.Default(schema, structuredClone(plugin.options ?? {}))
  const errors = [...Value.Errors(schema, value)]
  if (errors.length > 0) {
    const first = errors[0] as { instancePath?: string; message?: string; params?: Record<string, unknown> }
    let field = (first.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.')
    const missing = first.params?.requiredProperties ?? first.params?.missingProperty
    if (!field && missing) field = String(Array.isArray(missing) ? missing[0] : missing)
    throw new PluginConfigError(`Plugin "${manifest.name}": option "${field || '(root)'}" ${first.message ?? 'is invalid'}`)
  }
  return value as Record<string, unknown>
}

/**
 * Orders plugins so each comes after what it depends on; refuses duplicates, missing dependencies,
 * cycles and invalid options with one message naming the plugin and the field.
 */
export function resolvePlugins(plugins: readonly EduPlugin[]): ResolvedPlugin[] {
  const byName = new Map<string, EduPlugin>()
  for (const plugin of plugins) {
    const name = plugin.manifest.name
    if (byName.has(name)) throw new PluginConfigError(`Plugin "${name}" is listed twice`)
    byName.set(name, plugin)
  }
  for (const plugin of plugins) {
    for (const dep of plugin.manifest.dependsOn ?? []) {
      if (!byName.has(dep)) throw new PluginConfigError(`Plugin "${plugin.manifest.name}" depends on "${dep}", which is not switched on in edu.config.ts`)
    }
  }
  const ordered: ResolvedPlugin[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return
    if (state.get(name) === 'visiting') {
      throw new PluginConfigError(`Plugin dependency cycle: ${[...path.slice(path.indexOf(name)), name].join(' → ')}`)
    }
    state.set(name, 'visiting')
    const plugin = byName.get(name)!
    const deps = [...(plugin.manifest.dependsOn ?? []), ...(plugin.manifest.optionalDependsOn ?? []).filter((d) => byName.has(d))]
    for (const dep of deps) visit(dep, [...path, name])
    state.set(name, 'done')
    ordered.push({ plugin, name, options: resolveOptions(plugin) })
  }
  for (const plugin of plugins) visit(plugin.manifest.name, [])
  return ordered
}
