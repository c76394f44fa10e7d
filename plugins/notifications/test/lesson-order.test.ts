import { createTestEngine, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addLesson, enroll, feed, makeCourse, plugins, sql } from './helpers.ts'

let t: TestEngine

beforeAll(async () => {
  // No dispatcher runs: the test delivers each lesson's event itself, after the enrollments it wants.
  t = await createTestEngine({ plugins: plugins(), extras: { dispatch: false } })
})
afterAll(async () => t?.close())

const lessonEvents = (lessonId: string) =>
  sql<{ event_id: string }>(t, `SELECT DISTINCT event_id FROM edu_outbox WHERE event = 'lesson.changed' AND payload->>'lessonId' = ?`, [lessonId])
const deliverLesson = async (lessonId: string) => {
  const [row] = await lessonEvents(lessonId)
  await t.app.edu.dispatcher.deliverEvent(row!.event_id)
}
const lessonNotices = async (courseId: string) =>
  sql<{ user_id: string; lesson_ids: string[] }>(t,
    `SELECT user_id, data->'lessonIds' AS lesson_ids FROM notifications WHERE type = 'lesson.added' AND data->>'courseId' = ? ORDER BY user_id`, [courseId])

describe('a new lesson whose event is delivered after later enrollments', () => {
  it('is told only to the students enrolled when it was added', async () => {
    const teacher = await t.asTeacher()
    const course = await makeCourse(teacher, { title: 'Late delivery' })
    const early = await t.asStudent()
    await enroll(early, course.courseId)
    const added = await addLesson(teacher, course.moduleId, 'Reef knots')
    const late = await t.asStudent()
    await enroll(late, course.courseId)

    // The first lesson was added to the draft, before anyone enrolled: no subscriber here has work for it
    // (no outbox row); the second was added before `late` enrolled.
    expect(await lessonEvents(course.lessonIds[0]!)).toEqual([])
    await deliverLesson(added)

    expect(await lessonNotices(course.courseId)).toEqual([{ user_id: early.user.id, lesson_ids: [added] }])
    expect((await feed(early)).filter((n) => n.type === 'lesson.added')).toHaveLength(1)
    expect((await feed(late)).filter((n) => n.type === 'lesson.added')).toEqual([])
  })

  it('tells a student who enrolled before the lesson was added, once, however late it is delivered', async () => {
    const teacher = await t.asTeacher()
    const course = await makeCourse(teacher)
    const student = await t.asStudent()
    await enroll(student, course.courseId)
    const added = await addLesson(teacher, course.moduleId, 'Clove hitch')
    await deliverLesson(added)
    await deliverLesson(added)
    const notices = (await feed(student)).filter((n) => n.type === 'lesson.added')
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatchObject({ body: 'New lesson: Clove hitch', data: { courseId: course.courseId, lessonIds: [added] } })
  })
})
