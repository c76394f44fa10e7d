import { courses } from '@eduplatform/plugin-courses'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enrollment } from '../src/index.ts'
import { complete, enroll, makeCourse, sql } from './helpers.ts'

let t: TestEngine
let teacher: Actor

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment()], config: { database: { pool: { max: 10 } } } })
  teacher = await t.asTeacher()
})
afterAll(async () => t?.close())

describe('under concurrency', () => {
  it('with no event subscribers (one autocommit call), parallel completions of every lesson complete the course once', async () => {
    expect(t.app.events.subscriberIds().some((id) => ['lesson.completed', 'course.completed'].includes(t.app.events.subscriber(id)!.event))).toBe(false)
    const c = await makeCourse(teacher, { lessons: 5 })
    const student = await t.asStudent()
    await enroll(student, c.courseId)
    const results = await Promise.all(c.lessonIds.flatMap((id) => Array.from({ length: 4 }, () => complete(student, id))))
    expect(results.every((r) => r.statusCode === 200)).toBe(true)
    const rows = await sql(t, `SELECT e.status, e.completed_lessons, e.completed_at IS NOT NULL AS done, (SELECT count(*)::int FROM lesson_progress lp WHERE lp.enrollment_id = e.id) AS n FROM enrollments e WHERE e.student_id = ?`, [student.user.id])
    expect(rows).toEqual([{ status: 'completed', completed_lessons: 5, done: true, n: 5 }])
  })

  it('20 parallel enrollments of one student in one course: exactly one 201, the rest 409, count 1', async () => {
    const c = await makeCourse(teacher)
    const student = await t.asStudent()
    const created = t.captureEvents('enrollment.created')
    const results = await Promise.all(Array.from({ length: 20 }, () => enroll(student, c.courseId)))
    const codes = results.map((r) => r.statusCode).sort()
    expect(codes.filter((s) => s === 201)).toHaveLength(1)
    expect(codes.filter((s) => s === 409)).toHaveLength(19)
    const [row] = await sql(t, `SELECT count(*)::int AS n FROM enrollments WHERE student_id = ? AND course_id = ?`, [student.user.id, c.courseId])
    expect(row!.n).toBe(1)
    expect((await t.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}` })).json().enrollmentCount).toBe(1)
    await t.drainEvents()
    expect(created.payloads.filter((e) => e.studentId === student.user.id)).toHaveLength(1)
  })

  it('20 parallel completions of one lesson: one progress row, exact counts, one event', async () => {
    const c = await makeCourse(teacher, { lessons: 2 })
    const student = await t.asStudent()
    await enroll(student, c.courseId)
    const events = t.captureEvents('lesson.completed')
    const results = await Promise.all(Array.from({ length: 20 }, () => complete(student, c.lessonIds[0]!)))
    for (const r of results) expect(r.json()).toMatchObject({ completed: 1, total: 2, percent: 50, status: 'active' })
    const rows = await sql(t, `SELECT lp.lesson_id, e.completed_lessons FROM lesson_progress lp JOIN enrollments e ON e.id = lp.enrollment_id WHERE e.student_id = ?`, [student.user.id])
    expect(rows).toEqual([{ lesson_id: c.lessonIds[0], completed_lessons: 1 }])
    await t.drainEvents()
    expect(events.payloads.filter((e) => e.studentId === student.user.id)).toHaveLength(1)
  })

  it('completing every lesson at once completes the course exactly once', async () => {
    const c = await makeCourse(teacher, { lessons: 6 })
    const student = await t.asStudent()
    await enroll(student, c.courseId)
    const events = t.captureEvents('course.completed')
    const results = await Promise.all(c.lessonIds.flatMap((id) => [complete(student, id), complete(student, id)]))
    expect(results.every((r) => r.statusCode === 200)).toBe(true)
    expect(results.filter((r) => r.json().percent === 100).length).toBeGreaterThanOrEqual(1)
    const [row] = await sql(t, `SELECT status, completed_lessons FROM enrollments WHERE student_id = ?`, [student.user.id])
    expect(row).toEqual({ status: 'completed', completed_lessons: 6 })
    await t.drainEvents()
    expect(events.payloads.filter((e) => e.studentId === student.user.id)).toHaveLength(1)
  })

  it('a burst from many students, some not allowed, answers each request for itself', async () => {
    const c = await makeCourse(teacher, { lessons: 4 })
    const students = await Promise.all(Array.from({ length: 6 }, () => t.asStudent()))
    const [outsider, refunded, ...learners] = students
    for (const s of [refunded!, ...learners]) await enroll(s, c.courseId)
    await sql(t, `UPDATE enrollments SET status = 'refunded' WHERE student_id = ?`, [refunded!.user.id])
    const completed = t.captureEvents('course.completed')
    const lessons = t.captureEvents('lesson.completed')
    // Every learner completes every lesson twice, interleaved with the two who may not.
    const results = await Promise.all([
      ...learners.flatMap((s) => c.lessonIds.flatMap((id) => [complete(s, id), complete(s, id)])),
      ...c.lessonIds.map((id) => complete(outsider!, id)),
      ...c.lessonIds.map((id) => complete(refunded!, id)),
    ])
    const mine = results.slice(0, learners.length * c.lessonIds.length * 2)
    expect(mine.every((r) => r.statusCode === 200)).toBe(true)
    const others = results.slice(mine.length)
    expect(others.map((r) => r.json().code)).toEqual([
      ...c.lessonIds.map(() => 'EDU_ENROLLMENT_NOT_ENROLLED'),
      ...c.lessonIds.map(() => 'EDU_ENROLLMENT_REFUNDED'),
    ])
    const rows = await sql<{ status: string; completed_lessons: number; n: number }>(t,
      `SELECT e.status, e.completed_lessons, (SELECT count(*)::int FROM lesson_progress lp WHERE lp.enrollment_id = e.id) AS n
       FROM enrollments e WHERE e.course_id = ? ORDER BY e.status`, [c.courseId])
    expect(rows).toEqual([
      ...learners.map(() => ({ status: 'completed', completed_lessons: 4, n: 4 })),
      { status: 'refunded', completed_lessons: 0, n: 0 },
    ])
    await t.drainEvents()
    const ids = new Set(learners.map((s) => s.user.id))
    expect(completed.payloads.filter((e) => ids.has(e.studentId))).toHaveLength(learners.length)
    expect(lessons.payloads.filter((e) => ids.has(e.studentId))).toHaveLength(learners.length * c.lessonIds.length)
  })
})
