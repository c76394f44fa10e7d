import { courses } from '@eduplatform/plugin-courses'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enrollment } from '../src/index.ts'
import { progressOf } from '../src/service.ts'
import { addLesson, complete, enroll, expectProblem, makeCourse, progress, sql } from './helpers.ts'

let t: TestEngine
let teacher: Actor

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment()], config: { logLevel: 'error' } })
  teacher = await t.asTeacher()
})
afterAll(async () => t?.close())

describe('progressOf', () => {
  it('counts only lessons that still exist and rounds down', () => {
    expect(progressOf([], [])).toEqual({ completed: 0, total: 0, percent: 0, completedLessonIds: [] })
    expect(progressOf(['a'], ['a', 'b', 'c'])).toMatchObject({ completed: 1, total: 3, percent: 33 })
    expect(progressOf(['a', 'b'], ['a', 'b', 'c'])).toMatchObject({ percent: 66 })
    expect(progressOf(['a', 'gone'], ['a', 'b'])).toEqual({ completed: 1, total: 2, percent: 50, completedLessonIds: ['a'] })
    expect(progressOf(['b', 'a'], ['a', 'b'])).toEqual({ completed: 2, total: 2, percent: 100, completedLessonIds: ['a', 'b'] })
    const many = Array.from({ length: 200 }, (_, i) => `l${i}`)
    expect(progressOf(many.slice(1), many).percent).toBe(99)
  })
})

describe('POST /progress/lessons/:id/complete', () => {
  it('is idempotent, does the percent math, and completes the course once', async () => {
    const c = await makeCourse(teacher, { lessons: 3 })
    const student = await t.asStudent()
    await enroll(student, c.courseId)
    const lessonEvents = t.captureEvents('lesson.completed')
    const completedEvents = t.captureEvents('course.completed')

    const first = await complete(student, c.lessonIds[0]!)
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toEqual({ completed: 1, total: 3, percent: 33, status: 'active', courseId: c.courseId })
    expect((await complete(student, c.lessonIds[0]!)).json()).toMatchObject({ completed: 1, percent: 33, status: 'active' })
    expect((await complete(student, c.lessonIds[1]!)).json()).toMatchObject({ completed: 2, percent: 66 })
    const last = await complete(student, c.lessonIds[2]!)
    expect(last.json()).toEqual({ completed: 3, total: 3, percent: 100, status: 'completed', courseId: c.courseId })
    expect((await complete(student, c.lessonIds[2]!)).json()).toMatchObject({ percent: 100, status: 'completed' })

    const p = await progress(student, c.courseId)
    expect(p.json()).toEqual({ completed: 3, total: 3, percent: 100, status: 'completed', completedLessonIds: c.lessonIds })
    const [row] = await sql<{ status: string; completed_at: string | null; completed_lessons: number }>(
      t, `SELECT status, completed_at, completed_lessons FROM enrollments WHERE student_id = ?`, [student.user.id])
    expect(row).toMatchObject({ status: 'completed', completed_lessons: 3 })
    expect(row!.completed_at).not.toBeNull()

    await t.drainEvents()
    expect(lessonEvents.payloads.filter((e) => e.studentId === student.user.id)).toHaveLength(3)
    expect(completedEvents.payloads.filter((e) => e.studentId === student.user.id)).toEqual([
      expect.objectContaining({ courseId: c.courseId, studentId: student.user.id, completedAt: new Date(row!.completed_at!).toISOString() }),
    ])
  })

  it('lowers the percent for lessons added later but never undoes a recorded completion', async () => {
    const c = await makeCourse(teacher, { lessons: 2 })
    const student = await t.asStudent()
    await enroll(student, c.courseId)
    await complete(student, c.lessonIds[0]!)
    expect((await complete(student, c.lessonIds[1]!)).json().status).toBe('completed')
    const events = t.captureEvents('course.completed')

    const added = await addLesson(teacher, c.moduleId, 'Bonus')
    expect((await progress(student, c.courseId)).json()).toEqual({
      completed: 2, total: 3, percent: 66, status: 'completed', completedLessonIds: c.lessonIds,
    })
    expect((await complete(student, added)).json()).toMatchObject({ completed: 3, total: 3, percent: 100, status: 'completed' })
    await t.drainEvents()
    expect(events.payloads.filter((e) => e.studentId === student.user.id)).toHaveLength(0)
  })

  it('stops counting a deleted lesson, and completes when the rest is done', async () => {
    const c = await makeCourse(teacher, { lessons: 3 })
    const student = await t.asStudent()
    await enroll(student, c.courseId)
    await complete(student, c.lessonIds[0]!)
    await complete(student, c.lessonIds[1]!)
    const del = await teacher.inject({ method: 'DELETE', url: `/api/v1/lessons/${c.lessonIds[0]}` })
    expect(del.statusCode, del.body).toBe(204)
    expect((await progress(student, c.courseId)).json()).toMatchObject({ completed: 1, total: 2, percent: 50, completedLessonIds: [c.lessonIds[1]] })
    expectProblem(await complete(student, c.lessonIds[0]!), 404)
    expect((await complete(student, c.lessonIds[2]!)).json()).toMatchObject({ completed: 2, total: 2, percent: 100, status: 'completed' })
  })

  it('refuses students not enrolled (403), other roles (403), unknown lessons (404) and malformed ids (400)', async () => {
    const c = await makeCourse(teacher, { lessons: 1 })
    const stranger = await t.asStudent()
    expectProblem(await complete(stranger, c.lessonIds[0]!), 403, 'EDU_ENROLLMENT_NOT_ENROLLED')
    expectProblem(await complete(teacher, c.lessonIds[0]!), 403)
    expectProblem(await complete(stranger, '0190a0b0-0000-7000-8000-000000000000'), 404)
    expectProblem(await complete(stranger, 'lesson-1'), 400)
    // A draft's lessons do not exist for students: 404, as GET /lessons/:id answers.
    const draft = await makeCourse(teacher, { lessons: 1, publish: false })
    expectProblem(await complete(stranger, draft.lessonIds[0]!), 404, 'EDU_ENROLLMENT_LESSON_NOT_FOUND')
    const rows = await sql(t, `SELECT count(*)::int AS n FROM lesson_progress lp JOIN enrollments e ON e.id = lp.enrollment_id WHERE e.student_id = ?`, [stranger.user.id])
    expect(rows[0]!.n).toBe(0)
  })
})

