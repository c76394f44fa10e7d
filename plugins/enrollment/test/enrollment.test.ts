import { courses } from '@eduplatform/plugin-courses'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enrollment } from '../src/index.ts'
import { enroll, expectProblem, makeCourse, sql, type TestCourse } from './helpers.ts'

let t: TestEngine
let teacher: Actor
let free: TestCourse
let paid: TestCourse
let draft: TestCourse

beforeAll(async () => {
  // No payments plugin: paid courses cannot be enrolled in at all.
  t = await createTestEngine({ plugins: [courses(), enrollment()], config: { logLevel: 'error' } })
  teacher = await t.asTeacher()
  free = await makeCourse(teacher)
  paid = await makeCourse(teacher, { priceCents: 4900 })
  draft = await makeCourse(teacher, { publish: false })
})
afterAll(async () => t?.close())

const courseCount = async (courseId: string) => (await t.inject({ method: 'GET', url: `/api/v1/courses/${courseId}/enrollments/count` })).json().count

describe('POST /enrollments', () => {
  it('enrolls a student in a free course (201), emits enrollment.created, and refuses a second time (409)', async () => {
    const created = t.captureEvents('enrollment.created')
    const student = await t.asStudent()
    const res = await enroll(student, free.courseId)
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ studentId: student.user.id, courseId: free.courseId, status: 'active', source: 'free', completedAt: null })
    const [event] = await created.waitFor(1)
    expect(event).toMatchObject({ enrollmentId: res.json().id, studentId: student.user.id, courseId: free.courseId, source: 'free' })

    expectProblem(await enroll(student, free.courseId), 409, 'EDU_ENROLLMENT_ALREADY_ENROLLED')
    const rows = await sql(t, `SELECT count(*)::int AS n FROM enrollments WHERE student_id = ?`, [student.user.id])
    expect(rows[0]!.n).toBe(1)
  })

  it('answers a re-enrolment 409 without a transaction: a row lock held on the enrollment does not hold it up', async () => {
    const student = await t.asStudent()
    expect((await enroll(student, free.courseId)).statusCode).toBe(201)
    // Another session locks the enrollment row (the old path's INSERT … ON CONFLICT DO UPDATE waited for it).
    const other = new pg.Client({ connectionString: t.databaseUrl })
    await other.connect()
    try {
      await other.query('BEGIN')
      const locked = await other.query('SELECT id FROM enrollments WHERE student_id = $1 AND course_id = $2 FOR UPDATE', [student.user.id, free.courseId])
      expect(locked.rowCount).toBe(1)
      // First from the insert's statement, which looks before it writes (and has the answer cached), then from the cache.
      expectProblem(await enroll(student, free.courseId), 409, 'EDU_ENROLLMENT_ALREADY_ENROLLED')
      expectProblem(await enroll(student, free.courseId), 409, 'EDU_ENROLLMENT_ALREADY_ENROLLED')
    } finally {
      await other.query('ROLLBACK').catch(() => {})
      await other.end()
    }
  })

  it('keeps the course enrollment count exact (count route and course detail) and the cached curriculum as it was', async () => {
    const { courseId } = await makeCourse(teacher)
    // Publishing invalidated the course's entries, deleted once more a second later: fill them after that.
    await t.app.cache.settled()
    expect(await courseCount(courseId)).toBe(0)
    expect((await t.inject({ method: 'GET', url: `/api/v1/courses/${courseId}` })).json().enrollmentCount).toBe(0)
    const curriculum = (await t.inject({ method: 'GET', url: `/api/v1/courses/${courseId}/curriculum` })).body
    for (let i = 0; i < 3; i++) expect((await enroll(await t.asStudent(), courseId)).statusCode).toBe(201)
    expect(await courseCount(courseId)).toBe(3)
    const detail = await t.inject({ method: 'GET', url: `/api/v1/courses/${courseId}` })
    expect(detail.json().enrollmentCount).toBe(3)
    // A count shows on the card only: the cached curriculum (no counters) is kept, not recomputed.
    const cached = await t.app.cache.getRaw(`courses:curriculum:${courseId}`)
    expect(cached?.endsWith(curriculum)).toBe(true)
  })

  it('writes nothing and answers 404 when the course row is gone though its facts are still cached', async () => {
    const { courseId } = await makeCourse(teacher)
    // Publishing invalidated the course's entries, deleted once more a second later: fill them after that.
    await t.app.cache.settled()
    expect((await enroll(await t.asStudent(), courseId)).statusCode).toBe(201)
    // Removed behind the plugin's back: its cached facts still say published, so only the statement finds out.
    await sql(t, 'DELETE FROM courses WHERE id = ?', [courseId])
    const late = await t.asStudent()
    expectProblem(await enroll(late, courseId), 404, 'EDU_COURSES_COURSE_NOT_FOUND')
    const rows = await sql(t, 'SELECT count(*)::int AS n FROM enrollments WHERE student_id = ?', [late.user.id])
    expect(rows[0]!.n).toBe(0)
  })

  it('answers 402 for a paid course when payments are not available', async () => {
    const res = await enroll(await t.asStudent(), paid.courseId)
    expectProblem(res, 402, 'EDU_ENROLLMENT_PAYMENT_REQUIRED')
    expect(res.json().detail).toBe(`Course ${paid.courseId} costs 49.00 USD and payments are not available on this platform, so it cannot be enrolled in`)
  })

  it('states the price in the currency own minor unit (ISO 4217): 1500 JPY is 1500 yen, 1500 KWD is 1.500 dinars', async () => {
    const student = await t.asStudent()
    for (const [currency, shown] of [['JPY', '1500 JPY'], ['KWD', '1.500 KWD'], ['EUR', '15.00 EUR']] as const) {
      const course = await makeCourse(teacher, { priceCents: 1500, currency })
      const res = await enroll(student, course.courseId)
      expectProblem(res, 402, 'EDU_ENROLLMENT_PAYMENT_REQUIRED')
      expect(res.json().detail).toBe(`Course ${course.courseId} costs ${shown} and payments are not available on this platform, so it cannot be enrolled in`)
    }
  })

  it('refuses teachers, admins and anonymous callers', async () => {
    expectProblem(await enroll(teacher, free.courseId), 403)
    expectProblem(await enroll(await t.asAdmin(), free.courseId), 403)
    expectProblem(await t.inject({ method: 'POST', url: '/api/v1/enrollments', payload: { courseId: free.courseId } }), 401)
  })

  it('answers 404 for an unknown or draft course and 400 for malformed input', async () => {
    const student = await t.asStudent()
    expectProblem(await enroll(student, '0190a0b0-0000-7000-8000-000000000000'), 404, 'EDU_ENROLLMENT_COURSE_NOT_FOUND')
    expectProblem(await enroll(student, draft.courseId), 404, 'EDU_ENROLLMENT_COURSE_NOT_FOUND')
    const bad = await enroll(student, 'not-a-uuid')
    expectProblem(bad, 400, 'EDU_VALIDATION')
    expect(bad.json().errors[0].field).toBe('body.courseId')
    for (const payload of [{}, { courseId: free.courseId, studentId: student.user.id }, { courseId: 42 }]) {
      expectProblem(await student.inject({ method: 'POST', url: '/api/v1/enrollments', payload }), 400)
    }
    const rows = await sql(t, `SELECT count(*)::int AS n FROM enrollments WHERE student_id = ?`, [student.user.id])
    expect(rows[0]!.n).toBe(0)
  })
})

