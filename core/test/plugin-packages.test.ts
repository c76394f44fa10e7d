import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// docs/plugin-guide.md ("A plugin is a workspace package") against the plugins there are.
const root = fileURLToPath(new URL('../..', import.meta.url))
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>
const guide = readFileSync(join(root, 'docs/plugin-guide.md'), 'utf8')
const guidePackage = JSON.parse(/```json\n([\s\S]*?)```/.exec(guide)?.[1] ?? 'null') as Record<string, unknown> | null
const folders = readdirSync(join(root, 'plugins'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
const camelCase = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())

describe('plugin packages, as docs/plugin-guide.md describes them', () => {
  it('the guide shows a plugin package.json, and the root package.json makes every folder under plugins/ a workspace', () => {
    expect(guidePackage).toMatchObject({ name: '@eduplatform/plugin-certificates', type: 'module', exports: { '.': './src/index.ts' } })
    expect(readJson('package.json').workspaces).toContain('plugins/*')
    expect(folders.length).toBeGreaterThan(0)
  })

  for (const folder of folders) {
    it(`plugins/${folder} is @eduplatform/plugin-${folder}, its entry point exports ${camelCase(folder)}, a plugin named "${folder}"`, async () => {
      const pkg = readJson(`plugins/${folder}/package.json`)
      expect(pkg.name).toBe(`@eduplatform/plugin-${folder}`)
      expect(pkg.type).toBe(guidePackage?.type)
      expect(pkg.exports).toEqual(guidePackage?.exports)
      expect(Object.keys((pkg.dependencies ?? {}) as object)).not.toContain('@eduplatform/core')
      expect(existsSync(join(root, 'plugins', folder, 'README.md'))).toBe(true)
      const entry = (await import(`@eduplatform/plugin-${folder}`)) as Record<string, { manifest?: { name: string; migrations?: string } }>
      const manifest = entry[camelCase(folder)]?.manifest
      expect(manifest?.name).toBe(folder)
      if (manifest?.migrations) expect(manifest.migrations).toBe(join(root, 'migrations', folder))
    })
  }
})