describe('GET /progress/courses/:id', () => {
  it('answers 403 to a student not enrolled, 404 for unknown or draft courses, 400 for bad ids', async () => {
    const c = await makeCourse(teacher, { lessons: 1 })
    const draft = await makeCourse(teacher, { lessons: 1, publish: false })
    const student = await t.asStudent()
    expectProblem(await progress(student, c.courseId), 403, 'EDU_ENROLLMENT_NOT_ENROLLED')
    expectProblem(await progress(student, draft.courseId), 404)
    expectProblem(await progress(student, '0190a0b0-0000-7000-8000-000000000000'), 404)
    expectProblem(await progress(student, 'x'), 400)
    await enroll(student, c.courseId)
    expect((await progress(student, c.courseId)).json()).toEqual({ completed: 0, total: 1, percent: 0, status: 'active', completedLessonIds: [] })
  })
})

describe('lesson access (course-access service)', () => {
  it('lets enrolled students read non-preview lessons, and nobody else', async () => {
    const c = await makeCourse(teacher, { lessons: 1 })
    const student = await t.asStudent()
    const read = () => student.inject({ method: 'GET', url: `/api/v1/lessons/${c.lessonIds[0]}` })
    expectProblem(await read(), 403)
    await enroll(student, c.courseId)
    expect((await read()).statusCode).toBe(200)
    expect(await t.app.services.get('course-access').isEnrolled(student.user.id, c.courseId)).toBe(true)
  })
})

describe('deleting the last lessons a student had not done', () => {
  it('completes the enrollment and emits course.completed once, without another completion call', async () => {
    const c = await makeCourse(teacher, { lessons: 3 })
    const student = await t.asStudent()
    const other = await t.asStudent()
    await enroll(student, c.courseId)
    await enroll(other, c.courseId)
    await complete(student, c.lessonIds[0]!)
    await complete(student, c.lessonIds[1]!)
    const events = t.captureEvents('course.completed')

    const del = await teacher.inject({ method: 'DELETE', url: `/api/v1/lessons/${c.lessonIds[2]}` })
    expect(del.statusCode, del.body).toBe(204)
    await t.drainEvents()
    expect((await progress(student, c.courseId)).json()).toEqual({ completed: 2, total: 2, percent: 100, status: 'completed', completedLessonIds: c.lessonIds.slice(0, 2) })
    expect((await progress(other, c.courseId)).json()).toMatchObject({ completed: 0, total: 2, percent: 0, status: 'active' })
    const [row] = await sql<{ completed_at: string | null }>(t, `SELECT completed_at FROM enrollments WHERE student_id = ?`, [student.user.id])
    expect(row!.completed_at).not.toBeNull()
    expect(events.payloads).toEqual([expect.objectContaining({ studentId: student.user.id, courseId: c.courseId })])

    // Completing a remaining lesson again changes nothing and emits nothing more.
    expect((await complete(student, c.lessonIds[1]!)).json()).toMatchObject({ percent: 100, status: 'completed' })
    await t.drainEvents()
    expect(events.payloads).toHaveLength(1)
  })
})
