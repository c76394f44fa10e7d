import { execFile } from 'node:child_process'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const cem = fileURLToPath(new URL('../../node_modules/.bin/cem', import.meta.url))

describe('custom-elements.json', () => {
  it('is what the analyzer makes of the components\' JSDoc now (else: npm run manifest -w @eduplatform/widgets)', async () => {
    // The analyzer takes --outdir relative to the package.
    const out = join('node_modules', '.cache', `cem-check-${process.pid}`)
    try {
      await promisify(execFile)(cem, ['analyze', '--outdir', out], { cwd: root })
      const fresh = await readFile(join(root, out, 'custom-elements.json'), 'utf8')
      const checkedIn = await readFile(join(root, 'custom-elements.json'), 'utf8')
      expect(checkedIn === fresh, 'widgets/custom-elements.json is stale: run `npm run manifest -w @eduplatform/widgets`').toBe(true)
      const tags = (JSON.parse(fresh) as { modules: Array<{ declarations?: Array<{ tagName?: string }> }> }).modules
        .flatMap((m) => m.declarations ?? []).map((d) => d.tagName).filter(Boolean).sort()
      expect(tags).toEqual(['edu-config', 'edu-course-card', 'edu-lesson-player', 'edu-quiz'])
    } finally {
      await rm(join(root, out), { recursive: true, force: true })
    }
  })
})
