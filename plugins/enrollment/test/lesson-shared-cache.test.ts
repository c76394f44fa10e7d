import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, listenOnLoopback, sharedCacheHits, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '../src/index.ts'
import { addLesson, makeCourse } from './helpers.ts'

// Lessons over real sockets, where the engine's shared cache answers before routing (app.inject never passes it),
// with the in-process cache (the only store it serves from): an enrolled-only lesson is served to the readers the
// route would answer, decided from the cached access facts, and to no one else.

let t: TestEngine
let base: string
let teacher: Actor
beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment()], redis: false })
  base = await listenOnLoopback(t.app)
  teacher = await t.asTeacher({ verified: true })
})
afterAll(async () => t?.close())

const hits = () => sharedCacheHits(base)
const as = (actor: Actor) => ({ authorization: `Bearer ${actor.accessToken}` })
async function lesson(id: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/v1/lessons/${id}`, { headers })
  return { status: res.status, text: await res.text(), cacheControl: res.headers.get('cache-control'), vary: res.headers.get('vary') }
}
async function enrolledStudent(courseId: string) {
  const student = await t.asStudent()
  const res = await student.inject({ method: 'POST', url: '/api/v1/enrollments', payload: { courseId } })
  expect(res.statusCode, res.body).toBe(201)
  return student
}

describe('lessons through the shared cache', () => {
  it('serves an enrolled-only lesson to enrolled students and the owner, and refuses everyone else through the route', async () => {
    const course = await makeCourse(teacher, { lessons: 1 })
    const id = course.lessonIds[0]!
    const [a, b] = [await enrolledStudent(course.courseId), await enrolledStudent(course.courseId)]
    const routed = await lesson(id, as(a))
    expect(routed.status, routed.text).toBe(200)
    expect(routed.cacheControl).toBe('private, no-cache')
    await lesson(id, as(a))
    await lesson(id, as(b))
    const before = await hits()
    for (const reader of [a, b, teacher]) expect(await lesson(id, as(reader))).toEqual(routed)
    // The teacher's token was known before (their own writes), so all three were served.
    expect(await hits()).toBe(before + 3)

    const outsider = await t.asStudent()
    for (let i = 0; i < 2; i++) expect((await lesson(id, as(outsider))).status).toBe(403)
    expect((await lesson(id)).status).toBe(401)
    expect((await lesson(id, { authorization: `Bearer ${a.accessToken}0` })).status).toBe(401)
    expect(await hits()).toBe(before + 3)
  })

  it('shows an edit at once, and a deleted lesson is gone at once', async () => {
    const course = await makeCourse(teacher, { lessons: 1 })
    const id = course.lessonIds[0]!
    const student = await enrolledStudent(course.courseId)
    for (let i = 0; i < 2; i++) await lesson(id, as(student))
    const before = await hits()
    expect((await lesson(id, as(student))).status).toBe(200)
    expect(await hits()).toBe(before + 1)

    const edit = await teacher.inject({ method: 'PATCH', url: `/api/v1/lessons/${id}`, payload: { title: 'Renamed lesson' } })
    expect(edit.statusCode, edit.body).toBe(200)
    expect(JSON.parse((await lesson(id, as(student))).text).title).toBe('Renamed lesson')

    const removed = await teacher.inject({ method: 'DELETE', url: `/api/v1/lessons/${id}` })
    expect(removed.statusCode, removed.body).toBe(204)
    for (let i = 0; i < 2; i++) expect((await lesson(id, as(student))).status).toBe(404)
  })

  it('serves a preview lesson to anyone, and stops at once when it is no longer a preview', async () => {
    const course = await makeCourse(teacher, { lessons: 1 })
    const id = await addLesson(teacher, course.moduleId, 'Free taste', true)
    for (let i = 0; i < 2; i++) expect((await lesson(id)).status).toBe(200)
    const before = await hits()
    const open = await lesson(id)
    expect(open.cacheControl).toBe('public, no-cache')
    expect(await hits()).toBe(before + 1)
    const hide = await teacher.inject({ method: 'PATCH', url: `/api/v1/lessons/${id}`, payload: { isPreview: false } })
    expect(hide.statusCode, hide.body).toBe(200)
    for (let i = 0; i < 2; i++) expect((await lesson(id)).status).toBe(401)
  })

  it('replays no stored headers a course status change made wrong: a preview of an archived course is private again', async () => {
    const course = await makeCourse(teacher, { lessons: 1 })
    const id = await addLesson(teacher, course.moduleId, 'Taste of it', true)
    const student = await enrolledStudent(course.courseId)
    for (let i = 0; i < 3; i++) expect((await lesson(id)).cacheControl).toBe('public, no-cache')
    const archived = await teacher.inject({ method: 'PATCH', url: `/api/v1/courses/${course.courseId}`, payload: { status: 'archived' } })
    expect(archived.statusCode, archived.body).toBe(200)
    // No longer a preview (only published courses have them): what the route sends an enrolled student, every time.
    for (let i = 0; i < 3; i++) {
      const res = await lesson(id, as(student))
      expect(res.status, res.text).toBe(200)
      expect([res.cacheControl, res.vary]).toEqual(['private, no-cache', 'Origin, Authorization'])
    }
    expect((await lesson(id)).status).toBe(401)
  })
})
