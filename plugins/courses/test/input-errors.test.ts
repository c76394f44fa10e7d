import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '../src/index.ts'
import { API, expectProblem, makeCourse } from './helpers.ts'

// Every 400 about input names each bad field in `errors`, also when the schema alone cannot tell.

let t: TestEngine
let owner: Actor
let admin: Actor
let course: Awaited<ReturnType<typeof makeCourse>>

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses()] })
  owner = await t.asTeacher()
  admin = await t.asAdmin()
  course = await makeCourse(owner, { title: 'Errors' }, { modules: 2, lessons: 2 })
})
afterAll(async () => t?.close())

const rowsOf = async () => JSON.stringify(await t.app.orm.em.fork().execute(
  'SELECT c.title, c.category_id, c.cover_image_url, m.position AS mp, l.position AS lp, l.video_url FROM courses c JOIN course_modules m ON m.course_id = c.id JOIN course_lessons l ON l.module_id = m.id ORDER BY l.id'))

async function expectFields(res: Awaited<ReturnType<Actor['inject']>>, code: string, errors: Array<{ field: string; message: string }>) {
  expectProblem(res, 400)
  expect(res.json()).toMatchObject({ code, errors })
  expect(res.json().errors).toHaveLength(errors.length)
}

describe('400s the schema cannot catch name their field', () => {
  it('a blank title, an unknown category, a bad cover or video URL, a missing teacher', async () => {
    const before = await rowsOf()
    await expectFields(await owner.inject({ method: 'POST', url: `${API}/courses`, payload: { title: '   ' } }), 'EDU_VALIDATION',
      [{ field: 'body.title', message: 'must not be blank' }])
    await expectFields(await owner.inject({ method: 'POST', url: `${API}/courses`, payload: { title: 'x', category: 'no-such-category' } }),
      'EDU_COURSES_UNKNOWN_CATEGORY', [{ field: 'body.category', message: 'No category with slug "no-such-category"' }])
    await expectFields(await owner.inject({ method: 'PATCH', url: `${API}/courses/${course.id}`, payload: { category: 'nope' } }),
      'EDU_COURSES_UNKNOWN_CATEGORY', [{ field: 'body.category', message: 'No category with slug "nope"' }])
    await expectFields(await owner.inject({ method: 'PATCH', url: `${API}/courses/${course.id}`, payload: { coverImageUrl: 'https://user:pw@example.com/a.png' } }),
      'EDU_COURSES_BAD_COVER_URL', [{ field: 'body.coverImageUrl', message: 'must be an absolute https URL without credentials' }])
    const video = 'must be an https YouTube, Vimeo or video-file (.mp4, .webm, .ogg, .m3u8) URL'
    await expectFields(await owner.inject({ method: 'POST', url: `${API}/modules/${course.modules[0]!.id}/lessons`, payload: { title: 'V', type: 'video', videoUrl: 'https://example.com/page.html' } }),
      'EDU_COURSES_BAD_VIDEO_URL', [{ field: 'body.videoUrl', message: video }])
    await expectFields(await owner.inject({ method: 'PATCH', url: `${API}/lessons/${course.modules[0]!.lessons[0]}`, payload: { videoUrl: 'ftp://example.com/a.mp4' } }),
      'EDU_COURSES_BAD_VIDEO_URL', [{ field: 'body.videoUrl', message: video }])
    const student = await t.asStudent()
    await expectFields(await admin.inject({ method: 'POST', url: `${API}/courses`, payload: { title: 'x', teacherId: student.user.id } }),
      'EDU_COURSES_TEACHER_REQUIRED', [{ field: 'body.teacherId', message: `No teacher ${student.user.id}` }])
    expect(await rowsOf()).toBe(before)
  })

  it('an order that does not name every module or lesson once', async () => {
    const before = await rowsOf()
    const [m1, m2] = course.modules.map((m) => m.id)
    await expectFields(await owner.inject({ method: 'PUT', url: `${API}/courses/${course.id}/modules/order`, payload: { moduleIds: [m1, m1] } }),
      'EDU_COURSES_BAD_ORDER', [{ field: 'body.moduleIds', message: 'must name every module of this course exactly once (expected 2 ids)' }])
    await expectFields(await owner.inject({ method: 'PUT', url: `${API}/modules/${m2}/lessons/order`, payload: { lessonIds: [course.modules[1]!.lessons[0]] } }),
      'EDU_COURSES_BAD_ORDER', [{ field: 'body.lessonIds', message: 'must name every lesson of this module exactly once (expected 2 ids)' }])
    expect(await rowsOf()).toBe(before)
  })

  it('minPrice above maxPrice names both', async () => {
    const message = 'minPrice must not be greater than maxPrice'
    await expectFields(await t.inject({ method: 'GET', url: `${API}/courses?minPrice=500&maxPrice=100` }), 'EDU_COURSES_BAD_PRICE_RANGE',
      [{ field: 'querystring.minPrice', message }, { field: 'querystring.maxPrice', message }])
  })

  it('a forged cursor names the cursor', async () => {
    await expectFields(await t.inject({ method: 'GET', url: `${API}/courses?cursor=bm90LWEtY3Vyc29y` }), 'EDU_INVALID_CURSOR',
      [{ field: 'querystring.cursor', message: 'The cursor is not one this API issued' }])
  })

  it('an unknown category in the path is 404, not 400', async () => {
    const res = await admin.inject({ method: 'PATCH', url: `${API}/categories/no-such-slug`, payload: { name: 'x' } })
    expectProblem(res, 404)
    expect(res.json().code).toBe('EDU_COURSES_CATEGORY_NOT_FOUND')
  })
})

describe('a lesson body that once broke the renderer', () => {
  it('a lesson body of 5,000 nested block quotes is stored and rendered, not a 500', async () => {
    const body = `${'>'.repeat(5000)} deep\n\nafter`
    const res = await owner.inject({ method: 'POST', url: `${API}/modules/${course.modules[0]!.id}/lessons`, payload: { title: 'Deep', body } })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ body })
    expect(res.json().bodyHtml).toContain('<p>after</p>')
    const lesson = res.json().id as string
    expect((await owner.inject({ method: 'PATCH', url: `${API}/lessons/${lesson}`, payload: { body: `${body}!` } })).statusCode).toBe(200)
    expect((await owner.inject({ method: 'DELETE', url: `${API}/lessons/${lesson}` })).statusCode).toBe(204)
  })

  it('an id with a urn:uuid: prefix is a 400 on every id route, not a 500 from PostgreSQL', async () => {
    for (const url of [`${API}/courses/urn:uuid:${course.id}`, `${API}/courses/URN:UUID:${course.id}/curriculum`, `${API}/lessons/urn:uuid:${course.id}`]) {
      expectProblem(await t.inject({ method: 'GET', url }), 400)
    }
  })

  it('a curriculum first read through an upper-case id names the course as stored, for every later reader', async () => {
    const fresh = await makeCourse(owner, { title: 'Case' })
    const upper = await t.inject({ method: 'GET', url: `${API}/courses/${fresh.id.toUpperCase()}/curriculum` })
    expect(upper.statusCode, upper.body).toBe(200)
    const lower = await t.inject({ method: 'GET', url: `${API}/courses/${fresh.id}/curriculum` })
    for (const body of [upper.json(), lower.json()]) {
      expect(body.courseId).toBe(fresh.id)
      expect((body.modules as Array<{ courseId: string }>).every((m) => m.courseId === fresh.id)).toBe(true)
    }
  })
})
