import { courses } from '@eduplatform/plugin-courses'
import { createTestEngine, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enrollment } from '../src/index.ts'
import { enroll, makeCourse } from './helpers.ts'

let t: TestEngine

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment()] })
})
afterAll(async () => t?.close())

describe('enrollment service: listStudentIds', () => {
  it('pages through the students with access, in enrollment order, leaving refunded ones out', async () => {
    const teacher = await t.asTeacher()
    const course = await makeCourse(teacher, { lessons: 1 })
    const other = await makeCourse(teacher, { lessons: 1 })
    const students = [await t.asStudent(), await t.asStudent(), await t.asStudent(), await t.asStudent()]
    for (const s of students) expect((await enroll(s, course.courseId)).statusCode).toBe(201)
    expect((await enroll(students[0]!, other.courseId)).statusCode).toBe(201)
    await t.app.orm.em.fork().execute(`UPDATE enrollments SET status = 'refunded' WHERE student_id = ? AND course_id = ?`, [students[2]!.user.id, course.courseId])

    const service = t.app.services.get('enrollment')
    const first = await service.listStudentIds(course.courseId, { limit: 2 })
    expect(first.studentIds).toEqual([students[0]!.user.id, students[1]!.user.id])
    expect(first.nextCursor).not.toBeNull()
    const second = await service.listStudentIds(course.courseId, { limit: 2, cursor: first.nextCursor })
    expect(second).toEqual({ studentIds: [students[3]!.user.id], nextCursor: null })
    expect(await service.listStudentIds(other.courseId)).toEqual({ studentIds: [students[0]!.user.id], nextCursor: null })
  })
})
