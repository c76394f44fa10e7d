import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, EventCapture, TestEngine } from '@eduplatform/core/testing'
import {
  courseFigures, engine, enrolledStudent, expectProblem, makeCourse, postReview, review, snapshot, sql, type TestCourse,
} from './helpers.ts'

let t: TestEngine
let teacher: Actor
let otherTeacher: Actor
let admin: Actor
let course: TestCourse
let created: EventCapture<'review.created'>
let updated: EventCapture<'review.updated'>
let deleted: EventCapture<'review.deleted'>
let replied: EventCapture<'review.replied'>
let hidden: EventCapture<'review.hidden'>

beforeAll(async () => {
  t = await engine()
  created = t.captureEvents('review.created')
  updated = t.captureEvents('review.updated')
  deleted = t.captureEvents('review.deleted')
  replied = t.captureEvents('review.replied')
  hidden = t.captureEvents('review.hidden')
  teacher = await t.asTeacher({ verified: true })
  otherTeacher = await t.asTeacher({ verified: true })
  admin = await t.asAdmin()
  course = await makeCourse(teacher)
})
afterAll(async () => t?.close())

describe('POST /courses/:id/reviews', () => {
  it('creates the review of an enrolled student (201), moves the course figures and announces it', async () => {
    const student = await enrolledStudent(t, course.courseId, 'Ada Lovelace')
    const res = await postReview(student, course.courseId, { rating: 4, comment: 'Clear and well paced.' })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.headers.location).toBe(`/api/v1/courses/${course.courseId}/reviews`)
    const body = res.json()
    expect(body).toMatchObject({
      courseId: course.courseId, rating: 4, comment: 'Clear and well paced.', author: { id: student.user.id, name: 'Ada Lovelace' },
      verifiedLearner: false, reply: null, hidden: false, hiddenReason: null,
    })
    expect(body.createdAt).toBe(body.updatedAt)
    expect(await courseFigures(t, course.courseId)).toEqual({ avgRating: 4, reviewCount: 1 })
    const [event] = await created.waitFor(1)
    expect(event).toEqual({ reviewId: body.id, courseId: course.courseId, authorId: student.user.id, rating: 4 })
  })

  it('refuses a second review by the same student with 409 and keeps the first', async () => {
    const student = await enrolledStudent(t, course.courseId)
    const first = await review(student, course.courseId, 5, 'first')
    const before = await snapshot(t, course.courseId)
    const res = await postReview(student, course.courseId, { rating: 1, comment: 'second' })
    expectProblem(res, 409, 'EDU_REVIEWS_ALREADY_REVIEWED')
    expect(res.json().detail).toBe(`You have already reviewed course ${course.courseId}: edit your review with PATCH /api/v1/reviews/${first}`)
    expect(await snapshot(t, course.courseId)).toEqual(before)
  })

  it('refuses students who are not enrolled (403)', async () => {
    const outsider = await t.asStudent()
    expectProblem(await postReview(outsider, course.courseId, { rating: 5, comment: '' }), 403, 'EDU_REVIEWS_NOT_ENROLLED')
    expect(await sql(t, 'SELECT 1 FROM reviews WHERE author_id = ?', [outsider.user.id])).toEqual([])
  })

  it('refuses students whose enrollment was refunded (403)', async () => {
    const paid = await makeCourse(teacher, { priceCents: 1900 })
    const student = await t.asStudent()
    const payment = await student.inject({ method: 'POST', url: '/api/v1/payments', headers: { 'idempotency-key': 'review-refund-1' }, payload: { courseId: paid.courseId } })
    expect(payment.statusCode, payment.body).toBe(201)
    await t.drainEvents()
    const refund = await admin.inject({ method: 'POST', url: `/api/v1/payments/${payment.json().id}/refund` })
    expect(refund.statusCode, refund.body).toBe(200)
    await t.drainEvents()
    expect(await sql(t, 'SELECT status FROM enrollments WHERE student_id = ?', [student.user.id])).toEqual([{ status: 'refunded' }])
    expectProblem(await postReview(student, paid.courseId, { rating: 5, comment: '' }), 403, 'EDU_REVIEWS_REFUNDED')
    expect(await sql(t, 'SELECT 1 FROM reviews WHERE course_id = ?', [paid.courseId])).toEqual([])
  })

  it('keeps a review whose enrollment is refunded later out of nothing, and deletes reviews with their course', async () => {
    const paid = await makeCourse(teacher, { priceCents: 2900 })
    const student = await t.asStudent()
    const payment = await student.inject({ method: 'POST', url: '/api/v1/payments', headers: { 'idempotency-key': 'review-refund-2' }, payload: { courseId: paid.courseId } })
    expect(payment.statusCode, payment.body).toBe(201)
    await t.drainEvents()
    const reviewId = await review(student, paid.courseId, 2, 'Refund please')
    expect(await courseFigures(t, paid.courseId)).toEqual({ avgRating: 2, reviewCount: 1 })
    expect((await admin.inject({ method: 'POST', url: `/api/v1/payments/${payment.json().id}/refund` })).statusCode).toBe(200)
    await t.drainEvents()
    // The review stays, its author no longer a verified learner; with no enrollment left the course may be deleted.
    const list = await t.inject({ method: 'GET', url: `/api/v1/courses/${paid.courseId}/reviews` })
    expect(list.json().items.map((i: { id: string; verifiedLearner: boolean }) => [i.id, i.verifiedLearner])).toEqual([[reviewId, false]])
    const del = await teacher.inject({ method: 'DELETE', url: `/api/v1/courses/${paid.courseId}` })
    expect(del.statusCode, del.body).toBe(204)
    await t.drainEvents()
    expect(await sql(t, 'SELECT id FROM reviews WHERE course_id = ?', [paid.courseId])).toEqual([])
    expect(await sql(t, 'SELECT course_id FROM review_course_stats WHERE course_id = ?', [paid.courseId])).toEqual([])
    expectProblem(await t.inject({ method: 'GET', url: `/api/v1/courses/${paid.courseId}/reviews` }), 404, 'EDU_REVIEWS_COURSE_NOT_FOUND')
  })

  it('lets only students review: anonymous 401, teachers and admins 403, before the body is read', async () => {
    expectProblem(await t.inject({ method: 'POST', url: `/api/v1/courses/${course.courseId}/reviews`, payload: { rating: 9 } }), 401)
    expectProblem(await postReview(teacher, course.courseId, { rating: 9 }), 403)
    expectProblem(await postReview(admin, course.courseId, { rating: 5, comment: '' }), 403)
  })

  it('answers 404 for an unknown course and 400 for a malformed id', async () => {
    const student = await t.asStudent()
    expectProblem(await postReview(student, '00000000-0000-4000-8000-000000000000', { rating: 5, comment: '' }), 404, 'EDU_REVIEWS_COURSE_NOT_FOUND')
    const bad = await postReview(student, 'not-a-uuid', { rating: 5, comment: '' })
    expectProblem(bad, 400)
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['params.id'])
  })

  describe('bad input is refused (400 naming the field) and changes nothing stored', () => {
    let student: Actor
    beforeAll(async () => {
      student = await enrolledStudent(t, course.courseId)
    })
    const ratings: Array<[string, unknown]> = [['0', 0], ['6', 6], ['4.5', 4.5], ['the string "5"', '5'], ['null', null], ['-1', -1], ['true', true]]
    for (const [label, rating] of ratings) {
      it(`rating ${label}`, async () => {
        const before = await snapshot(t, course.courseId)
        const res = await postReview(student, course.courseId, { rating, comment: 'x' })
        expectProblem(res, 400)
        expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.rating'])
        expect(await snapshot(t, course.courseId)).toEqual(before)
      })
    }

    it('a missing rating and a missing comment', async () => {
      const before = await snapshot(t, course.courseId)
      const res = await postReview(student, course.courseId, {})
      expectProblem(res, 400)
      expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.comment', 'body.rating'])
      expect(await snapshot(t, course.courseId)).toEqual(before)
    })

    it('a comment of 5,001 characters (5,000 pass) and a 100 KB comment', async () => {
      const before = await snapshot(t, course.courseId)
      const over = await postReview(student, course.courseId, { rating: 3, comment: 'a'.repeat(5001) })
      expectProblem(over, 400)
      expect(over.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.comment'])
      const huge = await postReview(student, course.courseId, { rating: 3, comment: 'é'.repeat(100 * 1024) })
      expectProblem(huge, 400)
      expect(huge.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.comment'])
      expect(await snapshot(t, course.courseId)).toEqual(before)
    })

    it('a comment PostgreSQL cannot store (NUL, a lone surrogate) or with control characters, and an unknown field', async () => {
      const before = await snapshot(t, course.courseId)
      for (const comment of ['nul \u0000 inside', 'lone \ud800 surrogate', 'a bell \u0007 rings', 'escape \u001b[31m']) {
        const res = await postReview(student, course.courseId, { rating: 3, comment })
        expectProblem(res, 400)
        expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.comment'])
      }
      const extra = await postReview(student, course.courseId, { rating: 3, comment: '', authorId: admin.user.id })
      expectProblem(extra, 400)
      expect(await snapshot(t, course.courseId)).toEqual(before)
    })

    it('a comment of exactly 5,000 characters (astral ones count once) is accepted', async () => {
      const comment = '😀'.repeat(2500) + 'b'.repeat(2500)
      const res = await postReview(student, course.courseId, { rating: 2, comment })
      expect(res.statusCode, res.body).toBe(201)
      const [row] = await sql<{ comment: string }>(t, 'SELECT comment FROM reviews WHERE id = ?', [res.json().id])
      expect(row!.comment).toBe(comment)
      await student.inject({ method: 'DELETE', url: `/api/v1/reviews/${res.json().id}` })
    })
  })

  it('stores and returns HTML and whitespace exactly as written (plain text, never stripped or rendered)', async () => {
    const student = await enrolledStudent(t, course.courseId, '<b>Bold</b> & "quoted"')
    const comment = '<script>alert("x")</script> <b>great</b> &amp; 5 < 6\n\n  indented\ttab'
    const res = await postReview(student, course.courseId, { rating: 5, comment })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().comment).toBe(comment)
    expect(res.json().author.name).toBe('<b>Bold</b> & "quoted"')
    const [row] = await sql<{ comment: string }>(t, 'SELECT comment FROM reviews WHERE id = ?', [res.json().id])
    expect(row!.comment).toBe(comment)
    const list = await t.inject({ method: 'GET', url: `/api/v1/courses/${course.courseId}/reviews?limit=100` })
    expect(list.json().items.find((i: { id: string }) => i.id === res.json().id).comment).toBe(comment)
  })
})

