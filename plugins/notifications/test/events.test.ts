import { randomUUID } from 'node:crypto'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addLesson, enroll, feed, makeCourse, pay, plugins, sql, type TestCourse } from './helpers.ts'

let t: TestEngine
let teacher: Actor
let admin: Actor

beforeAll(async () => {
  t = await createTestEngine({ plugins: plugins() })
  teacher = await t.asTeacher({ name: 'Grace Teacher' })
  admin = await t.asAdmin()
})
afterAll(async () => t?.close())

const emit = <K extends 'review.created' | 'review.replied' | 'review.hidden'>(event: K, payload: Parameters<TestEngine['app']['events']['emit']>[2] & object) =>
  t.app.orm.em.fork().transactional((em) => t.app.events.emit(em, event, payload as never))

describe('in-app notifications made from events', () => {
  it('tells a student of a free enrollment, linking to the course', async () => {
    const course = await makeCourse(teacher, { title: 'Knots <for> sailors' })
    const student = await t.asStudent()
    await enroll(student, course.courseId)
    await t.drainEvents()
    const items = await feed(student)
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({
      type: 'enrollment.created',
      title: 'You are enrolled in Knots <for> sailors',
      body: 'Start with the first lesson whenever you are ready.',
      link: `/widgets/?course=${course.courseId}`,
      data: { courseId: course.courseId },
      readAt: null,
    })
    expect(Date.parse(items[0]!.createdAt)).not.toBeNaN()
  })

  it('tells a paying student of the payment (not a second time of the enrollment), then of the refund', async () => {
    const course = await makeCourse(teacher, { title: 'Paid knots', priceCents: 1999 })
    const student = await t.asStudent()
    const payment = await pay(student, course.courseId)
    await t.drainEvents()
    expect((await feed(student)).map((n) => [n.type, n.title, n.body])).toEqual([
      ['payment.completed', 'Payment received for Paid knots', 'We received €19.99. You are enrolled in Paid knots.'],
    ])
    const refund = await admin.inject({ method: 'POST', url: `/api/v1/payments/${payment.id}/refund` })
    expect(refund.statusCode, refund.body).toBe(200)
    await t.drainEvents()
    const items = await feed(student)
    expect(items.map((n) => n.type)).toEqual(['payment.refunded', 'payment.completed'])
    expect(items[0]).toMatchObject({ title: 'Refund issued for Paid knots', data: { paymentId: payment.id, amountCents: 1999, currency: 'EUR' } })
  })

  it('tells a student who completed every lesson', async () => {
    const course = await makeCourse(teacher, { title: 'Short course' })
    const student = await t.asStudent()
    await enroll(student, course.courseId)
    const done = await student.inject({ method: 'POST', url: `/api/v1/progress/lessons/${course.lessonIds[0]}/complete` })
    expect(done.json()).toMatchObject({ status: 'completed', percent: 100 })
    await t.drainEvents()
    expect((await feed(student))[0]).toMatchObject({ type: 'course.completed', title: 'You completed Short course' })
  })

  it('tells a teacher their account was verified, and a new user welcome', async () => {
    const registered = await t.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: `new-${randomUUID()}@test.edu`, password: 'a long enough password', name: 'New Teacher', role: 'teacher' } })
    expect(registered.statusCode, registered.body).toBe(201)
    const newTeacher = await t.actor(registered.json().user)
    // Two events of two subscribers may be delivered at once, in either order: the welcome is made first.
    await t.drainEvents()
    const verified = await admin.inject({ method: 'PATCH', url: `/api/v1/admin/users/${newTeacher.user.id}/verify` })
    expect(verified.statusCode, verified.body).toBe(200)
    await t.drainEvents()
    expect((await feed(newTeacher)).map((n) => [n.type, n.title])).toEqual([
      ['teacher.verified', 'Your teacher account is verified'],
      ['account.welcome', 'Welcome to EduPlatform'],
    ])
  })

  it('tells the course’s teacher of a review, and the reviewer of a reply (once, even when the reply is edited) and of hiding', async () => {
    const course = await makeCourse(teacher, { title: 'Reviewed course' })
    const student = await t.asStudent({ name: 'Rita Reviewer' })
    const reviewId = randomUUID()
    await emit('review.created', { reviewId, courseId: course.courseId, authorId: student.user.id, rating: 4 })
    await emit('review.replied', { reviewId, courseId: course.courseId, authorId: student.user.id, teacherId: teacher.user.id })
    await emit('review.replied', { reviewId, courseId: course.courseId, authorId: student.user.id, teacherId: teacher.user.id })
    await emit('review.hidden', { reviewId, courseId: course.courseId, authorId: student.user.id, hidden: true, reason: 'Off topic' })
    await emit('review.hidden', { reviewId, courseId: course.courseId, authorId: student.user.id, hidden: false })
    await t.drainEvents()
    const toTeacher = (await feed(teacher)).filter((n) => n.data.reviewId === reviewId)
    expect(toTeacher.map((n) => [n.type, n.title, n.body])).toEqual([['review.created', 'New review of Reviewed course', 'Rita Reviewer rated it 4 out of 5.']])
    expect((await feed(student)).map((n) => [n.type, n.title, n.body])).toEqual([
      ['review.hidden', 'Your review of Reviewed course was hidden', 'A moderator hid it from the course page: Off topic'],
      ['review.replied', 'Grace Teacher replied to your review', 'The teacher of Reviewed course replied to your review.'],
    ])
  })

  it('gathers the lessons added to an enrolled course in one day into one notification per student', async () => {
    const course = await makeCourse(teacher, { title: 'Growing course' })
    const enrolled = await t.asStudent()
    const other = await t.asStudent()
    await enroll(enrolled, course.courseId)
    await t.drainEvents()
    const before = (await feed(enrolled)).length
    const first = await addLesson(teacher, course.moduleId, 'Tying a bowline')
    await t.drainEvents()
    let added = (await feed(enrolled)).filter((n) => n.type === 'lesson.added')
    expect(added).toHaveLength(1)
    expect(added[0]).toMatchObject({ title: 'New lesson in Growing course', body: 'New lesson: Tying a bowline', data: { courseId: course.courseId, lessonIds: [first] } })
    const read = await enrolled.inject({ method: 'PATCH', url: `/api/v1/notifications/${added[0]!.id}/read` })
    expect(read.statusCode).toBe(200)

    const second = await addLesson(teacher, course.moduleId, 'Tying a clove hitch')
    await t.drainEvents()
    added = (await feed(enrolled)).filter((n) => n.type === 'lesson.added')
    expect(added).toHaveLength(1)
    // Unread again, with both lessons.
    expect(added[0]).toMatchObject({ title: 'New lessons in Growing course', body: '2 new lessons today; the latest: Tying a clove hitch', data: { lessonIds: [first, second] }, readAt: null })
    expect(await feed(enrolled)).toHaveLength(before + 1)
    expect(await feed(other)).toEqual([])
  })

  it('tells no one of a lesson added to a draft, of a lesson edited, or of a course being published', async () => {
    const draft = await makeCourse(teacher, { publish: false })
    const student = await t.asStudent()
    await addLesson(teacher, draft.moduleId, 'Draft lesson')
    const published = await teacher.inject({ method: 'PATCH', url: `/api/v1/courses/${draft.courseId}`, payload: { status: 'published' } })
    expect(published.statusCode).toBe(200)
    await enroll(student, draft.courseId)
    const edited = await teacher.inject({ method: 'PATCH', url: `/api/v1/lessons/${draft.lessonIds[0]}`, payload: { title: 'Renamed' } })
    expect(edited.statusCode, edited.body).toBe(200)
    await t.drainEvents()
    expect((await feed(student)).map((n) => n.type)).toEqual(['enrollment.created'])
    const all = await sql(t, `SELECT count(*)::int AS n FROM notifications WHERE type = 'lesson.added' AND data->>'courseId' = ?`, [draft.courseId])
    expect(all[0]!.n).toBe(0)
    // No delivery was spent on them: no subscriber here wants a draft's new lesson or an edit (enrollment's wants deletions).
    const rows = await sql(t, `SELECT subscriber FROM edu_outbox WHERE event = 'lesson.changed' AND payload->>'courseId' = ?`, [draft.courseId])
    expect(rows).toEqual([])
  })

  it('is given a lesson added to a published course (one outbox row for it), and tells its students', async () => {
    const course = await makeCourse(teacher)
    const student = await t.asStudent()
    await enroll(student, course.courseId)
    await addLesson(teacher, course.moduleId, 'Published lesson')
    await t.drainEvents()
    const rows = await sql(t, `SELECT subscriber, payload->>'draft' AS draft FROM edu_outbox WHERE event = 'lesson.changed' AND payload->>'courseId' = ?`, [course.courseId])
    expect(rows).toEqual([{ subscriber: 'notifications.on-lesson-changed', draft: 'false' }])
    expect((await feed(student)).map((n) => n.type)).toContain('lesson.added')
  })

  it('makes one notification of an event delivered twice (unique on source event and recipient)', async () => {
    const course = await makeCourse(teacher)
    const student = await t.asStudent()
    const subscriber = t.app.events.subscriber('notifications.on-course-completed')!
    const eventId = randomUUID()
    const payload = { enrollmentId: randomUUID(), studentId: student.user.id, courseId: course.courseId, completedAt: new Date().toISOString() }
    for (let attempt = 1; attempt <= 2; attempt++) {
      await t.app.orm.em.fork().transactional((em) => subscriber.handler(payload as never, { em, eventId, event: 'course.completed', attempt }))
    }
    const rows = await sql(t, `SELECT type, source_key FROM notifications WHERE user_id = ?`, [student.user.id])
    expect(rows).toEqual([{ type: 'course.completed', source_key: eventId }])
  })
})