describe('GET /enrollments/me', () => {
  it('lists my enrollments newest first with course summary and percent, page by page', async () => {
    const student = await t.asStudent()
    const made: string[] = []
    for (let i = 0; i < 3; i++) {
      const c = await makeCourse(teacher, { lessons: 2, title: `Mine ${i}` })
      made.push(c.courseId)
      expect((await enroll(student, c.courseId)).statusCode).toBe(201)
    }
    const first = await student.inject({ method: 'GET', url: '/api/v1/enrollments/me?limit=2' })
    expect(first.statusCode, first.body).toBe(200)
    const page1 = first.json()
    expect(page1.items.map((e: any) => e.courseId)).toEqual([made[2], made[1]])
    expect(page1.items[0]).toMatchObject({ status: 'active', course: { id: made[2], title: 'Mine 2', lessonCount: 2, priceCents: 0 }, progress: { completed: 0, total: 2, percent: 0 } })
    expect(page1.nextCursor).toEqual(expect.any(String))
    const second = (await student.inject({ method: 'GET', url: `/api/v1/enrollments/me?limit=2&cursor=${page1.nextCursor}` })).json()
    expect(second.items.map((e: any) => e.courseId)).toEqual([made[0]])
    expect(second.nextCursor).toBeNull()

    expectProblem(await student.inject({ method: 'GET', url: '/api/v1/enrollments/me?cursor=garbage' }), 400)
    expectProblem(await student.inject({ method: 'GET', url: '/api/v1/enrollments/me?limit=1000' }), 400)
    expectProblem(await teacher.inject({ method: 'GET', url: '/api/v1/enrollments/me' }), 403)
    expectProblem(await t.inject({ method: 'GET', url: '/api/v1/enrollments/me' }), 401)
  })

  it('?courseId= answers for one course: its enrollment with the completed lessons, or an empty page (never a 403)', async () => {
    const student = await t.asStudent()
    const joined = await makeCourse(teacher, { lessons: 2, title: 'Joined' })
    const other = await makeCourse(teacher, { lessons: 1, title: 'Not joined' })
    expect((await enroll(student, joined.courseId)).statusCode).toBe(201)
    await student.inject({ method: 'POST', url: `/api/v1/progress/lessons/${joined.lessonIds[1]}/complete` })
    const mine = await student.inject({ method: 'GET', url: `/api/v1/enrollments/me?courseId=${joined.courseId}` })
    expect(mine.statusCode, mine.body).toBe(200)
    expect(mine.json().items).toHaveLength(1)
    expect(mine.json().items[0]).toMatchObject({ courseId: joined.courseId, status: 'active', progress: { completed: 1, total: 2, percent: 50, completedLessonIds: [joined.lessonIds[1]] } })
    const none = await student.inject({ method: 'GET', url: `/api/v1/enrollments/me?courseId=${other.courseId}` })
    expect(none.statusCode).toBe(200)
    expect(none.json()).toEqual({ items: [], nextCursor: null })
    expectProblem(await student.inject({ method: 'GET', url: '/api/v1/enrollments/me?courseId=nope' }), 400)
  })
})