describe('PATCH and DELETE /reviews/:id', () => {
  let c: TestCourse
  let author: Actor
  let reviewId: string
  beforeAll(async () => {
    c = await makeCourse(teacher)
    author = await enrolledStudent(t, c.courseId)
    const other = await enrolledStudent(t, c.courseId)
    await review(other, c.courseId, 2)
    reviewId = await review(author, c.courseId, 5, 'Loved it')
  })

  it('lets the author change the rating and comment; the course average follows', async () => {
    expect(await courseFigures(t, c.courseId)).toEqual({ avgRating: 3.5, reviewCount: 2 })
    const res = await author.inject({ method: 'PATCH', url: `/api/v1/reviews/${reviewId}`, payload: { rating: 3 } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ id: reviewId, rating: 3, comment: 'Loved it' })
    expect(res.json().updatedAt > res.json().createdAt).toBe(true)
    expect(await courseFigures(t, c.courseId)).toEqual({ avgRating: 2.5, reviewCount: 2 })
    const comment = await author.inject({ method: 'PATCH', url: `/api/v1/reviews/${reviewId}`, payload: { comment: 'Liked it' } })
    expect(comment.json()).toMatchObject({ rating: 3, comment: 'Liked it' })
    await t.drainEvents()
    expect(updated.payloads.filter((e) => e.reviewId === reviewId)).toEqual([
      { reviewId, courseId: c.courseId, authorId: author.user.id, rating: 3 },
      { reviewId, courseId: c.courseId, authorId: author.user.id, rating: 3 },
    ])
  })

  it('refuses other students and the course teacher (403), and bad bodies (400), changing nothing', async () => {
    const before = await snapshot(t, c.courseId)
    const stranger = await enrolledStudent(t, c.courseId)
    expectProblem(await stranger.inject({ method: 'PATCH', url: `/api/v1/reviews/${reviewId}`, payload: { rating: 1 } }), 403, 'EDU_REVIEWS_NOT_AUTHOR')
    expectProblem(await teacher.inject({ method: 'DELETE', url: `/api/v1/reviews/${reviewId}` }), 403, 'EDU_REVIEWS_NOT_AUTHOR')
    for (const payload of [{}, { rating: 0 }, { rating: 4.5 }, { rating: '4' }, { comment: null }, { comment: 'x'.repeat(5001) }]) {
      expectProblem(await author.inject({ method: 'PATCH', url: `/api/v1/reviews/${reviewId}`, payload }), 400)
    }
    expectProblem(await t.inject({ method: 'PATCH', url: `/api/v1/reviews/${reviewId}`, payload: { rating: 1 } }), 401)
    expectProblem(await author.inject({ method: 'PATCH', url: '/api/v1/reviews/00000000-0000-4000-8000-000000000000', payload: { rating: 1 } }), 404, 'EDU_REVIEWS_NOT_FOUND')
    expect(await snapshot(t, c.courseId)).toEqual(before)
  })

  it('lets an admin edit and delete any review', async () => {
    const s = await enrolledStudent(t, c.courseId)
    const id = await review(s, c.courseId, 1)
    expect(await courseFigures(t, c.courseId)).toEqual({ avgRating: 2, reviewCount: 3 })
    const edit = await admin.inject({ method: 'PATCH', url: `/api/v1/reviews/${id}`, payload: { comment: 'edited by a moderator' } })
    expect(edit.statusCode, edit.body).toBe(200)
    const del = await admin.inject({ method: 'DELETE', url: `/api/v1/reviews/${id}` })
    expect(del.statusCode, del.body).toBe(204)
    expect(del.body).toBe('')
    expect(await courseFigures(t, c.courseId)).toEqual({ avgRating: 2.5, reviewCount: 2 })
  })

  it('lets the author delete their review (204); the figures follow and the student may review again', async () => {
    const res = await author.inject({ method: 'DELETE', url: `/api/v1/reviews/${reviewId}` })
    expect(res.statusCode, res.body).toBe(204)
    expect(await courseFigures(t, c.courseId)).toEqual({ avgRating: 2, reviewCount: 1 })
    await t.drainEvents()
    expect(deleted.payloads.filter((e) => e.reviewId === reviewId)).toEqual([{ reviewId, courseId: c.courseId, authorId: author.user.id }])
    expectProblem(await author.inject({ method: 'DELETE', url: `/api/v1/reviews/${reviewId}` }), 404, 'EDU_REVIEWS_NOT_FOUND')
    await review(author, c.courseId, 4)
    expect(await courseFigures(t, c.courseId)).toEqual({ avgRating: 3, reviewCount: 2 })
  })
})

