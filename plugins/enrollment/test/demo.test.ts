import { courses } from '@eduplatform/plugin-courses'
import { payments } from '@eduplatform/plugin-payments'
import { createTestEngine, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enrollment } from '../src/index.ts'
import { sql } from './helpers.ts'

let t: TestEngine
beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), payments()], config: { demo: true } })
})
afterAll(async () => t?.close())

describe('demo data', () => {
  it('enrolls the demo student in two courses with some progress, one of them bought with the mock provider', async () => {
    const [student] = await sql<{ id: string }>(t, `SELECT id FROM edu_users WHERE email = 'student@demo.edu'`)
    const me = await t.inject({ method: 'GET', url: '/api/v1/enrollments/me', headers: (await t.actor((await t.app.identity.getUser(student!.id))!)).headers })
    expect(me.statusCode, me.body).toBe(200)
    const items = me.json().items as Array<{ status: string; source: string; course: { priceCents: number }; progress: { completed: number; percent: number } }>
    expect(items).toHaveLength(2)
    expect(items.every((e) => e.status === 'active' && e.progress.completed > 0)).toBe(true)
    expect(items.filter((e) => e.source === 'payment' && e.course.priceCents > 0)).toHaveLength(1)
    const paid = await sql(t, `SELECT status, provider FROM payments WHERE student_id = ?`, [student!.id])
    expect(paid).toEqual([{ status: 'completed', provider: 'mock' }])
  })
})