describe('GET /courses/:id/enrollments/count', () => {
  it('is public for published courses, hides drafts from strangers, and validates the id', async () => {
    const [enrolled] = await sql(t, `SELECT count(*)::int AS n FROM enrollments WHERE course_id = ? AND status IN ('active', 'completed')`, [free.courseId])
    expect(enrolled!.n).toBeGreaterThan(0)
    expect((await t.inject({ method: 'GET', url: `/api/v1/courses/${free.courseId}/enrollments/count` })).json()).toEqual({ count: enrolled!.n })
    expectProblem(await t.inject({ method: 'GET', url: `/api/v1/courses/${draft.courseId}/enrollments/count` }), 404)
    expect((await teacher.inject({ method: 'GET', url: `/api/v1/courses/${draft.courseId}/enrollments/count` })).json()).toEqual({ count: 0 })
    expectProblem(await t.inject({ method: 'GET', url: '/api/v1/courses/nope/enrollments/count' }), 400)
    expectProblem(await t.inject({ method: 'GET', url: '/api/v1/courses/0190a0b0-0000-7000-8000-000000000000/enrollments/count' }), 404)
  })
})

describe('GET /courses/:id/students', () => {
  it('shows the owner and admins the students with progress; nobody else', async () => {
    const c = await makeCourse(teacher, { lessons: 4 })
    const alice = await t.asStudent({ name: 'Alice' })
    const bob = await t.asStudent({ name: 'Bob' })
    await enroll(alice, c.courseId)
    await enroll(bob, c.courseId)
    await alice.inject({ method: 'POST', url: `/api/v1/progress/lessons/${c.lessonIds[0]}/complete` })

    const res = await teacher.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/students?limit=1` })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().items).toEqual([
      expect.objectContaining({ student: { id: alice.user.id, name: 'Alice', email: alice.user.email }, status: 'active', progress: { completed: 1, total: 4, percent: 25 } }),
    ])
    const next = await teacher.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/students?limit=1&cursor=${res.json().nextCursor}` })
    expect(next.json().items.map((s: any) => s.student.name)).toEqual(['Bob'])
    expect(next.json().nextCursor).toBeNull()

    const admin = await t.asAdmin()
    expect((await admin.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/students` })).json().items).toHaveLength(2)
    expectProblem(await (await t.asTeacher()).inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/students` }), 403)
    expectProblem(await alice.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/students` }), 403)
    expectProblem(await t.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/students` }), 401)
    expectProblem(await admin.inject({ method: 'GET', url: '/api/v1/courses/0190a0b0-0000-7000-8000-000000000000/students' }), 404)
    // Another teacher cannot tell a draft exists.
    expectProblem(await (await t.asTeacher()).inject({ method: 'GET', url: `/api/v1/courses/${draft.courseId}/students` }), 404)
    expect((await teacher.inject({ method: 'GET', url: `/api/v1/courses/${draft.courseId}/students` })).statusCode).toBe(200)
  })

  it("never shows a school-given address: an embedded student's email is empty, even when it is another account's", async () => {
    const c = await makeCourse(teacher)
    const admin = await t.asAdmin()
    const key = await admin.inject({ method: 'POST', url: '/api/v1/admin/api-keys', payload: { name: 'school site', scopes: ['embed'], school: 'list-school' } })
    const session = await t.inject({
      method: 'POST', url: '/api/v1/embed/sessions', headers: { authorization: `Bearer ${key.json().secret}` },
      payload: { externalUserId: 's1', email: admin.user.email, name: 'Pretender' },
    })
    expect(session.statusCode, session.body).toBe(201)
    const student = session.json().user
    expect(student.email).toBe(admin.user.email) // the school's key sees what it gave
    const enrolled = await t.inject({ method: 'POST', url: '/api/v1/enrollments', headers: { authorization: `Bearer ${session.json().accessToken}` }, payload: { courseId: c.courseId } })
    expect(enrolled.statusCode, enrolled.body).toBe(201)
    const alice = await t.asStudent({ name: 'Alice' })
    await enroll(alice, c.courseId)

    // In the order of enrollment: the embedded student enrolled first.
    for (const viewer of [teacher, admin]) {
      const res = await viewer.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/students` })
      expect(res.json().items.map((s: any) => s.student)).toEqual([
        { id: student.id, name: 'Pretender', email: '' },
        { id: alice.user.id, name: 'Alice', email: alice.user.email },
      ])
    }
    // The student sees their own.
    const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${session.json().accessToken}` } })
    expect(me.json().email).toBe(admin.user.email)
  })
})

