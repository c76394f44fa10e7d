import { courses } from '@eduplatform/plugin-courses'
import { newId } from '@eduplatform/core'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enrollment } from '../src/index.ts'
import { ProgressCache } from '../src/progress-cache.ts'
import { addLesson, complete, enroll, expectProblem, makeCourse, progress } from './helpers.ts'

// Every test reads the progress first (which caches it), writes, and reads again: a write that does not
// forget the cached progress fails the second read. With REDIS_URL set the cache is Redis.
let t: TestEngine
let teacher: Actor

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment()], config: { logLevel: 'error' } })
  teacher = await t.asTeacher()
})
afterAll(async () => t?.close())

/** Pool checkouts of completion batches so far (every flow whose first statement calls a completion function). */
async function completionCheckouts(): Promise<number> {
  const body = (await t.inject({ method: 'GET', url: '/metrics' })).body
  return body.split('\n')
    .filter((l) => l.startsWith('edu_db_pool_hold_seconds_count{') && l.includes('enrollment_complete_lessons'))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)
}

const progressOf = async (student: Actor, courseId: string) => {
  const res = await progress(student, courseId)
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

describe('the cached progress read after each kind of write', () => {
  it('lesson completions (one statement, no subscribers): each new lesson, a repeat, the course completed', async () => {
    expect(t.app.events.subscriberIds().map((id) => t.app.events.subscriber(id)!.event)).not.toContain('lesson.completed')
    const c = await makeCourse(teacher, { lessons: 3 })
    const student = await t.asStudent()
    expect((await enroll(student, c.courseId)).statusCode).toBe(201)
    expect(await progressOf(student, c.courseId)).toEqual({ completed: 0, total: 3, percent: 0, status: 'active', completedLessonIds: [] })
    await complete(student, c.lessonIds[1]!)
    expect(await progressOf(student, c.courseId)).toEqual({ completed: 1, total: 3, percent: 33, status: 'active', completedLessonIds: [c.lessonIds[1]] })
    await complete(student, c.lessonIds[1]!)
    expect(await progressOf(student, c.courseId)).toMatchObject({ completed: 1, completedLessonIds: [c.lessonIds[1]] })
    await complete(student, c.lessonIds[0]!)
    expect(await progressOf(student, c.courseId)).toMatchObject({ completed: 2, percent: 66, status: 'active', completedLessonIds: c.lessonIds.slice(0, 2) })
    await complete(student, c.lessonIds[2]!)
    expect(await progressOf(student, c.courseId)).toEqual({ completed: 3, total: 3, percent: 100, status: 'completed', completedLessonIds: c.lessonIds })
  })

  it('a repeat completion: answered from the cached progress with no database work, with the lessons as they are now', async () => {
    const c = await makeCourse(teacher, { lessons: 3 })
    const student = await t.asStudent()
    await enroll(student, c.courseId)
    // Not cached yet: the batch answers.
    expect((await complete(student, c.lessonIds[0]!)).json()).toMatchObject({ completed: 1, total: 3 })
    await progressOf(student, c.courseId)
    const before = await completionCheckouts()
    expect((await complete(student, c.lessonIds[0]!)).json()).toEqual({ completed: 1, total: 3, percent: 33, status: 'active', courseId: c.courseId })
    await addLesson(teacher, c.moduleId)
    expect((await complete(student, c.lessonIds[0]!)).json()).toEqual({ completed: 1, total: 4, percent: 25, status: 'active', courseId: c.courseId })
    expect(await completionCheckouts()).toBe(before)
    // A lesson not done yet goes to the database, and its completion is then served too.
    expect((await complete(student, c.lessonIds[1]!)).json()).toMatchObject({ completed: 2, total: 4, percent: 50 })
    expect(await completionCheckouts()).toBe(before + 1)
    expect(await progressOf(student, c.courseId)).toMatchObject({ completed: 2, completedLessonIds: c.lessonIds.slice(0, 2) })
    expect((await complete(student, c.lessonIds[1]!)).json()).toMatchObject({ completed: 2, total: 4, percent: 50 })
    expect(await completionCheckouts()).toBe(before + 1)
  })

  it('another student in the same course, and the same student in another course, keep their own progress', async () => {
    const c = await makeCourse(teacher, { lessons: 2 })
    const d = await makeCourse(teacher, { lessons: 2 })
    const student = await t.asStudent()
    const other = await t.asStudent()
    for (const [who, id] of [[student, c.courseId], [student, d.courseId], [other, c.courseId]] as const) await enroll(who, id)
    await progressOf(student, d.courseId)
    await progressOf(other, c.courseId)
    await complete(student, c.lessonIds[0]!)
    await complete(other, c.lessonIds[1]!)
    expect(await progressOf(student, c.courseId)).toMatchObject({ completedLessonIds: [c.lessonIds[0]] })
    expect(await progressOf(other, c.courseId)).toMatchObject({ completedLessonIds: [c.lessonIds[1]] })
    expect(await progressOf(student, d.courseId)).toMatchObject({ completed: 0, completedLessonIds: [] })
  })

  it('a lesson deleted that completes the enrollment (lesson.changed handler)', async () => {
    const c = await makeCourse(teacher, { lessons: 3 })
    const student = await t.asStudent()
    await enroll(student, c.courseId)
    await complete(student, c.lessonIds[0]!)
    await complete(student, c.lessonIds[1]!)
    expect(await progressOf(student, c.courseId)).toMatchObject({ completed: 2, total: 3, status: 'active' })
    const del = await teacher.inject({ method: 'DELETE', url: `/api/v1/lessons/${c.lessonIds[2]}` })
    expect(del.statusCode, del.body).toBe(204)
    await t.drainEvents()
    expect(await progressOf(student, c.courseId)).toEqual({
      completed: 2, total: 2, percent: 100, status: 'completed', completedLessonIds: c.lessonIds.slice(0, 2),
    })
  })

  it('a refund (the payment.refunded handler), then a new payment enrolling again (payment.completed handler)', async () => {
    const service = t.app.services.get('enrollment')
    const c = await makeCourse(teacher, { lessons: 2, priceCents: 4900 })
    const student = await t.asStudent()
    const studentId = student.user.id
    const firstPayment = newId()
    await t.app.orm.em.fork().transactional((em) => service.enrollFromPayment(em, { studentId, courseId: c.courseId, paymentId: firstPayment }))
    await complete(student, c.lessonIds[0]!)
    expect(await progressOf(student, c.courseId)).toMatchObject({ completed: 1, status: 'active' })

    // A repeat completion is answered from the cached progress, until the refund.
    expect((await complete(student, c.lessonIds[0]!)).json()).toMatchObject({ completed: 1, status: 'active' })

    expect(await t.app.orm.em.fork().transactional((em) => service.markRefunded(em, { studentId, courseId: c.courseId, paymentId: firstPayment }))).toBe(true)
    expectProblem(await complete(student, c.lessonIds[0]!), 403, 'EDU_ENROLLMENT_REFUNDED')
    expect(await progressOf(student, c.courseId)).toMatchObject({ completed: 1, status: 'refunded' })
    expectProblem(await complete(student, c.lessonIds[0]!), 403, 'EDU_ENROLLMENT_REFUNDED')

    await t.app.orm.em.fork().transactional((em) => service.enrollFromPayment(em, { studentId, courseId: c.courseId, paymentId: newId() }))
    expect(await progressOf(student, c.courseId)).toMatchObject({ completed: 1, status: 'active', completedLessonIds: [c.lessonIds[0]] })
  })

  it('a completion inside a transaction (a lesson.completed subscriber records its event with it)', async () => {
    const events = t.captureEvents('lesson.completed')
    const c = await makeCourse(teacher, { lessons: 2 })
    const student = await t.asStudent()
    await enroll(student, c.courseId)
    expect(await progressOf(student, c.courseId)).toMatchObject({ completed: 0 })
    await complete(student, c.lessonIds[0]!)
    expect(await progressOf(student, c.courseId)).toMatchObject({ completed: 1, completedLessonIds: [c.lessonIds[0]] })
    await complete(student, c.lessonIds[1]!)
    expect(await progressOf(student, c.courseId)).toMatchObject({ completed: 2, status: 'completed' })
    await t.drainEvents()
    expect(events.payloads.filter((e) => e.studentId === student.user.id)).toHaveLength(2)
  })
})

describe('ProgressCache', () => {
  const pair = () => ({ studentId: newId(), courseId: newId() })

  it('serves a filled entry without loading until the pair changes, and only that pair', async () => {
    const cache = new ProgressCache(t.app.cache)
    const a = pair()
    const b = pair()
    let loads = 0
    const load = (done: string[]) => async () => {
      loads += 1
      return { status: 'active' as const, done }
    }
    await cache.read(a.studentId, a.courseId, load(['1']))
    await cache.read(b.studentId, b.courseId, load(['1']))
    expect(await cache.read(a.studentId, a.courseId, load(['2']))).toEqual({ status: 'active', done: ['1'] })
    expect(loads).toBe(2)
    await cache.changed([a])
    expect(await cache.read(a.studentId, a.courseId, load(['2']))).toEqual({ status: 'active', done: ['2'] })
    expect(await cache.read(b.studentId, b.courseId, load(['2']))).toEqual({ status: 'active', done: ['1'] })
    expect(loads).toBe(3)
  })

  it('does not keep rows read before a write that was forgotten before they were stored', async () => {
    const cache = new ProgressCache(t.app.cache)
    const a = pair()
    // Warm: a revision exists, as it does for any pair read before.
    await cache.read(a.studentId, a.courseId, async () => ({ status: 'active', done: [] }))
    await cache.changed([a])
    // This read loads the old rows; the write commits and forgets the pair before the read stores them.
    const raced = await cache.read(a.studentId, a.courseId, async () => {
      await cache.changed([a])
      return { status: 'active', done: ['old'] }
    })
    expect(raced).toEqual({ status: 'active', done: ['old'] })
    expect(await cache.read(a.studentId, a.courseId, async () => ({ status: 'active', done: ['new'] }))).toEqual({ status: 'active', done: ['new'] })
    // Likewise for the first read of a pair, which sets its revision.
    const b = pair()
    await cache.read(b.studentId, b.courseId, async () => {
      await cache.changed([b])
      return { status: 'active', done: ['old'] }
    })
    expect(await cache.read(b.studentId, b.courseId, async () => ({ status: 'active', done: ['new'] }))).toEqual({ status: 'active', done: ['new'] })
  })

  it('does not cache a missing enrollment', async () => {
    const cache = new ProgressCache(t.app.cache)
    const a = pair()
    expect(await cache.read(a.studentId, a.courseId, async () => undefined)).toBeUndefined()
    expect(await cache.read(a.studentId, a.courseId, async () => ({ status: 'active', done: [] }))).toEqual({ status: 'active', done: [] })
  })
})
