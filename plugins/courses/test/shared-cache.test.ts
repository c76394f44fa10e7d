import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, listenOnLoopback, readAgreeing, sharedCacheHits, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '../src/index.ts'
import { API, makeCourse } from './helpers.ts'

// Anonymous catalogue, search, course and curriculum reads over real sockets, where the engine's shared cache
// answers before routing (app.inject never passes it), with the in-process cache (the only store it serves from).

let t: TestEngine
let base: string
let teacher: Actor
beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses()], redis: false })
  base = await listenOnLoopback(t.app)
  teacher = await t.asTeacher({ verified: true })
})
afterAll(async () => t?.close())

const hits = () => sharedCacheHits(base)
const read = (path: string) => readAgreeing(`${base}${API}${path}`)

describe('anonymous course reads through the shared cache', () => {
  it('serve each write at once: a title in the catalogue, search, detail; a lesson in the curriculum; a course unpublished', async () => {
    const word = `zebrafinch${Math.random().toString(36).slice(2, 7)}`
    const course = await makeCourse(teacher, { title: `Birds ${word}` })
    const search = `/courses?q=${word}`
    const titles = async (path: string) => ((await read(path)).body.items as Array<{ id: string; title: string }>).filter((c) => c.id === course.id).map((c) => c.title)
    const before = await hits()
    expect(await titles(search)).toEqual([`Birds ${word}`])
    expect(await titles('/courses?sort=newest')).toEqual([`Birds ${word}`])
    expect((await read(`/courses/${course.id}`)).body.title).toBe(`Birds ${word}`)
    const lessonCount = async () => ((await read(`/courses/${course.id}/curriculum`)).body.modules as Array<{ lessons: unknown[] }>).flatMap((m) => m.lessons).length
    expect(await lessonCount()).toBe(2)

    const renamed = await teacher.inject({ method: 'PATCH', url: `${API}/courses/${course.id}`, payload: { title: `Songbirds ${word}` } })
    expect(renamed.statusCode, renamed.body).toBe(200)
    expect(await titles(search)).toEqual([`Songbirds ${word}`])
    expect(await titles('/courses?sort=newest')).toEqual([`Songbirds ${word}`])
    expect((await read(`/courses/${course.id}`)).body.title).toBe(`Songbirds ${word}`)

    const lesson = await teacher.inject({ method: 'POST', url: `${API}/modules/${course.modules[0]!.id}/lessons`, payload: { title: 'One more', body: 'More.' } })
    expect(lesson.statusCode, lesson.body).toBe(201)
    expect(await lessonCount()).toBe(3)
    expect(await hits() - before).toBeGreaterThanOrEqual(10)

    const unpublished = await teacher.inject({ method: 'PATCH', url: `${API}/courses/${course.id}`, payload: { status: 'draft' } })
    expect(unpublished.statusCode, unpublished.body).toBe(200)
    expect(await titles(search)).toEqual([])
    expect(await titles('/courses?sort=newest')).toEqual([])
    expect((await read(`/courses/${course.id}`)).status).toBe(404)
    expect((await read(`/courses/${course.id}/curriculum`)).status).toBe(404)
  })

  it('never shares what the owner of a draft reads', async () => {
    const draft = await makeCourse(teacher, { title: 'A private draft' }, { publish: false })
    for (let i = 0; i < 2; i++) {
      const own = await fetch(`${base}${API}/courses/${draft.id}`, { headers: teacher.headers })
      expect(own.status).toBe(200)
      expect((await read(`/courses/${draft.id}`)).status).toBe(404)
    }
  })
})
