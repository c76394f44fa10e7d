import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { idleReclaimConfig } from '../src/idle-heap.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))

describe('memory.idleReclaim in edu.config.ts', () => {
  it('takes nothing or true (the defaults), false (off) and options within their ranges', () => {
    expect(idleReclaimConfig(undefined)).toEqual({})
    expect(idleReclaimConfig(true)).toEqual({})
    expect(idleReclaimConfig(false)).toBeUndefined()
    const options = { intervalMs: 500, quietChecks: 2, maxUtilization: 0.1, minGrowthBytes: 0, minGapMs: 0, minConnections: 0 }
    expect(idleReclaimConfig(options)).toEqual(options)
  })

  it('refuses a value of the wrong type or range, or an unknown option, in one line naming the field', () => {
    const refusals: Array<[unknown, string]> = [
      [{ minConnections: 'lots' }, 'memory.idleReclaim.minConnections in edu.config.ts must be integer; got "lots"'],
      [{ minConnections: -1 }, 'memory.idleReclaim.minConnections in edu.config.ts must be >= 0; got -1'],
      [{ maxUtilization: 2 }, 'memory.idleReclaim.maxUtilization in edu.config.ts must be <= 1; got 2'],
      [{ intervalMs: 0 }, 'memory.idleReclaim.intervalMs in edu.config.ts must be >= 1; got 0'],
      [{ quietChecks: 1.5 }, 'memory.idleReclaim.quietChecks in edu.config.ts must be integer; got 1.5'],
      [{ minConnection: 5 }, 'memory.idleReclaim in edu.config.ts has no option "minConnection"; its options are intervalMs, quietChecks, maxUtilization, minGrowthBytes, minGapMs, minConnections'],
      ['yes', 'memory.idleReclaim in edu.config.ts must be true, false or an object of options; got "yes"'],
      [null, 'memory.idleReclaim in edu.config.ts must be true, false or an object of options; got null'],
    ]
    for (const [value, message] of refusals) expect(() => idleReclaimConfig(value)).toThrow(message)
  })

  it('stops the engine at start with that one line and exit code 1, before anything else starts', async () => {
    const script = `import { startEngine } from ${JSON.stringify(`${root}core/src/start.ts`)}
await startEngine({ plugins: [], memory: { idleReclaim: { minConnections: 'lots' } } })`
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', script], {
      cwd: root, env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', EDU_WORKERS: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (chunk) => (stdout += chunk))
    child.stderr!.on('data', (chunk) => (stderr += chunk))
    expect(await new Promise<number | null>((res) => child.once('exit', (code) => res(code)))).toBe(1)
    expect(stderr.trim()).toBe('memory.idleReclaim.minConnections in edu.config.ts must be integer; got "lots"')
    expect(stdout).toBe('')
  }, 60_000)
})
