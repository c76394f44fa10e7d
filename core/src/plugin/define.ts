import { Type, type TObject } from 'typebox'
import type { EduPlugin, PluginManifest, PluginOptionsInput } from './types.ts'

const NAME = /^[a-z][a-z0-9-]*$/

/**
 * Declares a plugin. Returns its options factory, so `edu.config.ts` reads
 * `plugins: [courses(), payments({ provider: 'stripe' })]`.
 */
export function definePlugin<S extends TObject = TObject<{}>, R = void>(manifest: PluginManifest<S, R>) {
  if (!NAME.test(manifest.name)) throw new TypeError(`Plugin name "${manifest.name}" must be kebab-case`)
  const frozen = Object.freeze({ ...manifest, options: manifest.options ?? (Type.Object({}) as unknown as S) })
  const factory = (options: PluginOptionsInput<S> = {} as PluginOptionsInput<S>): EduPlugin<S, R> =>
    Object.freeze({ manifest: frozen, options })
  return Object.assign(factory, { manifest: frozen })
}
