import { courses } from '@eduplatform/plugin-courses'
import { createTestEngine, type Actor, type EventCapture, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enrollment } from '../src/index.ts'
import { complete, enroll, makeCourse, progress, sql } from './helpers.ts'

// Only `course.completed` has a subscriber, as in the default plugin set (reviews, notifications): a
// completion batch runs as one statement outside a transaction unless it completes a course.
let t: TestEngine
let teacher: Actor
let completed: EventCapture<'course.completed'>

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment()], config: { logLevel: 'error', database: { pool: { max: 10 } } } })
  completed = t.captureEvents('course.completed')
  teacher = await t.asTeacher()
})
afterAll(async () => t?.close())

/** Checkouts and statements of one pool flow so far (`edu_db_pool_hold_seconds_count`, `edu_db_pool_statements_total`). */
async function flow(name: string): Promise<{ checkouts: number; statements: number }> {
  const body = (await t.inject({ method: 'GET', url: '/metrics' })).body
  const value = (metric: string) => {
    const line = body.split('\n').find((l) => l.startsWith(`${metric}{flow="${name}"} `))
    return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return { checkouts: value('edu_db_pool_hold_seconds_count'), statements: value('edu_db_pool_statements_total') }
}

describe('lesson completion with subscribers to course.completed only', () => {
  it('is one statement outside a transaction, and a completion that completes the course records its event once', async () => {
    expect(t.app.events.subscriberIds().map((id) => t.app.events.subscriber(id)!.event).filter((e) => e === 'lesson.completed' || e === 'course.completed')).toEqual(['course.completed'])
    const c = await makeCourse(teacher, { lessons: 3 })
    const student = await t.asStudent()
    await enroll(student, c.courseId)
    const single = 'SELECT enrollment_complete_lessons_unless_completing'
    const inTx = 'tx:SELECT enrollment_complete_lessons'
    const [singleBefore, txBefore] = [await flow(single), await flow(inTx)]

    for (const id of [c.lessonIds[0]!, c.lessonIds[1]!, c.lessonIds[0]!]) {
      const res = await complete(student, id)
      expect(res.statusCode, res.body).toBe(200)
    }
    const singleAfter = await flow(single)
    expect(singleAfter.checkouts - singleBefore.checkouts).toBe(3)
    expect(singleAfter.statements - singleBefore.statements).toBe(3)
    expect(await flow(inTx)).toEqual(txBefore)

    // The last lesson: refused outside a transaction, nothing of it kept, then run again with its event.
    expect((await complete(student, c.lessonIds[2]!)).json()).toEqual({ completed: 3, total: 3, percent: 100, status: 'completed', courseId: c.courseId })
    expect((await flow(single)).checkouts - singleAfter.checkouts).toBe(1)
    expect((await flow(inTx)).checkouts - txBefore.checkouts).toBe(1)
    expect((await progress(student, c.courseId)).json()).toMatchObject({ completed: 3, status: 'completed' })
    await t.drainEvents()
    expect(completed.payloads.filter((e) => e.studentId === student.user.id)).toEqual([expect.objectContaining({ courseId: c.courseId })])
    const rows = await sql(t, `SELECT status, completed_lessons, (SELECT count(*)::int FROM lesson_progress lp WHERE lp.enrollment_id = e.id) AS n FROM enrollments e WHERE student_id = ?`, [student.user.id])
    expect(rows).toEqual([{ status: 'completed', completed_lessons: 3, n: 3 }])
  })

  it('completes each course once when students complete every lesson at once (batches refused and run again)', async () => {
    const c = await makeCourse(teacher, { lessons: 5 })
    const students = await Promise.all(Array.from({ length: 4 }, () => t.asStudent()))
    for (const s of students) expect((await enroll(s, c.courseId)).statusCode).toBe(201)
    const results = await Promise.all(students.flatMap((s) => c.lessonIds.flatMap((id) => [complete(s, id), complete(s, id)])))
    for (const r of results) expect(r.statusCode, r.body).toBe(200)
    const ids = students.map((s) => s.user.id)
    const rows = await sql<{ student_id: string; status: string; completed_lessons: number; n: number }>(t,
      `SELECT student_id, status, completed_lessons, (SELECT count(*)::int FROM lesson_progress lp WHERE lp.enrollment_id = e.id) AS n
       FROM enrollments e WHERE course_id = ?`, [c.courseId])
    expect(rows.map((r) => r.student_id).sort()).toEqual([...ids].sort())
    for (const r of rows) expect(r).toMatchObject({ status: 'completed', completed_lessons: 5, n: 5 })
    await t.drainEvents()
    const events = completed.payloads.filter((e) => e.courseId === c.courseId)
    expect(events.map((e) => e.studentId).sort()).toEqual([...ids].sort())
    for (const s of students) expect((await progress(s, c.courseId)).json()).toMatchObject({ completed: 5, percent: 100, status: 'completed' })
  })
})
