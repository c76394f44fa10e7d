import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { createTestEngine, waitUntil, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { payments } from '../src/index.ts'
import { makeCourse, pay, sql } from './helpers.ts'

let t: TestEngine

beforeAll(async () => {
  // This engine commits payments but never runs event handlers: as if it died right after the commit.
  t = await createTestEngine({ plugins: [courses(), enrollment(), payments()], extras: { dispatch: false } })
})
afterAll(async () => t?.close())

describe('a crash between payment and enrollment', () => {
  it('loses nothing: another engine enrolls the student from the outbox, once', async () => {
    const teacher = await t.asTeacher()
    const course = await makeCourse(teacher, { priceCents: 2500 })
    const student = await t.asStudent()
    const res = await pay(student, course.courseId)
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().status).toBe('completed')
    const paymentId = res.json().id
    const enrolled = () => sql(t, `SELECT status, payment_id FROM enrollments WHERE student_id = ?`, [student.user.id])
    expect(await enrolled()).toEqual([])
    const outbox = () => sql(t, `SELECT status FROM edu_outbox WHERE subscriber = 'enrollment.enroll-on-payment' AND payload->>'paymentId' = ?`, [paymentId])
    expect(await outbox()).toEqual([{ status: 'pending' }])

    const restarted = await t.sibling({ dispatch: true })
    await waitUntil(async () => (await outbox())[0]!.status === 'delivered')
    expect(await outbox()).toEqual([{ status: 'delivered' }])
    expect(await enrolled()).toEqual([{ status: 'active', payment_id: paymentId }])
    const lesson = await restarted.inject({ method: 'GET', url: `/api/v1/lessons/${course.lessonIds[0]}`, headers: student.headers })
    expect(lesson.statusCode).toBe(200)
    const detail = await restarted.inject({ method: 'GET', url: `/api/v1/courses/${course.courseId}` })
    expect(detail.json().enrollmentCount).toBe(1)
  })
})
