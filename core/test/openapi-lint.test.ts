import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import config from '../../edu.config.ts'
import { createTestEngine, type TestEngine } from '../src/testing/index.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const redocly = join(root, 'node_modules/@redocly/cli/bin/cli.js')

interface LintProblem { ruleId: string; severity: 'error' | 'warn'; message: string; location: Array<{ pointer: string }> }

let t: TestEngine
let doc: { paths: Record<string, Record<string, { operationId?: string; tags?: string[]; security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> }>> }
beforeAll(async () => {
  // Every plugin of edu.config.ts: a plugin added there is linted too.
  t = await createTestEngine({ plugins: config.plugins })
  doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
})
afterAll(async () => t?.close())

describe('the OpenAPI document of every built-in plugin', () => {
  it("passes Redocly's recommended rules (redocly.yaml) with no error and no warning", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edu-openapi-'))
    try {
      const file = join(dir, 'openapi.json')
      await writeFile(file, JSON.stringify(doc))
      // Offline: no telemetry, no update check.
      const { stdout } = await promisify(execFile)(process.execPath, [redocly, 'lint', '--config', join(root, 'redocly.yaml'), '--format=json', file], {
        cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' }, maxBuffer: 16 * 1024 * 1024,
      }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }))
      const problems = (JSON.parse(stdout) as { problems: LintProblem[] }).problems
      const found = problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`)
      expect(found).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('names every operation once, camelCase, verb first, and tags it', () => {
    const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops))
    expect(operations.length).toBeGreaterThan(40)
    const ids = operations.map((o) => o.operationId)
    expect(ids.filter((id) => !/^[a-z]+[A-Z][A-Za-z0-9]*$/.test(id ?? ''))).toEqual([])
    expect(new Set(ids).size).toBe(ids.length)
    expect(operations.filter((o) => o.tags?.length !== 1)).toEqual([])
  })

  it('documents every error as application/problem+json', () => {
    const errors = Object.values(doc.paths).flatMap((ops) => Object.values(ops)).flatMap((o) =>
      Object.entries(o.responses).filter(([status]) => /^[45]/.test(status)).map(([, r]) => Object.keys(r.content ?? {})))
    expect(errors.length).toBeGreaterThan(100)
    expect(errors.filter((types) => types.join() !== 'application/problem+json')).toEqual([])
  })

  it('pins the names and access of known operations', () => {
    const op = (path: string, method: string) => doc.paths[`/api/v1${path}`]![method]!
    expect(op('/courses', 'get')).toMatchObject({ operationId: 'listCourses', tags: ['courses'], security: [] })
    expect(op('/courses', 'post')).toMatchObject({ operationId: 'createCourse', security: [{ bearer: [] }] })
    expect(op('/courses/{id}', 'delete').responses['204']).toEqual({ description: 'No content' })
    expect(op('/progress/lessons/{id}/complete', 'post')).toMatchObject({ operationId: 'completeLesson', tags: ['enrollment'] })
    expect(op('/payments', 'post')).toMatchObject({ operationId: 'createPayment', tags: ['payments'] })
    const lesson = op('/lessons/{id}', 'get') as { security?: unknown; description?: string }
    expect(lesson.security).toEqual([{ bearer: [] }, {}])
    expect(lesson.description).toMatch(/bearer token of an enrolled student/)
    const limit = (op('/courses', 'get') as unknown as { parameters: Array<{ name: string; required: boolean }> }).parameters.find((p) => p.name === 'limit')
    expect(limit).toMatchObject({ required: false, schema: { default: 20 } })
  })
})
