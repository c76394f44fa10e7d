import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { definePlugin } from '@eduplatform/core'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { courses, lessonContentVersion } from '../src/index.ts'
import { API, expectProblem, makeCourse } from './helpers.ts'

// Stands in for the enrollment plugin: the only thing courses asks of it is 'course-access'.
const enrolled = new Set<string>()
const fakeEnrollment = definePlugin({
  name: 'fake-enrollment',
  dependsOn: ['courses'],
  register(app) {
    app.services.provide('course-access', { isEnrolled: async (userId, courseId) => enrolled.has(`${userId}:${courseId}`) })
  },
})

let t: TestEngine
let owner: Actor
let other: Actor
let student: Actor
let admin: Actor

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), fakeEnrollment()] })
  owner = await t.asTeacher({ name: 'Grace Teacher' })
  other = await t.asTeacher()
  student = await t.asStudent()
  admin = await t.asAdmin()
})
afterAll(async () => t?.close())

const get = (url: string, who?: Actor, headers: Record<string, string> = {}) => (who ?? t).inject({ method: 'GET', url: `${API}${url}`, headers })

describe('course detail and curriculum', () => {
  it('returns the course with teacher, category, level, price and counts', async () => {
    const c = await makeCourse(owner, { title: 'Detail', category: 'music', level: 'advanced', priceCents: 2500 }, { modules: 2, lessons: 3 })
    const res = await get(`/courses/${c.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/json')
    expect(res.headers['cache-control']).toBe('public, no-cache')
    expect(res.json()).toMatchObject({
      id: c.id, title: 'Detail', teacher: { id: owner.user.id, name: 'Grace Teacher' }, category: { slug: 'music', name: 'Music' },
      level: 'advanced', priceCents: 2500, currency: 'USD', status: 'published', moduleCount: 2, lessonCount: 6, durationMinutes: 30,
      enrollmentCount: 0, avgRating: 0, reviewCount: 0,
    })
    expect((await get(`/courses/by-slug/${c.slug}`)).json().id).toBe(c.id)
  })

  it('returns the curriculum in order without lesson bodies', async () => {
    const c = await makeCourse(owner, { title: 'Curriculum' }, { modules: 2, lessons: 2 })
    const res = await get(`/courses/${c.id}/curriculum`)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.modules.map((m: { id: string }) => m.id)).toEqual(c.modules.map((m) => m.id))
    expect(body.modules[1].lessons.map((l: { id: string }) => l.id)).toEqual(c.modules[1]!.lessons)
    expect(body.modules[0].lessons[0]).toEqual({ id: c.modules[0]!.lessons[0], title: 'Lesson 1.1', type: 'text', position: 0, durationMinutes: 5, isPreview: true })
    expect(res.body).not.toContain('Some *text*')
    expect(res.body).not.toContain('bodyHtml')
  })
})

describe('lesson access', () => {
  it('opens preview lessons of published courses to anyone; others need enrollment, ownership or admin', async () => {
    const c = await makeCourse(owner, { title: 'Access' }, { modules: 1, lessons: 2 })
    const [preview, locked] = c.modules[0]!.lessons as [string, string]
    const open = await get(`/lessons/${preview}`)
    expect(open.statusCode).toBe(200)
    expect(open.json()).toMatchObject({ id: preview, isPreview: true, body: '# Lesson 1\n\nSome *text*.', bodyHtml: '<h1>Lesson 1</h1>\n<p>Some <em>text</em>.</p>\n' })
    expect(open.headers['cache-control']).toBe('public, no-cache')

    expectProblem(await get(`/lessons/${locked}`), 401)
    expectProblem(await get(`/lessons/${locked}`, student), 403)
    expectProblem(await get(`/lessons/${locked}`, other), 403)
    for (const who of [owner, admin]) expect((await get(`/lessons/${locked}`, who)).statusCode).toBe(200)

    enrolled.add(`${student.user.id}:${c.id}`)
    const mine = await get(`/lessons/${locked}`, student)
    expect(mine.statusCode).toBe(200)
    expect(mine.headers['cache-control']).toBe('private, no-cache')
    enrolled.delete(`${student.user.id}:${c.id}`)
    expectProblem(await get(`/lessons/${locked}`, student), 403)
  })

  it('closes previews of archived courses to strangers but keeps every lesson open to enrolled students', async () => {
    const c = await makeCourse(owner, { title: 'Archived access' }, { modules: 1, lessons: 2 })
    const [preview, locked] = c.modules[0]!.lessons as [string, string]
    expect((await get(`/lessons/${preview}`)).statusCode).toBe(200)
    enrolled.add(`${student.user.id}:${c.id}`)
    await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'archived' } })
    expectProblem(await get(`/lessons/${preview}`), 401)
    expect((await get(`/lessons/${preview}`, student)).statusCode).toBe(200)
    expect((await get(`/lessons/${locked}`, student)).statusCode).toBe(200)
  })

  it('keeps lessons of drafts hidden even from enrolled students', async () => {
    const c = await makeCourse(owner, { title: 'Draft access' }, { modules: 1, lessons: 1, publish: false })
    enrolled.add(`${student.user.id}:${c.id}`)
    expectProblem(await get(`/lessons/${c.modules[0]!.lessons[0]}`, student), 404)
    expectProblem(await get(`/lessons/${c.modules[0]!.lessons[0]}`), 404)
  })

  it('lets a preview toggle take effect at once', async () => {
    const c = await makeCourse(owner, { title: 'Toggle' }, { modules: 1, lessons: 2 })
    const locked = c.modules[0]!.lessons[1]!
    expectProblem(await get(`/lessons/${locked}`), 401)
    await owner.inject({ method: 'PATCH', url: `${API}/lessons/${locked}`, payload: { isPreview: true } })
    expect((await get(`/lessons/${locked}`)).statusCode).toBe(200)
    await owner.inject({ method: 'PATCH', url: `${API}/lessons/${locked}`, payload: { isPreview: false } })
    expectProblem(await get(`/lessons/${locked}`), 401)
  })
})

describe('ETags', () => {
  it('answers If-None-Match with 304 on detail, curriculum and lessons, and 200 with a new ETag after a change', async () => {
    const c = await makeCourse(owner, { title: 'Tagged' }, { modules: 1, lessons: 1 })
    const lessonId = c.modules[0]!.lessons[0]!
    for (const url of [`/courses/${c.id}`, `/courses/${c.id}/curriculum`, `/lessons/${lessonId}`]) {
      const first = await get(url)
      const etag = first.headers.etag as string
      expect(etag, url).toMatch(/^"[\w-]{20,}"$/)
      const again = await get(url, undefined, { 'if-none-match': etag })
      expect(again.statusCode, url).toBe(304)
      expect(again.headers.etag).toBe(etag)
      expect((await get(url, undefined, { 'if-none-match': '"nope"' })).statusCode).toBe(200)
    }
    const before = (await get(`/lessons/${lessonId}`)).headers.etag as string
    await owner.inject({ method: 'PATCH', url: `${API}/lessons/${lessonId}`, payload: { body: 'Changed' } })
    const after = await get(`/lessons/${lessonId}`, undefined, { 'if-none-match': before })
    expect(after.statusCode).toBe(200)
    expect(after.json().body).toBe('Changed')
  })

  it('sends a cached body as the read that cached it did: same bytes, type and ETag', async () => {
    const c = await makeCourse(owner, { title: 'Same bytes' }, { modules: 1, lessons: 1 })
    const lessonId = c.modules[0]!.lessons[0]!
    for (const url of [`/courses/${c.id}`, `/courses/${c.id}/curriculum`, `/lessons/${lessonId}`]) {
      const filled = await get(url)
      const cached = await get(url)
      expect(cached.statusCode, url).toBe(200)
      expect(cached.rawPayload.equals(filled.rawPayload), url).toBe(true)
      expect(cached.headers.etag, url).toBe(filled.headers.etag)
      expect(cached.headers['content-type'], url).toBe('application/json; charset=utf-8')
      expect(cached.headers['content-length'], url).toBe(String(filled.rawPayload.length))
    }
  })

  it('never answers 304 to someone who may not see the body', async () => {
    const c = await makeCourse(owner, { title: 'Private tag' }, { modules: 1, lessons: 1, publish: false })
    const etag = (await get(`/courses/${c.id}`, owner)).headers.etag as string
    expectProblem(await get(`/courses/${c.id}`, other, { 'if-none-match': etag }), 404)
  })
})

describe('cache invalidation: a read after any write shows the write', () => {
  const read = async (c: { id: string }) => {
    const [d, cur] = await Promise.all([get(`/courses/${c.id}`, owner), get(`/courses/${c.id}/curriculum`, owner)])
    return { detail: d.json(), curriculum: cur.json() }
  }

  it('course edits, publish, unpublish, archive and delete', async () => {
    const c = await makeCourse(owner, { title: 'Cache course' }, { modules: 1, lessons: 1, publish: false })
    await read(c)
    await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { title: 'Cache course v2', tags: ['new'] } })
    expect((await read(c)).detail).toMatchObject({ title: 'Cache course v2', tags: ['new'] })
    expectProblem(await get(`/courses/${c.id}`), 404)
    await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'published' } })
    expect((await get(`/courses/${c.id}`)).json().status).toBe('published')
    expect((await get(`/lessons/${c.modules[0]!.lessons[0]}`)).statusCode).toBe(200)
    await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'draft' } })
    expectProblem(await get(`/courses/${c.id}`), 404)
    expectProblem(await get(`/courses/${c.id}/curriculum`), 404)
    expectProblem(await get(`/lessons/${c.modules[0]!.lessons[0]}`), 404)
    await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'published' } })
    await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'archived' } })
    expect((await get(`/courses/${c.id}`)).json().status).toBe('archived')
    await owner.inject({ method: 'DELETE', url: `${API}/courses/${c.id}` })
    expectProblem(await get(`/courses/${c.id}`, owner), 404)
    expectProblem(await get(`/courses/${c.id}/curriculum`, owner), 404)
  })

  it('module create, rename, reorder and delete', async () => {
    const c = await makeCourse(owner, { title: 'Cache modules' }, { modules: 2, lessons: 1 })
    await read(c)
    const created = await owner.inject({ method: 'POST', url: `${API}/courses/${c.id}/modules`, payload: { title: 'Third' } })
    let now = await read(c)
    expect(now.curriculum.modules.map((m: { title: string }) => m.title)).toEqual(['Module 1', 'Module 2', 'Third'])
    expect(now.detail.moduleCount).toBe(3)
    await owner.inject({ method: 'PATCH', url: `${API}/modules/${c.modules[0]!.id}`, payload: { title: 'First' } })
    expect((await read(c)).curriculum.modules[0].title).toBe('First')
    await owner.inject({ method: 'PUT', url: `${API}/courses/${c.id}/modules/order`, payload: { moduleIds: [created.json().id, c.modules[1]!.id, c.modules[0]!.id] } })
    expect((await read(c)).curriculum.modules.map((m: { title: string }) => m.title)).toEqual(['Third', 'Module 2', 'First'])
    await owner.inject({ method: 'DELETE', url: `${API}/modules/${c.modules[1]!.id}` })
    now = await read(c)
    expect(now.curriculum.modules.map((m: { title: string }) => m.title)).toEqual(['Third', 'First'])
    expect(now.detail).toMatchObject({ moduleCount: 2, lessonCount: 1 })
    expectProblem(await get(`/lessons/${c.modules[1]!.lessons[0]}`, owner), 404)
  })

  it('lesson create, edit, reorder and delete', async () => {
    const c = await makeCourse(owner, { title: 'Cache lessons' }, { modules: 1, lessons: 2 })
    const [a, b] = c.modules[0]!.lessons as [string, string]
    await read(c)
    await get(`/lessons/${a}`, owner)
    const created = await owner.inject({ method: 'POST', url: `${API}/modules/${c.modules[0]!.id}/lessons`, payload: { title: 'Third', durationMinutes: 10 } })
    let now = await read(c)
    expect(now.curriculum.modules[0].lessons.map((l: { title: string }) => l.title)).toEqual(['Lesson 1.1', 'Lesson 1.2', 'Third'])
    expect(now.detail).toMatchObject({ lessonCount: 3, durationMinutes: 20 })
    await owner.inject({ method: 'PATCH', url: `${API}/lessons/${a}`, payload: { title: 'Renamed', body: '**bold**', durationMinutes: 1 } })
    now = await read(c)
    expect(now.curriculum.modules[0].lessons[0]).toMatchObject({ title: 'Renamed', durationMinutes: 1 })
    expect(now.detail.durationMinutes).toBe(16)
    expect((await get(`/lessons/${a}`, owner)).json()).toMatchObject({ title: 'Renamed', bodyHtml: '<p><strong>bold</strong></p>\n' })
    await owner.inject({ method: 'PUT', url: `${API}/modules/${c.modules[0]!.id}/lessons/order`, payload: { lessonIds: [created.json().id, b, a] } })
    expect((await read(c)).curriculum.modules[0].lessons.map((l: { id: string }) => l.id)).toEqual([created.json().id, b, a])
    expect((await get(`/lessons/${a}`, owner)).json().position).toBe(2)
    await owner.inject({ method: 'DELETE', url: `${API}/lessons/${b}` })
    now = await read(c)
    expect(now.curriculum.modules[0].lessons.map((l: { id: string }) => l.id)).toEqual([created.json().id, a])
    expect(now.detail.lessonCount).toBe(2)
    expect((await get(`/lessons/${a}`, owner)).json().position).toBe(1)
    expectProblem(await get(`/lessons/${b}`, owner), 404)
  })

  it('enrollment counts and rating stats set through the service', async () => {
    const c = await makeCourse(owner, { title: 'Cache counters' })
    const service = t.app.services.get('courses')
    await get(`/courses/${c.id}`)
    await t.app.orm.em.fork().transactional((em) => service.adjustEnrollmentCount(em, c.id, 3))
    expect((await get(`/courses/${c.id}`)).json().enrollmentCount).toBe(3)
    await t.app.orm.em.fork().transactional((em) => service.setRatingStats(em, c.id, { avgRating: 4.256, reviewCount: 7 }))
    expect((await get(`/courses/${c.id}`)).json()).toMatchObject({ avgRating: 4.26, reviewCount: 7 })
    expect((await service.getCourseFacts(c.id))?.lessonCount).toBe(2)
  })

  it('a rolled-back enrollment leaves no stale count, and a read during the transaction is not kept after commit', async () => {
    const c = await makeCourse(owner, { title: 'Cache rollback' })
    const service = t.app.services.get('courses')
    await expect(t.app.orm.em.fork().transactional(async (em) => {
      await service.adjustEnrollmentCount(em, c.id, 1)
      throw new Error('payment failed')
    })).rejects.toThrow('payment failed')
    expect((await get(`/courses/${c.id}`)).json().enrollmentCount).toBe(0)

    // The transaction runs in a flow of its own; the test's requests are other flows, which neither see nor join it.
    let written!: () => void
    let commit!: () => void
    const adjusted = new Promise<void>((resolve) => { written = resolve })
    const committing = new Promise<void>((resolve) => { commit = resolve })
    const transaction = t.app.orm.em.fork().transactional(async (em) => {
      await service.adjustEnrollmentCount(em, c.id, 1)
      written()
      await committing
    })
    await adjusted
    // Another request reads (and caches) the old count while this transaction is open.
    expect((await get(`/courses/${c.id}`)).json().enrollmentCount).toBe(0)
    commit()
    await transaction
    expect((await get(`/courses/${c.id}`)).json().enrollmentCount).toBe(1)
  })

  it('a rating change read during its transaction is not kept after commit, nor kept by a rollback', async () => {
    const c = await makeCourse(owner, { title: 'Cache rating' })
    const service = t.app.services.get('courses')
    await t.app.orm.em.fork().transactional(async (em) => {
      await service.setRatingStats(em, c.id, { avgRating: 3.5, reviewCount: 2 })
      // Another request reads (and caches) the old figures while this transaction holds the row.
      expect((await get(`/courses/${c.id}`)).json()).toMatchObject({ avgRating: 0, reviewCount: 0 })
    })
    expect((await get(`/courses/${c.id}`)).json()).toMatchObject({ avgRating: 3.5, reviewCount: 2 })

    await expect(t.app.orm.em.fork().transactional(async (em) => {
      await service.setRatingStats(em, c.id, { avgRating: 1, reviewCount: 9 })
      throw new Error('review refused')
    })).rejects.toThrow('review refused')
    expect((await get(`/courses/${c.id}`)).json()).toMatchObject({ avgRating: 3.5, reviewCount: 2 })
  })
})

describe('the courses service', () => {
  it('gives facts for courses (drafts included) and lessons, lesson ids in order, and who may manage', async () => {
    const service = t.app.services.get('courses')
    const c = await makeCourse(owner, { title: 'Facts', priceCents: 1500 }, { modules: 2, lessons: 2, publish: false })
    expect(await service.getCourseFacts(c.id)).toEqual({
      id: c.id, teacherId: owner.user.id, title: 'Facts', slug: c.slug, status: 'draft', priceCents: 1500, currency: 'USD', lessonCount: 4,
    })
    expect(await service.getCourseFacts('01900000-0000-7000-8000-000000000000')).toBeUndefined()
    expect(await service.getCourseFacts('not-a-uuid')).toBeUndefined()
    const many = await service.getCourseFactsMany([c.id, c.id, 'junk', '01900000-0000-7000-8000-000000000000'])
    expect([...many.keys()]).toEqual([c.id])
    const lessonId = c.modules[1]!.lessons[0]!
    expect(await service.getLessonFacts(lessonId)).toEqual({
      id: lessonId, courseId: c.id, moduleId: c.modules[1]!.id, title: 'Lesson 2.1', type: 'text', isPreview: false,
      // SHA-256 of 'Lesson 2.1' NUL '# Lesson 1\n\nSome *text*.' NUL, base64url, 16 characters.
      contentVersion: 'vTEhbRvIFP9Zn_GR',
    })
    expect(await service.getLessonFacts('junk')).toBeUndefined()
    expect(await service.listLessonIds(c.id)).toEqual(c.modules.flatMap((m) => m.lessons))
    await owner.inject({ method: 'PUT', url: `${API}/courses/${c.id}/modules/order`, payload: { moduleIds: [c.modules[1]!.id, c.modules[0]!.id] } })
    expect(await service.listLessonIds(c.id)).toEqual([...c.modules[1]!.lessons, ...c.modules[0]!.lessons])
    expect(await service.listLessonIds('junk')).toEqual([])

    expect(await service.canManage({ id: owner.user.id, role: 'teacher', kind: 'user' }, c.id)).toBe(true)
    expect(await service.canManage({ id: other.user.id, role: 'teacher', kind: 'user' }, c.id)).toBe(false)
    expect(await service.canManage({ id: student.user.id, role: 'student', kind: 'user' }, c.id)).toBe(false)
    expect(await service.canManage({ id: admin.user.id, role: 'admin', kind: 'user' }, c.id)).toBe(true)
    expect(await service.canManage({ id: 'key-id', role: 'admin', kind: 'apiKey' }, c.id)).toBe(true)
    expect(await service.canManage(null, c.id)).toBe(false)
    expect(await service.canManage({ id: owner.user.id, role: 'teacher', kind: 'user' }, 'junk')).toBe(false)

    await expect(t.app.orm.em.fork().transactional((em) => service.adjustEnrollmentCount(em, '01900000-0000-7000-8000-000000000000', 1))).rejects.toMatchObject({ code: 'EDU_COURSES_COURSE_NOT_FOUND', statusCode: 404 })
  })

  it('keeps facts fresh after a course changes', async () => {
    const service = t.app.services.get('courses')
    const c = await makeCourse(owner, { title: 'Fresh facts', priceCents: 100 })
    expect((await service.getCourseFacts(c.id))?.priceCents).toBe(100)
    await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { priceCents: 200, status: 'archived' } })
    expect(await service.getCourseFacts(c.id)).toMatchObject({ priceCents: 200, status: 'archived' })
  })

  it("changes a lesson's content version exactly when its title or body changes", async () => {
    const service = t.app.services.get('courses')
    const c = await makeCourse(owner, { title: 'Versioned lessons' })
    const lessonId = c.modules[0]!.lessons[0]!
    const version = async () => (await service.getLessonFacts(lessonId))!.contentVersion
    const patch = async (payload: Record<string, unknown>) =>
      expect((await owner.inject({ method: 'PATCH', url: `${API}/lessons/${lessonId}`, payload })).statusCode).toBe(200)
    const first = await version()
    expect(first).toBe(lessonContentVersion('Lesson 1.1', '# Lesson 1\n\nSome *text*.'))
    await patch({ isPreview: false, durationMinutes: 9 })
    expect(await version()).toBe(first)
    await patch({ body: 'Other text.' })
    expect(await version()).toBe(lessonContentVersion('Lesson 1.1', 'Other text.'))
    await patch({ title: 'Renamed' })
    expect(await version()).toBe(lessonContentVersion('Renamed', 'Other text.'))
    // Title and body are hashed apart: moving text from one to the other is another version.
    expect(lessonContentVersion('ab', 'c')).not.toBe(lessonContentVersion('a', 'bc'))
  })
})

describe('API keys', () => {
  it('act with admin rights within their scopes', async () => {
    const created = await admin.inject({ method: 'POST', url: `${API}/admin/api-keys`, payload: { name: 'integrator', scopes: ['read', 'write'] } })
    const headers = { authorization: `Bearer ${created.json().secret}` }
    const noTeacher = await t.inject({ method: 'POST', url: `${API}/courses`, headers, payload: { title: 'By key' } })
    expectProblem(noTeacher, 400)
    const course = await t.inject({ method: 'POST', url: `${API}/courses`, headers, payload: { title: 'By key', teacherId: owner.user.id } })
    expect(course.statusCode).toBe(201)
    expect(course.json().teacher.id).toBe(owner.user.id)
    expect((await t.inject({ method: 'GET', url: `${API}/courses/${course.json().id}`, headers })).statusCode).toBe(200)
    const readOnly = await admin.inject({ method: 'POST', url: `${API}/admin/api-keys`, payload: { name: 'reader', scopes: ['read'] } })
    expectProblem(await t.inject({ method: 'PATCH', url: `${API}/courses/${course.json().id}`, headers: { authorization: `Bearer ${readOnly.json().secret}` }, payload: { title: 'x' } }), 403)
  })
})

describe('names in cached course views', () => {
  it("shows a teacher's new name as soon as the rename is delivered", async () => {
    const renamed = await t.asTeacher({ name: 'Ada Before' })
    const c = await makeCourse(renamed, { title: 'Renamed teacher course' })
    const list = async () => ((await get('/courses?limit=100')).json().items as Array<{ id: string; teacher: { name: string } }>).find((i) => i.id === c.id)
    // Warm the caches.
    expect((await get(`/courses/${c.id}`)).json().teacher.name).toBe('Ada Before')
    expect((await list())?.teacher.name).toBe('Ada Before')

    const patched = await renamed.inject({ method: 'PATCH', url: `${API}/auth/me`, payload: { name: 'Ada After' } })
    expect(patched.statusCode, patched.body).toBe(200)
    await t.drainEvents()
    expect((await get(`/courses/${c.id}`)).json().teacher).toEqual({ id: renamed.user.id, name: 'Ada After' })
    expect((await list())?.teacher.name).toBe('Ada After')
  })

  it('shows a renamed category at once', async () => {
    const c = await makeCourse(owner, { title: 'Category rename course', category: 'health' })
    expect((await get(`/courses/${c.id}`)).json().category).toEqual({ slug: 'health', name: 'Health & Fitness' })
    const res = await admin.inject({ method: 'PATCH', url: `${API}/categories/health`, payload: { name: 'Health and Wellbeing' } })
    expect(res.statusCode, res.body).toBe(200)
    expect((await get(`/courses/${c.id}`)).json().category).toEqual({ slug: 'health', name: 'Health and Wellbeing' })
  })
})