describe('markRefunded (the payment.refunded handler)', () => {
  it('revokes only the enrollment that payment granted, never a free one', async () => {
    const { courseId } = await makeCourse(teacher)
    const student = await t.asStudent()
    expect((await enroll(student, courseId)).statusCode).toBe(201)
    const service = t.app.services.get('enrollment')
    const changed = await t.app.orm.em.fork().transactional((em) =>
      service.markRefunded(em as never, { studentId: student.user.id, courseId, paymentId: '0190a0b0-0000-7000-8000-00000000beef' }))
    expect(changed).toBe(false)
    expect(await sql(t, `SELECT status FROM enrollments WHERE student_id = ?`, [student.user.id])).toEqual([{ status: 'active' }])
    expect(await courseCount(courseId)).toBe(1)
  })

  it('closes the lessons at once, though the access was just read (and remembered)', async () => {
    const student = await t.asStudent()
    const paymentId = '0190a0b0-0000-7000-8000-00000000cafe'
    const service = t.app.services.get('enrollment')
    const input = { studentId: student.user.id, courseId: paid.courseId, paymentId }
    await t.app.orm.em.fork().transactional((em) => service.enrollFromPayment(em as never, input))
    const lesson = () => student.inject({ method: 'GET', url: `/api/v1/lessons/${paid.lessonIds[0]}` })
    expect((await lesson()).statusCode).toBe(200)
    expect((await lesson()).statusCode).toBe(200)
    expect(await t.app.services.get('course-access').isEnrolled(student.user.id, paid.courseId)).toBe(true)

    const changed = await t.app.orm.em.fork().transactional((em) => service.markRefunded(em as never, input))
    expect(changed).toBe(true)
    expectProblem(await lesson(), 403, 'EDU_COURSES_NOT_ENROLLED')
    expect(await t.app.services.get('course-access').isEnrolled(student.user.id, paid.courseId)).toBe(false)

    // A new payment opens them again at once: a "no" is never remembered.
    await t.app.orm.em.fork().transactional((em) => service.enrollFromPayment(em as never, { ...input, paymentId: '0190a0b0-0000-7000-8000-00000000f00d' }))
    expect((await lesson()).statusCode).toBe(200)
  })
})