describe('PUT and DELETE /reviews/:id/reply', () => {
  let c: TestCourse
  let author: Actor
  let reviewId: string
  beforeAll(async () => {
    c = await makeCourse(teacher)
    author = await enrolledStudent(t, c.courseId)
    reviewId = await review(author, c.courseId, 3, 'Too fast')
  })

  it("lets the course's owner reply once (201), then replace the reply (200) without a second announcement", async () => {
    const first = await teacher.inject({ method: 'PUT', url: `/api/v1/reviews/${reviewId}/reply`, payload: { body: 'Thanks, <i>noted</i>!' } })
    expect(first.statusCode, first.body).toBe(201)
    expect(first.json().reply).toMatchObject({ body: 'Thanks, <i>noted</i>!' })
    expect(first.json().reply.createdAt).toBe(first.json().reply.updatedAt)
    const second = await teacher.inject({ method: 'PUT', url: `/api/v1/reviews/${reviewId}/reply`, payload: { body: 'Slower videos are coming.' } })
    expect(second.statusCode, second.body).toBe(200)
    expect(second.json().reply.body).toBe('Slower videos are coming.')
    expect(second.json().reply.createdAt).toBe(first.json().reply.createdAt)
    await t.drainEvents()
    expect(replied.payloads.filter((e) => e.reviewId === reviewId)).toEqual([
      { reviewId, courseId: c.courseId, authorId: author.user.id, teacherId: teacher.user.id },
    ])
    const list = await t.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/reviews` })
    expect(list.json().items[0].reply.body).toBe('Slower videos are coming.')
  })

  it('refuses other teachers, admins and students (403), anonymous (401), and bad bodies (400)', async () => {
    const before = await snapshot(t, c.courseId)
    expectProblem(await otherTeacher.inject({ method: 'PUT', url: `/api/v1/reviews/${reviewId}/reply`, payload: { body: 'hi' } }), 403, 'EDU_REVIEWS_NOT_COURSE_OWNER')
    expectProblem(await admin.inject({ method: 'PUT', url: `/api/v1/reviews/${reviewId}/reply`, payload: { body: 'hi' } }), 403)
    expectProblem(await author.inject({ method: 'PUT', url: `/api/v1/reviews/${reviewId}/reply`, payload: { body: 'hi' } }), 403)
    expectProblem(await t.inject({ method: 'PUT', url: `/api/v1/reviews/${reviewId}/reply`, payload: { body: 'hi' } }), 401)
    for (const payload of [{}, { body: '' }, { body: ' \n\t ' }, { body: '\u200B\u00A0' }, { body: 7 }, { body: 'x'.repeat(5001) }]) {
      const res = await teacher.inject({ method: 'PUT', url: `/api/v1/reviews/${reviewId}/reply`, payload })
      expectProblem(res, 400)
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.body'])
    }
    expectProblem(await otherTeacher.inject({ method: 'DELETE', url: `/api/v1/reviews/${reviewId}/reply` }), 403)
    expect(await snapshot(t, c.courseId)).toEqual(before)
  })

  it('lets the owner delete the reply (204); a second delete is 404', async () => {
    const res = await teacher.inject({ method: 'DELETE', url: `/api/v1/reviews/${reviewId}/reply` })
    expect(res.statusCode, res.body).toBe(204)
    const list = await t.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/reviews` })
    expect(list.json().items[0].reply).toBeNull()
    expectProblem(await teacher.inject({ method: 'DELETE', url: `/api/v1/reviews/${reviewId}/reply` }), 404, 'EDU_REVIEWS_NO_REPLY')
  })
})

