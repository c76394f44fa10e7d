import pg from 'pg'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedEnrollments } from './enrollment.ts'
import { seedPayments, type SeedCourse } from './payments.ts'

let t: TestEngine
let client: pg.Client
let students: Actor[]
const seeded: SeedCourse[] = []

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), payments()] })
  client = new pg.Client({ connectionString: t.databaseUrl })
  await client.connect()
  const teacher = await t.asTeacher()
  students = await Promise.all(Array.from({ length: 12 }, () => t.asStudent()))
  for (let i = 0; i < 6; i++) {
    const priceCents = i % 2 ? 1900 : 0
    const c = (await teacher.inject({ method: 'POST', url: '/api/v1/courses', payload: { title: `Seeded ${i}`, priceCents, currency: 'USD' } })).json()
    const m = (await teacher.inject({ method: 'POST', url: `/api/v1/courses/${c.id}/modules`, payload: { title: 'M' } })).json()
    const lessonIds: string[] = []
    for (let k = 0; k < 4; k++) {
      lessonIds.push((await teacher.inject({ method: 'POST', url: `/api/v1/modules/${m.id}/lessons`, payload: { title: `L${k}`, body: 'x' } })).json().id)
    }
    await teacher.inject({ method: 'PATCH', url: `/api/v1/courses/${c.id}`, payload: { status: 'published' } })
    seeded.push({ id: c.id, priceCents, currency: 'USD', lessonIds })
  }
})
afterAll(async () => {
  await client?.end()
  await t?.close()
})

describe('bulk learning seed', () => {
  it('adds payments and enrollments with progress, deterministically, that the API serves', async () => {
    const ids = students.map((s) => s.user.id)
    const paid = await seedPayments(client, { students: ids, courses: seeded, count: 20, seed: 7 })
    expect(paid).toHaveLength(20)
    expect(new Set(paid.map((p) => `${p.studentId}:${p.courseId}`)).size).toBe(20)
    const result = await seedEnrollments(client, { students: ids, courses: seeded, payments: paid, count: 40, seed: 7 })
    expect(result.enrollments).toBe(40)
    const again = await seedPayments(client, { students: ids, courses: seeded, count: 20, seed: 7 })
    expect(again).toEqual(paid)
    await seedEnrollments(client, { students: ids, courses: seeded, payments: paid, count: 40, seed: 7 })

    const { rows: [totals] } = await client.query(`SELECT (SELECT count(*)::int FROM payments) AS p, (SELECT count(*)::int FROM enrollments) AS e, (SELECT count(*)::int FROM lesson_progress) AS lp`)
    expect(totals).toEqual({ p: 20, e: 40, lp: result.progressRows })
    const { rows: orphans } = await client.query(
      `SELECT e.id FROM enrollments e WHERE e.source = 'payment' AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.id = e.payment_id AND p.status IN ('completed', 'refunded'))`,
    )
    expect(orphans).toEqual([])
    const { rows: freeRows } = await client.query(`SELECT count(*)::int AS n FROM enrollments WHERE source = 'free'`)
    expect(freeRows[0].n).toBeGreaterThan(0)

    // The API reads seeded rows like its own.
    const { rows: [one] } = await client.query(`SELECT student_id, course_id, completed_lessons, status FROM enrollments WHERE status <> 'refunded' ORDER BY id LIMIT 1`)
    const student = students.find((s) => s.user.id === one.student_id)!
    const progress = (await student.inject({ method: 'GET', url: `/api/v1/progress/courses/${one.course_id}` })).json()
    expect(progress).toMatchObject({ completed: one.completed_lessons, total: 4, status: one.status })
    expect(await t.app.services.get('course-access').isEnrolled(one.student_id, one.course_id)).toBe(true)
  })
})
