import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { createTestEngine, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { payments } from '../src/index.ts'
import { makeCourse, pay, sql } from './helpers.ts'

let t: TestEngine

beforeAll(async () => {
  // No dispatcher runs: each test delivers the outbox events itself, in the order it wants.
  t = await createTestEngine({ plugins: [courses(), enrollment(), payments()], extras: { dispatch: false } })
})
afterAll(async () => t?.close())

const eventOf = async (event: string, paymentId: string) =>
  (await sql<{ event_id: string }>(t, `SELECT event_id FROM edu_outbox WHERE event = ? AND payload->>'paymentId' = ?`, [event, paymentId]))[0]!.event_id
const deliver = async (event: string, paymentId: string) => t.app.edu.dispatcher.deliverEvent(await eventOf(event, paymentId))

describe('a refund whose event is delivered before the payment\'s enrollment', () => {
  it('never leaves an enrollment with lesson access, and the count untouched', async () => {
    const teacher = await t.asTeacher()
    const admin = await t.asAdmin()
    const course = await makeCourse(teacher, { priceCents: 3100 })
    const student = await t.asStudent()
    const paid = await pay(student, course.courseId)
    expect(paid.statusCode, paid.body).toBe(201)
    const paymentId = paid.json().id as string
    // The enrollment handler has not run yet (it failed and backs off, or its engine died) when an admin refunds.
    const refunded = await admin.inject({ method: 'POST', url: `/api/v1/payments/${paymentId}/refund` })
    expect(refunded.statusCode, refunded.body).toBe(200)
    // Delivered out of order: the refund first, then the completion.
    await deliver('payment.refunded', paymentId)
    await deliver('payment.completed', paymentId)
    expect(await sql(t, `SELECT status FROM edu_outbox WHERE payload->>'paymentId' = ? AND subscriber LIKE 'enrollment.%'`, [paymentId])).toEqual([{ status: 'delivered' }, { status: 'delivered' }])

    expect(await t.app.services.get('course-access').isEnrolled(student.user.id, course.courseId)).toBe(false)
    const lesson = await student.inject({ method: 'GET', url: `/api/v1/lessons/${course.lessonIds[0]}` })
    expect(lesson.statusCode).toBe(403)
    expect((await t.inject({ method: 'GET', url: `/api/v1/courses/${course.courseId}` })).json().enrollmentCount).toBe(0)
    expect((await t.inject({ method: 'GET', url: `/api/v1/courses/${course.courseId}/enrollments/count` })).json()).toEqual({ count: 0 })

    // A new payment still enrolls, once.
    const again = await pay(student, course.courseId)
    expect(again.statusCode, again.body).toBe(201)
    await deliver('payment.completed', again.json().id)
    expect(await t.app.services.get('course-access').isEnrolled(student.user.id, course.courseId)).toBe(true)
    expect((await t.inject({ method: 'GET', url: `/api/v1/courses/${course.courseId}` })).json().enrollmentCount).toBe(1)
    expect(await sql(t, `SELECT status, payment_id FROM enrollments WHERE student_id = ?`, [student.user.id])).toEqual([{ status: 'active', payment_id: again.json().id }])
  })
})