describe('PATCH /reviews/:id/moderation', () => {
  let c: TestCourse
  let author: Actor
  let reviewId: string
  beforeAll(async () => {
    c = await makeCourse(teacher)
    author = await enrolledStudent(t, c.courseId)
    await review(await enrolledStudent(t, c.courseId), c.courseId, 5)
    reviewId = await review(author, c.courseId, 1, 'spam spam spam')
  })

  it('hides a review: it leaves the average and the public list, admins still see it, the author is told', async () => {
    expect(await courseFigures(t, c.courseId)).toEqual({ avgRating: 3, reviewCount: 2 })
    const res = await admin.inject({ method: 'PATCH', url: `/api/v1/reviews/${reviewId}/moderation`, payload: { hidden: true, reason: 'Spam' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ id: reviewId, hidden: true, hiddenReason: 'Spam' })
    expect(await courseFigures(t, c.courseId)).toEqual({ avgRating: 5, reviewCount: 1 })
    const summary = await t.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/reviews/summary` })
    expect(summary.json()).toEqual({ courseId: c.courseId, avgRating: 5, reviewCount: 1, histogram: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 } })
    const publicList = await t.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/reviews` })
    expect(publicList.json().items.map((i: { id: string }) => i.id)).not.toContain(reviewId)
    expect(publicList.json().items).toHaveLength(1)
    const asTeacher = await teacher.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/reviews` })
    expect(asTeacher.json().items).toHaveLength(1)
    const adminList = await admin.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/reviews` })
    expect(adminList.json().items.map((i: { id: string; hidden: boolean }) => [i.id, i.hidden])).toContainEqual([reviewId, true])
    expect(adminList.json().items).toHaveLength(2)
    expect(adminList.headers['cache-control']).toBe('private, no-cache')
    await hidden.waitFor(1)
    expect(hidden.payloads).toEqual([{ reviewId, courseId: c.courseId, authorId: author.user.id, hidden: true, reason: 'Spam' }])
    // The course's owner cannot reply to what they cannot see.
    expectProblem(await teacher.inject({ method: 'PUT', url: `/api/v1/reviews/${reviewId}/reply`, payload: { body: 'hi' } }), 404)
  })

  it('is idempotent: hiding again changes nothing and announces nothing', async () => {
    const before = await snapshot(t, c.courseId)
    const res = await admin.inject({ method: 'PATCH', url: `/api/v1/reviews/${reviewId}/moderation`, payload: { hidden: true, reason: 'Spam' } })
    expect(res.statusCode).toBe(200)
    expect(await snapshot(t, c.courseId)).toEqual(before)
  })

  it('a hidden review edited by its author stays out of the figures', async () => {
    const res = await author.inject({ method: 'PATCH', url: `/api/v1/reviews/${reviewId}`, payload: { rating: 2 } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().hidden).toBe(true)
    expect(await courseFigures(t, c.courseId)).toEqual({ avgRating: 5, reviewCount: 1 })
  })

  it('a hidden review its author cannot delete (403), so no new review takes its place past the moderation', async () => {
    const before = await snapshot(t, c.courseId)
    const res = await author.inject({ method: 'DELETE', url: `/api/v1/reviews/${reviewId}` })
    expectProblem(res, 403, 'EDU_REVIEWS_HIDDEN')
    expect(await snapshot(t, c.courseId)).toEqual(before)
    expectProblem(await author.inject({ method: 'POST', url: `/api/v1/courses/${c.courseId}/reviews`, payload: { rating: 5, comment: 'again' } }), 409)
    expect(await snapshot(t, c.courseId)).toEqual(before)
  })

  it('shows it again: back in the average and the list', async () => {
    const res = await admin.inject({ method: 'PATCH', url: `/api/v1/reviews/${reviewId}/moderation`, payload: { hidden: false } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ hidden: false, hiddenReason: null })
    expect(await courseFigures(t, c.courseId)).toEqual({ avgRating: 3.5, reviewCount: 2 })
    await hidden.waitFor(2)
    expect(hidden.payloads[1]).toEqual({ reviewId, courseId: c.courseId, authorId: author.user.id, hidden: false })
    const list = await t.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/reviews` })
    expect(list.json().items).toHaveLength(2)
  })

  it('is for admins only (403 teacher/student, 401 anonymous), and validates the body (400)', async () => {
    const before = await snapshot(t, c.courseId)
    expectProblem(await teacher.inject({ method: 'PATCH', url: `/api/v1/reviews/${reviewId}/moderation`, payload: { hidden: true } }), 403)
    expectProblem(await author.inject({ method: 'PATCH', url: `/api/v1/reviews/${reviewId}/moderation`, payload: { hidden: true } }), 403)
    expectProblem(await t.inject({ method: 'PATCH', url: `/api/v1/reviews/${reviewId}/moderation`, payload: { hidden: true } }), 401)
    for (const payload of [{}, { hidden: 'yes' }, { hidden: null }, { hidden: true, reason: 'x'.repeat(501) }]) {
      expectProblem(await admin.inject({ method: 'PATCH', url: `/api/v1/reviews/${reviewId}/moderation`, payload }), 400)
    }
    expect(await snapshot(t, c.courseId)).toEqual(before)
  })
})
