import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildWidgets } from '../build.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

describe('the widgets build', () => {
  it('keeps the bundle within 35,000 bytes gzip, ends it with a sourceMappingURL naming its map, and ships custom-elements.json for the engine to serve', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edu-widgets-build-'))
    try {
      const built = await buildWidgets(dir)
      const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { bundle: string; map: string; files: Record<string, string> }
      expect(manifest.bundle).toBe(built.bundle)
      // The size budget of the bundle a school's page loads: 35,000 bytes minified and gzipped (level 9).
      expect(built.gzipBytes).toBeLessThanOrEqual(35_000)
      expect(manifest.map).toBe(`${built.bundle}.map`)
      const code = await readFile(join(dir, built.bundle), 'utf8')
      expect(code.endsWith(`\n//# sourceMappingURL=${built.bundle}.map\n`)).toBe(true)
      expect(code.match(/sourceMappingURL/g)).toHaveLength(1)
      expect(JSON.parse(await readFile(join(dir, manifest.map), 'utf8')).version).toBe(3)
      expect(manifest.files['custom-elements.json']).toBe('application/json; charset=utf-8')
      expect(await readFile(join(dir, 'custom-elements.json'), 'utf8')).toBe(await readFile(join(root, 'custom-elements.json'), 'utf8'))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
