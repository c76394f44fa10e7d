import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '../src/index.ts'
import { API, expectProblem, makeCourse } from './helpers.ts'

// A lesson body holding TRAP makes the renderer throw (a 500): a write that renders before it checks the
// caller would answer a caller who may not write with that 500, where the refusal is due. Every other body
// renders as in production.
const TRAP = 'render-trap'
vi.mock('../src/content/markdown.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/content/markdown.ts')>()
  return {
    ...actual,
    renderLessonMarkdown: (md: string) => {
      if (md.includes(TRAP)) throw new Error('rendered a body the caller may not write')
      return actual.renderLessonMarkdown(md)
    },
  }
})

let t: TestEngine
let owner: Actor
let other: Actor
let unverified: Actor
let student: Actor

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses()] })
  owner = await t.asTeacher()
  other = await t.asTeacher()
  unverified = await t.asTeacher({ verified: false })
  student = await t.asStudent()
})
afterAll(async () => t?.close())

const UNKNOWN = '01900000-0000-7000-8000-000000000000'
const lessonCount = async () => (await t.app.orm.em.fork().execute<Array<{ n: number }>>('SELECT count(*)::int AS n FROM course_lessons'))[0]!.n
const body = `# Long\n\n${TRAP} ${'*a_'.repeat(1000)}`

async function refused(res: Awaited<ReturnType<Actor['inject']>>, status: number, code: string) {
  expectProblem(res, status)
  expect(res.json().code).toBe(code)
}

describe('lesson writes check the caller before rendering the body', () => {
  it('the trap is live: the owner, who may write, reaches the renderer', async () => {
    const c = await makeCourse(owner, { title: 'Trap check' })
    const res = await owner.inject({ method: 'POST', url: `${API}/modules/${c.modules[0]!.id}/lessons`, payload: { title: 'L', body } })
    expect(res.statusCode).toBe(500)
    const patch = await owner.inject({ method: 'PATCH', url: `${API}/lessons/${c.modules[0]!.lessons[0]}`, payload: { body } })
    expect(patch.statusCode).toBe(500)
  })

  it('POST /modules/:id/lessons: 403 on a published course, 404 on a draft or an unknown module, nothing stored', async () => {
    const published = await makeCourse(owner, { title: 'Published' })
    const draft = await makeCourse(owner, { title: 'Draft' }, { publish: false })
    const before = await lessonCount()
    for (const who of [other, unverified, student]) {
      const post = (moduleId: string) => who.inject({ method: 'POST', url: `${API}/modules/${moduleId}/lessons`, payload: { title: 'L', body } })
      await refused(await post(published.modules[0]!.id), 403, 'EDU_COURSES_NOT_OWNER')
      await refused(await post(draft.modules[0]!.id), 404, 'EDU_COURSES_MODULE_NOT_FOUND')
      await refused(await post(UNKNOWN), 404, 'EDU_COURSES_MODULE_NOT_FOUND')
    }
    // A bad video URL is still told first, as before.
    const badVideo = await other.inject({ method: 'POST', url: `${API}/modules/${published.modules[0]!.id}/lessons`, payload: { title: 'L', body, videoUrl: 'ftp://x' } })
    await refused(badVideo, 400, 'EDU_COURSES_BAD_VIDEO_URL')
    expect(await lessonCount()).toBe(before)
  })

  it('PATCH /lessons/:id: 403 on a published course, 404 on a draft or an unknown lesson, the lesson unchanged', async () => {
    const published = await makeCourse(owner, { title: 'Published too' })
    const draft = await makeCourse(owner, { title: 'Draft too' }, { publish: false })
    for (const who of [other, unverified, student]) {
      const patch = (lessonId: string) => who.inject({ method: 'PATCH', url: `${API}/lessons/${lessonId}`, payload: { body } })
      await refused(await patch(published.modules[0]!.lessons[0]!), 403, 'EDU_COURSES_NOT_OWNER')
      await refused(await patch(draft.modules[0]!.lessons[0]!), 404, 'EDU_COURSES_LESSON_NOT_FOUND')
      await refused(await patch(UNKNOWN), 404, 'EDU_COURSES_LESSON_NOT_FOUND')
    }
    const badVideo = await other.inject({ method: 'PATCH', url: `${API}/lessons/${published.modules[0]!.lessons[0]}`, payload: { body, videoUrl: 'ftp://x' } })
    await refused(badVideo, 400, 'EDU_COURSES_BAD_VIDEO_URL')
    const lesson = await owner.inject({ method: 'GET', url: `${API}/lessons/${published.modules[0]!.lessons[0]}` })
    expect(lesson.json().body).not.toContain(TRAP)
    // The owner may still change it.
    const ok = await owner.inject({ method: 'PATCH', url: `${API}/lessons/${published.modules[0]!.lessons[0]}`, payload: { body: 'Plain *text*.' } })
    expect(ok.statusCode).toBe(200)
    expect(ok.json().bodyHtml).toBe('<p>Plain <em>text</em>.</p>\n')
  })

  it("answers a module or lesson write on someone else's draft as for an unknown id, never naming the draft", async () => {
    const draft = await makeCourse(owner, { title: 'Secret draft' }, { publish: false, lessons: 2 })
    const moduleId = draft.modules[0]!.id
    const [first, second] = draft.modules[0]!.lessons as [string, string]
    const writes = (mod: string, lesson: string) => [
      { method: 'PATCH', url: `${API}/modules/${mod}`, payload: { title: 'Taken' }, code: 'EDU_COURSES_MODULE_NOT_FOUND' },
      { method: 'DELETE', url: `${API}/modules/${mod}`, code: 'EDU_COURSES_MODULE_NOT_FOUND' },
      { method: 'PUT', url: `${API}/modules/${mod}/lessons/order`, payload: { lessonIds: [second, first] }, code: 'EDU_COURSES_MODULE_NOT_FOUND' },
      { method: 'POST', url: `${API}/modules/${mod}/lessons`, payload: { title: 'Taken' }, code: 'EDU_COURSES_MODULE_NOT_FOUND' },
      { method: 'PATCH', url: `${API}/lessons/${lesson}`, payload: { title: 'Taken' }, code: 'EDU_COURSES_LESSON_NOT_FOUND' },
      { method: 'DELETE', url: `${API}/lessons/${lesson}`, code: 'EDU_COURSES_LESSON_NOT_FOUND' },
    ] as const
    for (const [i, w] of writes(moduleId, first).entries()) {
      const res = await other.inject({ method: w.method, url: w.url, ...('payload' in w ? { payload: w.payload } : {}) })
      await refused(res, 404, w.code)
      expect(res.body).not.toContain(draft.id)
      // The same answer as for ids that name nothing.
      const unknown = writes(UNKNOWN, UNKNOWN)[i]!
      const res2 = await other.inject({ method: unknown.method, url: unknown.url, ...('payload' in unknown ? { payload: unknown.payload } : {}) })
      await refused(res2, 404, w.code)
    }
    const curriculum = (await owner.inject({ method: 'GET', url: `${API}/courses/${draft.id}/curriculum` })).json()
    expect(curriculum.modules.map((m: { title: string }) => m.title)).toEqual(['Module 1'])
    expect(curriculum.modules[0].lessons.map((l: { id: string }) => l.id)).toEqual([first, second])
  })
})
