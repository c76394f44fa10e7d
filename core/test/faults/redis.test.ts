import { spawn, type ChildProcess } from 'node:child_process'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, freePort, waitUntil, type TestEngine } from '../../src/testing/index.ts'

let redis: ChildProcess
let port: number
let t: TestEngine

beforeAll(async () => {
  // A Redis of this test's own (the machine's is left alone), with no persistence.
  port = await freePort()
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  t = await waitForEngine(() => createTestEngine({ plugins: [courses(), enrollment()], config: { redis: { url: `redis://127.0.0.1:${port}`, namespace: 'fault' } } }))
})
afterAll(async () => {
  redis?.kill('SIGKILL')
  await t?.close()
})

/** Redis takes a moment to listen: retry the engine's start until it connects. */
async function waitForEngine(start: () => Promise<TestEngine>): Promise<TestEngine> {
  let engine: TestEngine | undefined
  await waitUntil(async () => {
    engine = await start().catch(() => undefined)
    return engine !== undefined
  }, { intervalMs: 100 })
  return engine!
}

describe('Redis stops under load', () => {
  it('keeps serving reads and writes from the database, every request answered as before', async () => {
    const teacher = await t.asTeacher()
    const created = await teacher.inject({ method: 'POST', url: '/api/v1/courses', payload: { title: 'Resilient course', priceCents: 0, currency: 'USD' } })
    expect(created.statusCode, created.body).toBe(201)
    const courseId = created.json().id as string
    const mod = await teacher.inject({ method: 'POST', url: `/api/v1/courses/${courseId}/modules`, payload: { title: 'Module' } })
    await teacher.inject({ method: 'POST', url: `/api/v1/modules/${mod.json().id}/lessons`, payload: { title: 'Lesson', type: 'text', body: 'Text.' } })
    expect((await teacher.inject({ method: 'PATCH', url: `/api/v1/courses/${courseId}`, payload: { status: 'published' } })).statusCode).toBe(200)
    const students = await Promise.all(Array.from({ length: 6 }, () => t.asStudent()))
    expect(await t.app.redis.ping()).toBe('PONG')

    const statuses: number[] = []
    const load = async (rounds: number) => {
      for (let i = 0; i < rounds; i++) {
        const results = await Promise.all([
          t.inject({ method: 'GET', url: `/api/v1/courses/${courseId}` }),
          t.inject({ method: 'GET', url: '/api/v1/courses?limit=5' }),
          t.inject({ method: 'GET', url: `/api/v1/courses/${courseId}/curriculum` }),
          students[i % students.length]!.inject({ method: 'GET', url: '/api/v1/auth/me' }),
        ])
        statuses.push(...results.map((r) => r.statusCode))
      }
    }
    const before = load(20)
    redis.kill('SIGKILL')
    await before
    await waitUntil(async () => (await t.app.redis.ping().catch(() => 'down')) === 'down')
    await load(20)
    // Writes too: every student enrolls with Redis gone.
    const enrolled = await Promise.all(students.map((s) => s.inject({ method: 'POST', url: '/api/v1/enrollments', payload: { courseId } })))
    expect(enrolled.map((r) => r.statusCode)).toEqual(students.map(() => 201))
    expect(statuses).toHaveLength(160)
    expect(statuses.filter((s) => s !== 200)).toEqual([])
    expect((await t.inject({ method: 'GET', url: `/api/v1/courses/${courseId}/enrollments/count` })).json()).toEqual({ count: 6 })
    expect((await t.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200)
  })
})
