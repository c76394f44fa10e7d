import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '../src/index.ts'
import { API, makeCourse } from './helpers.ts'

// Course and module writes answer with the row their statement wrote (no second read): the replies must be
// what a read right after the write returns.

let t: TestEngine
let owner: Actor
let admin: Actor

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses()] })
  owner = await t.asTeacher({ name: 'Reply Teacher' })
  admin = await t.asAdmin()
})
afterAll(async () => t?.close())

const get = (url: string, who: Actor) => who.inject({ method: 'GET', url: `${API}${url}` })

describe('write replies are what a read returns', () => {
  it('create course: the 201 body is the course as GET /courses/:id returns it', async () => {
    const res = await owner.inject({
      method: 'POST', url: `${API}/courses`,
      payload: { title: 'Replies', description: 'About replies.', category: 'music', level: 'advanced', priceCents: 1200, tags: ['A', 'b'] },
    })
    expect(res.statusCode).toBe(201)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    const created = res.json()
    expect(res.headers.location).toBe(`${API}/courses/${created.id}`)
    expect(created).toMatchObject({
      title: 'Replies', status: 'draft', teacher: { id: owner.user.id, name: 'Reply Teacher' }, category: { slug: 'music', name: 'Music' },
      level: 'advanced', priceCents: 1200, tags: ['a', 'b'], moduleCount: 0, lessonCount: 0, publishedAt: null,
    })
    expect((await get(`/courses/${created.id}`, owner)).json()).toEqual(created)
  })

  it('create course without a category: category null, same as the read', async () => {
    const created = (await owner.inject({ method: 'POST', url: `${API}/courses`, payload: { title: 'No category' } })).json()
    expect(created.category).toBeNull()
    expect((await get(`/courses/${created.id}`, owner)).json()).toEqual(created)
  })

  it("edit course fields: the body is the course as read after the write, counters and times included", async () => {
    const c = await makeCourse(owner, { title: 'Before edit' }, { modules: 1, lessons: 2, publish: false })
    const res = await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { title: 'After edit', tags: ['x'] } })
    expect(res.statusCode).toBe(200)
    const edited = res.json()
    expect(edited).toMatchObject({ title: 'After edit', tags: ['x'], moduleCount: 1, lessonCount: 2, status: 'draft' })
    expect((await get(`/courses/${c.id}`, owner)).json()).toEqual(edited)
    // An admin's edit of another's course answers the same way (the owner's name, not the admin's).
    const byAdmin = (await admin.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { description: 'By an admin' } })).json()
    expect(byAdmin).toMatchObject({ description: 'By an admin', teacher: { id: owner.user.id, name: 'Reply Teacher' } })
    expect((await get(`/courses/${c.id}`, owner)).json()).toEqual(byAdmin)
  })

  it('edit course status (the transactional path): the body is the course as read after the write', async () => {
    const c = await makeCourse(owner, { title: 'To publish' }, { modules: 1, lessons: 1, publish: false })
    const published = (await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'published', title: 'Published now' } })).json()
    expect(published).toMatchObject({ status: 'published', title: 'Published now' })
    expect(published.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect((await get(`/courses/${c.id}`, owner)).json()).toEqual(published)
  })

  it('add module: the 201 body is the module as the curriculum shows it', async () => {
    const c = await makeCourse(owner, {}, { modules: 2, lessons: 1, publish: false })
    const res = await owner.inject({ method: 'POST', url: `${API}/courses/${c.id}/modules`, payload: { title: 'Third', description: 'The last one' } })
    expect(res.statusCode).toBe(201)
    const module = res.json()
    expect(module).toMatchObject({ courseId: c.id, position: 2, title: 'Third', description: 'The last one', lessons: [] })
    const curriculum = (await get(`/courses/${c.id}/curriculum`, owner)).json()
    expect(curriculum.modules[2]).toEqual(module)
  })

  it('edit module: the body is the module with its lessons as the curriculum shows it', async () => {
    const c = await makeCourse(owner, {}, { modules: 2, lessons: 3, publish: false })
    const res = await owner.inject({ method: 'PATCH', url: `${API}/modules/${c.modules[1]!.id}`, payload: { title: 'Renamed' } })
    expect(res.statusCode).toBe(200)
    const module = res.json()
    expect(module.lessons.map((l: { id: string }) => l.id)).toEqual(c.modules[1]!.lessons)
    const curriculum = (await get(`/courses/${c.id}/curriculum`, owner)).json()
    expect(curriculum.modules[1]).toEqual(module)
    expect(module.title).toBe('Renamed')
  })
})
