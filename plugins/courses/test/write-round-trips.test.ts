import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '../src/index.ts'
import { API, expectProblem, makeCourse } from './helpers.ts'

let t: TestEngine
let owner: Actor
let other: Actor

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses()] })
  owner = await t.asTeacher()
  other = await t.asTeacher()
})
afterAll(async () => t?.close())

/** Statements the engine has sent so far through its pool, the outbox's own (dispatcher, releases) left out. */
async function statements(): Promise<number> {
  await t.app.events.released()
  const metric = await t.app.edu.metrics.getSingleMetric('edu_db_pool_statements_total')!.get()
  return metric.values.filter((v) => !String(v.labels.flow).includes('edu_outbox')).reduce((sum, v) => sum + v.value, 0)
}

/** What `work` cost in statements. */
async function cost(work: () => Promise<unknown>): Promise<number> {
  const before = await statements()
  await work()
  return (await statements()) - before
}

describe('lesson writes on warm caches', () => {
  it('add and edit a lesson in one statement each: the course, owner and status come from the cache', async () => {
    const c = await makeCourse(owner, { title: 'Round trips' }, { publish: false })
    const moduleId = c.modules[0]!.id
    const lessonId = c.modules[0]!.lessons[0]!
    const add = () => owner.inject({ method: 'POST', url: `${API}/modules/${moduleId}/lessons`, payload: { title: 'More', body: '# More\n\nText.' } })
    const edit = (n: number) => owner.inject({ method: 'PATCH', url: `${API}/lessons/${lessonId}`, payload: { title: `Edited ${n}`, body: `Body ${n}` } })
    // The first of each fills the cache entries it reads.
    expect((await add()).statusCode).toBe(201)
    expect((await edit(0)).statusCode).toBe(200)
    for (let n = 1; n <= 3; n++) {
      expect(await cost(async () => expect((await add()).statusCode).toBe(201))).toBe(1)
      expect(await cost(async () => expect((await edit(n)).statusCode).toBe(200))).toBe(1)
    }
    const lesson = await owner.inject({ method: 'GET', url: `${API}/lessons/${lessonId}` })
    expect(lesson.json()).toMatchObject({ title: 'Edited 3', body: 'Body 3' })
  })

  it('refuses a teacher who does not own the course from the same cache, and tells 403 once the course is published', async () => {
    const c = await makeCourse(owner, { title: 'Not yours' }, { publish: false })
    const moduleId = c.modules[0]!.id
    const lessonId = c.modules[0]!.lessons[0]!
    const attempts = () => Promise.all([
      other.inject({ method: 'POST', url: `${API}/modules/${moduleId}/lessons`, payload: { title: 'Mine now', body: 'x' } }),
      other.inject({ method: 'PATCH', url: `${API}/lessons/${lessonId}`, payload: { body: 'taken over' } }),
    ])
    for (const res of await attempts()) expectProblem(res, 404)
    // Publishing changes the status the cache holds: it is forgotten, and the refusal says so.
    expect((await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'published' } })).statusCode).toBe(200)
    for (const res of await attempts()) {
      expectProblem(res, 403)
      expect(res.json().code).toBe('EDU_COURSES_NOT_OWNER')
    }
    const lesson = await owner.inject({ method: 'GET', url: `${API}/lessons/${lessonId}` })
    expect(lesson.json().body).not.toBe('taken over')
    const curriculum = await owner.inject({ method: 'GET', url: `${API}/courses/${c.id}/curriculum` })
    expect(curriculum.json().modules[0].lessons.map((l: { title: string }) => l.title)).not.toContain('Mine now')
  })

  it('adds a lesson to a course published after the cache took it as a draft (the statement sees the change)', async () => {
    const c = await makeCourse(owner, { title: 'Published meanwhile' }, { publish: false })
    const moduleId = c.modules[0]!.id
    expect((await owner.inject({ method: 'POST', url: `${API}/modules/${moduleId}/lessons`, payload: { title: 'Draft lesson' } })).statusCode).toBe(201)
    // The status changes behind the engine's back (another engine's write whose forgetting has not arrived).
    await t.app.orm.em.fork().execute(`UPDATE courses SET status = 'published', published_at = now() WHERE id = ?::uuid`, [c.id])
    const added = await owner.inject({ method: 'POST', url: `${API}/modules/${moduleId}/lessons`, payload: { title: 'Public lesson' } })
    expect(added.statusCode, added.body).toBe(201)
    const rows = await t.app.orm.em.fork().execute<Array<{ title: string }>>('SELECT title FROM course_lessons WHERE module_id = ?::uuid ORDER BY position', [moduleId])
    expect(rows.map((r) => r.title)).toEqual(['Lesson 1.1', 'Lesson 1.2', 'Draft lesson', 'Public lesson'])
  })
})
