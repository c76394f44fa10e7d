import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, waitUntil, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '../src/index.ts'
import { API, expectProblem, makeCourse } from './helpers.ts'

let t: TestEngine
let owner: Actor
let other: Actor
let student: Actor
let admin: Actor

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses()] })
  owner = await t.asTeacher({ name: 'Owner Teacher' })
  other = await t.asTeacher()
  student = await t.asStudent()
  admin = await t.asAdmin()
})
afterAll(async () => t?.close())

const UNKNOWN = '01900000-0000-7000-8000-000000000000'
const detail = (id: string, who?: Actor) => (who ?? t).inject({ method: 'GET', url: `${API}/courses/${id}` })
const curriculum = (id: string, who?: Actor) => (who ?? t).inject({ method: 'GET', url: `${API}/courses/${id}/curriculum` })

describe('creating courses', () => {
  it('lets a verified teacher create a draft with a slug and defaults; plain text stays exactly as written', async () => {
    const res = await owner.inject({
      method: 'POST', url: `${API}/courses`,
      payload: { title: ' Java: List<String> basics ', description: 'Uses Map<K, V>\n\tand <b>tags</b> & entities &amp;',  category: 'programming', level: 'beginner', priceCents: 1999, currency: 'EUR', tags: ['Go', 'go', ' Backend '], coverImageUrl: 'https://img.example.com/go.png', language: 'de' },
    })
    expect(res.statusCode).toBe(201)
    expect(res.headers.location).toBe(`${API}/courses/${res.json().id}`)
    expect(res.json()).toMatchObject({
      title: ' Java: List<String> basics ', description: 'Uses Map<K, V>\n\tand <b>tags</b> & entities &amp;', slug: 'java-list-string-basics', status: 'draft', priceCents: 1999, currency: 'EUR', isFree: false,
      teacher: { id: owner.user.id, name: 'Owner Teacher' }, category: { slug: 'programming', name: 'Programming' },
      tags: ['go', 'backend'], coverImageUrl: 'https://img.example.com/go.png', language: 'de', lessonCount: 0, enrollmentCount: 0,
      avgRating: 0, reviewCount: 0, publishedAt: null,
    })
  })

  it('gives a second course with the same title its own slug', async () => {
    const a = await owner.inject({ method: 'POST', url: `${API}/courses`, payload: { title: 'Same Title' } })
    const b = await owner.inject({ method: 'POST', url: `${API}/courses`, payload: { title: 'Same Title' } })
    expect(a.json().slug).toBe('same-title')
    expect(b.json().slug).toMatch(/^same-title-[0-9a-f]{8}$/)
  })

  it('refuses unverified teachers and students with 403, anonymous callers with 401', async () => {
    const unverified = await t.asTeacher({ verified: false })
    // Whatever the body: the role check comes before validation.
    for (const payload of [{ title: 'Nope' }, { title: 42, extra: 1 }, {}]) {
      for (const who of [unverified, student]) {
        expectProblem(await who.inject({ method: 'POST', url: `${API}/courses`, payload }), 403)
      }
      expectProblem(await t.inject({ method: 'POST', url: `${API}/courses`, payload }), 401)
    }
  })

  it('lets an admin create a course for a teacher, not for a student', async () => {
    const res = await admin.inject({ method: 'POST', url: `${API}/courses`, payload: { title: 'Assigned', teacherId: other.user.id } })
    expect(res.statusCode).toBe(201)
    expect(res.json().teacher.id).toBe(other.user.id)
    expectProblem(await admin.inject({ method: 'POST', url: `${API}/courses`, payload: { title: 'Assigned', teacherId: student.user.id } }), 400)
    expectProblem(await owner.inject({ method: 'POST', url: `${API}/courses`, payload: { title: 'Mine?', teacherId: other.user.id } }), 403)
  })

  it('validates every field with problem+json naming it', async () => {
    const bad = [
      [{}, 'body.title'],
      [{ title: '' }, 'body.title'],
      [{ title: 'x', extra: 1 }, 'body.extra'],
      [{ title: 'x', priceCents: -1 }, 'body.priceCents'],
      [{ title: 'x', priceCents: 9.5 }, 'body.priceCents'],
      [{ title: 'x', priceCents: '100' }, 'body.priceCents'],
      [{ title: 'x', level: 'expert' }, 'body.level'],
      [{ title: 'x', currency: 'usd' }, 'body.currency'],
      [{ title: 'x', currency: 'XYZ' }, 'body.currency'],
      [{ title: 'x', currency: 'XAU' }, 'body.currency'],
      [{ title: 'x', coverImageUrl: 'http://img.example.com/a.png' }, 'body.coverImageUrl'],
      [{ title: 'x', coverImageUrl: 'javascript:alert(1)' }, 'body.coverImageUrl'],
      [{ title: 'x', tags: 'go' }, 'body.tags'],
      [{ title: 'x'.repeat(201) }, 'body.title'],
    ] as const
    for (const [payload, field] of bad) {
      const res = await owner.inject({ method: 'POST', url: `${API}/courses`, payload })
      expectProblem(res, 400)
      expect(res.json().errors.map((e: { field: string }) => e.field), JSON.stringify(payload)).toContain(field)
    }
    expectProblem(await owner.inject({ method: 'POST', url: `${API}/courses`, payload: { title: 'x', category: 'no-such-category' } }), 400)
    expectProblem(await owner.inject({ method: 'POST', url: `${API}/courses`, payload: { title: 'x', coverImageUrl: 'https://user:pw@example.com/a.png' } }), 400)
    const blank = await owner.inject({ method: 'POST', url: `${API}/courses`, payload: { title: ' \u00a0\u3000 ' } })
    expectProblem(blank, 400)
    expect(blank.json().errors).toEqual([{ field: 'body.title', message: 'must not be blank' }])
  })
})

describe('changing courses', () => {
  it('lets only the owner or an admin edit; another teacher gets 403, a student 403, anonymous 401', async () => {
    const c = await makeCourse(owner, { title: 'Editable' })
    const ok = await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { title: 'Edited', priceCents: 500, category: 'design', coverImageUrl: null } })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ title: 'Edited', priceCents: 500, category: { slug: 'design' }, slug: c.slug })
    expect((await admin.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { level: 'advanced' } })).json().level).toBe('advanced')
    expectProblem(await other.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { title: 'Hijack' } }), 403)
    expectProblem(await student.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { title: 'Hijack' } }), 403)
    expectProblem(await t.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { title: 'Hijack' } }), 401)
    expectProblem(await other.inject({ method: 'DELETE', url: `${API}/courses/${c.id}` }), 403)
    expect((await detail(c.id)).json().title).toBe('Edited')
    expectProblem(await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: {} }), 400)
    expectProblem(await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'gone' } }), 400)
  })

  it('records course.updated once for an edit of its fields, in the same statement; none for a refused edit', async () => {
    const updated = t.captureEvents('course.updated')
    const c = await makeCourse(owner, { title: 'One event' })
    await t.drainEvents()
    const before = updated.payloads.length
    expect((await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { title: 'One event, edited', tags: ['A', 'a '] } })).statusCode).toBe(200)
    expectProblem(await other.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { title: 'Hijack' } }), 403)
    expectProblem(await owner.inject({ method: 'PATCH', url: `${API}/courses/${UNKNOWN}`, payload: { title: 'Nobody' } }), 404)
    await t.drainEvents()
    expect(updated.payloads.slice(before)).toEqual([{ courseId: c.id, statusChanged: false }])
    const rows = await t.app.orm.em.fork().execute(`SELECT count(*)::int AS n FROM edu_outbox WHERE event = 'course.updated' AND payload->>'courseId' = ?`, [UNKNOWN])
    expect(rows[0]!.n).toBe(0)
    expect((await detail(c.id)).json()).toMatchObject({ title: 'One event, edited', tags: ['a'] })
  })

  it('keeps drafts invisible: 404 to others for detail, curriculum, lessons and changes; visible to owner and admin', async () => {
    const c = await makeCourse(owner, { title: 'Secret Draft' }, { publish: false })
    const lessonId = c.modules[0]!.lessons[0]!
    for (const who of [undefined, student, other]) {
      expectProblem(await detail(c.id, who), 404)
      expectProblem(await curriculum(c.id, who), 404)
      expectProblem(await (who ?? t).inject({ method: 'GET', url: `${API}/lessons/${lessonId}` }), 404)
      expectProblem(await (who ?? t).inject({ method: 'GET', url: `${API}/courses/by-slug/${c.slug}` }), 404)
    }
    expectProblem(await other.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { title: 'x' } }), 404)
    expectProblem(await other.inject({ method: 'POST', url: `${API}/courses/${c.id}/modules`, payload: { title: 'x' } }), 404)
    expectProblem(await other.inject({ method: 'PATCH', url: `${API}/modules/${c.modules[0]!.id}`, payload: { title: 'x' } }), 404)
    expect((await admin.inject({ method: 'PATCH', url: `${API}/modules/${c.modules[0]!.id}`, payload: { title: 'Module 1' } })).statusCode).toBe(200)
    for (const who of [owner, admin]) {
      const res = await detail(c.id, who)
      expect(res.statusCode).toBe(200)
      expect(res.headers['cache-control']).toContain('private')
      expect((await curriculum(c.id, who)).statusCode).toBe(200)
      expect((await who.inject({ method: 'GET', url: `${API}/lessons/${lessonId}` })).statusCode).toBe(200)
    }
    // The same 404 whether the draft exists or not.
    expect((await detail(c.id, other)).json().code).toBe((await detail(UNKNOWN, other)).json().code)
  })

  it('needs a lesson to publish (409 with a clear detail); sets publishedAt; emits course.published and course.updated', async () => {
    const published = t.captureEvents('course.published')
    const updated = t.captureEvents('course.updated')
    const c = await makeCourse(owner, { title: 'Empty' }, { modules: 1, lessons: 0, publish: false })
    const empty = await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'published' } })
    expectProblem(empty, 409)
    expect(empty.json().detail).toMatch(/at least one lesson/)
    await owner.inject({ method: 'POST', url: `${API}/modules/${c.modules[0]!.id}/lessons`, payload: { title: 'First' } })
    const ok = await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'published' } })
    expect(ok.statusCode).toBe(200)
    expect(ok.json().status).toBe('published')
    expect(Date.parse(ok.json().publishedAt)).toBeGreaterThan(Date.now() - 60_000)
    await published.waitFor(1)
    expect(published.payloads).toContainEqual({ courseId: c.id, teacherId: owner.user.id })
    await updated.waitFor(1)
    expect(updated.payloads).toContainEqual({ courseId: c.id, statusChanged: true })
  })

  it('archives a published course (course.archived), never a draft; archived courses stay readable but leave the catalogue', async () => {
    const archived = t.captureEvents('course.archived')
    const draft = await makeCourse(owner, { title: 'Draft to archive' }, { publish: false })
    expectProblem(await owner.inject({ method: 'PATCH', url: `${API}/courses/${draft.id}`, payload: { status: 'archived' } }), 409)
    const c = await makeCourse(owner, { title: 'Zebra Archival Studies' })
    const res = await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'archived' } })
    expect(res.json().status).toBe('archived')
    await archived.waitFor(1)
    expect(archived.payloads).toContainEqual({ courseId: c.id })
    expect((await detail(c.id)).statusCode).toBe(200)
    const list = await t.inject({ method: 'GET', url: `${API}/courses?q=zebra%20archival&limit=100` })
    expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(c.id)
    // Publishing again keeps the first publication date.
    const again = await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'published' } })
    expect(again.json().publishedAt).toBe(res.json().publishedAt)
  })

  it('refuses to delete or unpublish a course with enrollments (409: archive instead); deletes one without', async () => {
    const deleted = t.captureEvents('course.deleted')
    const c = await makeCourse(owner, { title: 'Popular' })
    const service = t.app.services.get('courses')
    await t.app.orm.em.fork().transactional((em) => service.adjustEnrollmentCount(em, c.id, 2))
    const del = await owner.inject({ method: 'DELETE', url: `${API}/courses/${c.id}` })
    expectProblem(del, 409)
    expect(del.json().detail).toMatch(/archive/)
    expectProblem(await owner.inject({ method: 'PATCH', url: `${API}/courses/${c.id}`, payload: { status: 'draft' } }), 409)
    expectProblem(await admin.inject({ method: 'DELETE', url: `${API}/courses/${c.id}` }), 409)

    const gone = await makeCourse(owner, { title: 'Short-lived' }, { modules: 2 })
    expect((await owner.inject({ method: 'DELETE', url: `${API}/courses/${gone.id}` })).statusCode).toBe(204)
    expectProblem(await detail(gone.id, owner), 404)
    expectProblem(await curriculum(gone.id, owner), 404)
    expectProblem(await owner.inject({ method: 'GET', url: `${API}/lessons/${gone.modules[0]!.lessons[0]}` }), 404)
    expectProblem(await owner.inject({ method: 'DELETE', url: `${API}/courses/${gone.id}` }), 404)
    const [row] = await t.app.orm.em.fork().execute(`SELECT count(*)::int AS n FROM course_lessons WHERE course_id = ?`, [gone.id])
    expect(row!.n).toBe(0)
    await deleted.waitFor(1)
    expect(deleted.payloads).toContainEqual({ courseId: gone.id, teacherId: owner.user.id })
  })
})

describe('modules and lessons', () => {
  it('creates, edits and deletes modules; positions stay 0..n-1', async () => {
    const c = await makeCourse(owner, { title: 'Modules' }, { modules: 3, lessons: 1 })
    const positions = async () => (await curriculum(c.id, owner)).json().modules.map((m: { id: string; position: number }) => [m.id, m.position])
    expect(await positions()).toEqual(c.modules.map((m, i) => [m.id, i]))
    const patched = await owner.inject({ method: 'PATCH', url: `${API}/modules/${c.modules[1]!.id}`, payload: { title: 'Renamed', description: 'About it' } })
    expect(patched.json()).toMatchObject({ id: c.modules[1]!.id, title: 'Renamed', description: 'About it', position: 1 })
    // The module answered is the curriculum's, its lessons in order.
    const added = await owner.inject({ method: 'POST', url: `${API}/modules/${c.modules[1]!.id}/lessons`, payload: { title: 'Second', durationMinutes: 4 } })
    const again = await owner.inject({ method: 'PATCH', url: `${API}/modules/${c.modules[1]!.id}`, payload: { description: 'About it' } })
    const listed = (await curriculum(c.id, owner)).json().modules.find((m: { id: string }) => m.id === c.modules[1]!.id)
    expect(again.json()).toEqual(listed)
    expect(again.json().lessons.map((l: { id: string; position: number }) => [l.id, l.position])).toEqual([[c.modules[1]!.lessons[0], 0], [added.json().id, 1]])
    expect(added.json()).toEqual((await owner.inject({ method: 'GET', url: `${API}/lessons/${added.json().id}` })).json())
    expect((await owner.inject({ method: 'DELETE', url: `${API}/modules/${c.modules[0]!.id}` })).statusCode).toBe(204)
    expect(await positions()).toEqual([[c.modules[1]!.id, 0], [c.modules[2]!.id, 1]])
    expect((await detail(c.id)).json()).toMatchObject({ moduleCount: 2, lessonCount: 3 })
    expectProblem(await other.inject({ method: 'PATCH', url: `${API}/modules/${c.modules[1]!.id}`, payload: { title: 'x' } }), 403)
    expectProblem(await other.inject({ method: 'DELETE', url: `${API}/modules/${c.modules[1]!.id}` }), 403)
    expectProblem(await other.inject({ method: 'POST', url: `${API}/modules/${c.modules[1]!.id}/lessons`, payload: { title: 'x' } }), 403)
    expectProblem(await owner.inject({ method: 'PATCH', url: `${API}/modules/${UNKNOWN}`, payload: { title: 'x' } }), 404)
  })

  it('creates, edits and deletes lessons; body served as markdown and sanitized HTML; video URLs https and normalised', async () => {
    const c = await makeCourse(owner, { title: 'Lessons' }, { modules: 1, lessons: 3 })
    const moduleId = c.modules[0]!.id
    const video = await owner.inject({
      method: 'POST', url: `${API}/modules/${moduleId}/lessons`,
      payload: { title: 'Watch', type: 'video', videoUrl: 'https://youtu.be/dQw4w9WgXcQ', durationMinutes: 12, body: '[docs](https://example.com)' },
    })
    expect(video.statusCode).toBe(201)
    expect(video.json()).toMatchObject({
      type: 'video', position: 3, videoUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', videoProvider: 'youtube',
      videoEmbedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', durationMinutes: 12, body: '[docs](https://example.com)',
    })
    expect(video.json().bodyHtml).toContain('rel="noopener nofollow"')
    for (const videoUrl of ['http://youtu.be/dQw4w9WgXcQ', 'javascript:alert(1)', 'https://evil.example.com/page', 'not a url']) {
      expectProblem(await owner.inject({ method: 'POST', url: `${API}/modules/${moduleId}/lessons`, payload: { title: 'Bad', videoUrl } }), 400)
    }
    expectProblem(await owner.inject({ method: 'POST', url: `${API}/modules/${moduleId}/lessons`, payload: { title: 'Bad', type: 'podcast' } }), 400)
    const patched = await owner.inject({ method: 'PATCH', url: `${API}/lessons/${video.json().id}`, payload: { videoUrl: 'https://vimeo.com/76979871', isPreview: true } })
    expect(patched.json()).toMatchObject({ videoUrl: 'https://vimeo.com/76979871', videoProvider: 'vimeo', isPreview: true })
    expect((await owner.inject({ method: 'PATCH', url: `${API}/lessons/${video.json().id}`, payload: { videoUrl: null } })).json().videoUrl).toBeNull()

    expect((await owner.inject({ method: 'DELETE', url: `${API}/lessons/${c.modules[0]!.lessons[1]}` })).statusCode).toBe(204)
    const lessons = (await curriculum(c.id)).json().modules[0].lessons
    expect(lessons.map((l: { id: string; position: number }) => [l.id, l.position])).toEqual([
      [c.modules[0]!.lessons[0], 0], [c.modules[0]!.lessons[2], 1], [video.json().id, 2],
    ])
    expect((await detail(c.id)).json()).toMatchObject({ lessonCount: 3, durationMinutes: 5 + 5 + 12 })
    expectProblem(await other.inject({ method: 'PATCH', url: `${API}/lessons/${video.json().id}`, payload: { title: 'x' } }), 403)
    expectProblem(await other.inject({ method: 'DELETE', url: `${API}/lessons/${video.json().id}` }), 403)
    expectProblem(await owner.inject({ method: 'DELETE', url: `${API}/lessons/${UNKNOWN}` }), 404)
  })

  it('emits lesson.changed for created, updated and deleted lessons', async () => {
    const changed = t.captureEvents('lesson.changed')
    const c = await makeCourse(owner, { title: 'Events' }, { modules: 1, lessons: 1, publish: false })
    const lessonId = c.modules[0]!.lessons[0]!
    const createdAt = (await owner.inject({ method: 'GET', url: `${API}/lessons/${lessonId}` })).json().createdAt as string
    await owner.inject({ method: 'PATCH', url: `${API}/lessons/${lessonId}`, payload: { title: 'New title' } })
    await owner.inject({ method: 'DELETE', url: `${API}/lessons/${lessonId}` })
    await changed.waitFor(3)
    const created = changed.payloads.find((p) => p.courseId === c.id && p.change === 'created')!
    // The lesson's created time with the database's microseconds; the API shows it to the millisecond.
    expect(created.addedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
    expect(`${created.addedAt!.slice(0, 23)}Z`).toBe(createdAt)
    expect(changed.payloads.filter((p) => p.courseId === c.id)).toEqual([
      { courseId: c.id, lessonId, change: 'created', addedAt: created.addedAt, draft: true },
      { courseId: c.id, lessonId, change: 'updated', draft: true },
      { courseId: c.id, lessonId, change: 'deleted' },
    ])
  })

  it('emits lesson.changed (deleted) for every lesson of a deleted module, and for no other', async () => {
    const changed = t.captureEvents('lesson.changed')
    const c = await makeCourse(owner, { title: 'Module events' }, { modules: 2, lessons: 3, publish: false })
    const [gone, kept] = c.modules as [{ id: string; lessons: string[] }, { id: string; lessons: string[] }]
    expect((await owner.inject({ method: 'DELETE', url: `${API}/modules/${gone.id}` })).statusCode).toBe(204)
    await changed.waitFor(9)
    const deleted = changed.payloads.filter((p) => p.courseId === c.id && p.change === 'deleted')
    expect(deleted.map((p) => p.lessonId).sort()).toEqual([...gone.lessons].sort())
    expect(deleted.some((p) => kept.lessons.includes(p.lessonId))).toBe(false)
  })
})

describe('reordering', () => {
  it('reorders modules to exactly the given list, positions contiguous', async () => {
    const c = await makeCourse(owner, { title: 'Reorder modules' }, { modules: 4, lessons: 1 })
    const ids = c.modules.map((m) => m.id)
    const wanted = [ids[2]!, ids[0]!, ids[3]!, ids[1]!]
    const res = await owner.inject({ method: 'PUT', url: `${API}/courses/${c.id}/modules/order`, payload: { moduleIds: wanted } })
    expect(res.statusCode).toBe(200)
    expect(res.json().modules.map((m: { id: string; position: number }) => [m.id, m.position])).toEqual(wanted.map((id, i) => [id, i]))
    expect((await curriculum(c.id)).json().modules.map((m: { id: string }) => m.id)).toEqual(wanted)
  })

  it('refuses lists that are not a permutation of the current children (400) and changes nothing', async () => {
    const c = await makeCourse(owner, { title: 'Bad orders' }, { modules: 3, lessons: 3 })
    const ids = c.modules.map((m) => m.id)
    const foreign = (await makeCourse(other, { title: 'Foreign' })).modules[0]!.id
    for (const moduleIds of [[], [ids[0]], [ids[0], ids[1], ids[1]], [ids[0], ids[1], ids[2], foreign], [ids[0], ids[1], foreign], [...ids, ids[0]], ['not-a-uuid']]) {
      expectProblem(await owner.inject({ method: 'PUT', url: `${API}/courses/${c.id}/modules/order`, payload: { moduleIds } }), 400)
    }
    const lessons = c.modules[0]!.lessons
    for (const lessonIds of [[], [lessons[0]], [lessons[0], lessons[0], lessons[1]], [lessons[0], lessons[1], c.modules[1]!.lessons[0]], [...lessons, lessons[2]]]) {
      expectProblem(await owner.inject({ method: 'PUT', url: `${API}/modules/${c.modules[0]!.id}/lessons/order`, payload: { lessonIds } }), 400)
    }
    expectProblem(await owner.inject({ method: 'PUT', url: `${API}/courses/${c.id}/modules/order`, payload: { moduleIds: ids, extra: true } }), 400)
    expectProblem(await other.inject({ method: 'PUT', url: `${API}/courses/${c.id}/modules/order`, payload: { moduleIds: [...ids].reverse() } }), 403)
    expectProblem(await other.inject({ method: 'PUT', url: `${API}/modules/${c.modules[0]!.id}/lessons/order`, payload: { lessonIds: [...lessons].reverse() } }), 403)
    const after = (await curriculum(c.id)).json()
    expect(after.modules.map((m: { id: string }) => m.id)).toEqual(ids)
    expect(after.modules[0].lessons.map((l: { id: string }) => l.id)).toEqual(lessons)
  })

  it('reorders lessons; every module keeps positions 0..n-1 through creates, deletes and reorders', async () => {
    const c = await makeCourse(owner, { title: 'Reorder lessons' }, { modules: 2, lessons: 4 })
    const m = c.modules[0]!
    const wanted = [m.lessons[3]!, m.lessons[1]!, m.lessons[0]!, m.lessons[2]!]
    const res = await owner.inject({ method: 'PUT', url: `${API}/modules/${m.id}/lessons/order`, payload: { lessonIds: wanted } })
    expect(res.statusCode).toBe(200)
    expect(res.json().lessons.map((l: { id: string; position: number }) => [l.id, l.position])).toEqual(wanted.map((id, i) => [id, i]))
    await owner.inject({ method: 'DELETE', url: `${API}/lessons/${wanted[1]}` })
    await owner.inject({ method: 'POST', url: `${API}/modules/${m.id}/lessons`, payload: { title: 'Appended' } })
    await owner.inject({ method: 'DELETE', url: `${API}/modules/${c.modules[1]!.id}` })
    const rows = await t.app.orm.em.fork().execute<Array<{ module_id: string; positions: number[] }>>(
      `SELECT module_id, array_agg(position ORDER BY position) AS positions FROM course_lessons WHERE course_id = ? GROUP BY module_id`, [c.id])
    expect(rows).toEqual([{ module_id: m.id, positions: [0, 1, 2, 3] }])
    const lesson = await owner.inject({ method: 'GET', url: `${API}/lessons/${wanted[2]}` })
    expect(lesson.json().position).toBe(1)
  })

  it('keeps positions unique when two reorders race', async () => {
    const c = await makeCourse(owner, { title: 'Race' }, { modules: 5, lessons: 1 })
    const ids = c.modules.map((m) => m.id)
    const orders = [[...ids].reverse(), [ids[1]!, ids[0]!, ids[2]!, ids[4]!, ids[3]!], [...ids]]
    const results = await Promise.all(orders.map((moduleIds) => owner.inject({ method: 'PUT', url: `${API}/courses/${c.id}/modules/order`, payload: { moduleIds } })))
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200])
    const final = (await curriculum(c.id)).json().modules
    expect(final.map((m: { position: number }) => m.position)).toEqual([0, 1, 2, 3, 4])
    expect(orders.map((o) => JSON.stringify(o))).toContain(JSON.stringify(final.map((m: { id: string }) => m.id)))
  })
})

describe('writes racing on one course', () => {
  it('adds and edits right after a write that committed while they waited for the course lock', async () => {
    const c = await makeCourse(owner, { title: 'Lock wait' }, { modules: 1, lessons: 1, publish: false })
    const m = c.modules[0]!
    const lessonWaits = async () => {
      const [row] = await t.app.orm.em.fork().execute<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)
      return row!.n
    }
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let locked!: () => void
    const lockTaken = new Promise<void>((resolve) => (locked = resolve))
    // Another write holds the course: a lesson and a module added, counters moved, not yet committed.
    const holder = t.app.orm.em.fork().transactional(async (em) => {
      await em.execute('SELECT 1 FROM courses WHERE id = ?::uuid FOR UPDATE', [c.id])
      await em.execute(
        `INSERT INTO course_lessons (id, course_id, module_id, position, title, type, body, body_html, duration_minutes, is_preview)
         VALUES (gen_random_uuid(), ?::uuid, ?::uuid, 1, 'Held', 'text', '', '', 7, false)`, [c.id, m.id])
      await em.execute('UPDATE course_modules SET lesson_count = lesson_count + 1 WHERE id = ?::uuid', [m.id])
      await em.execute(`INSERT INTO course_modules (id, course_id, position, title, description) VALUES (gen_random_uuid(), ?::uuid, 1, 'Held', '')`, [c.id])
      await em.execute('UPDATE courses SET lesson_count = lesson_count + 1, module_count = module_count + 1, duration_minutes = duration_minutes + 7 WHERE id = ?::uuid', [c.id])
      locked()
      await released
    })
    await lockTaken
    const writes = Promise.all([
      owner.inject({ method: 'POST', url: `${API}/modules/${m.id}/lessons`, payload: { title: 'After the wait', durationMinutes: 3 } }),
      owner.inject({ method: 'POST', url: `${API}/courses/${c.id}/modules`, payload: { title: 'After the wait' } }),
      owner.inject({ method: 'PATCH', url: `${API}/lessons/${m.lessons[0]}`, payload: { durationMinutes: 11 } }),
    ])
    await waitUntil(async () => (await lessonWaits()) >= 1, { message: 'no write waited for the course lock' })
    release()
    await holder
    expect((await writes).map((r) => r.statusCode)).toEqual([201, 201, 200])
    const [course] = await t.app.orm.em.fork().execute<Array<{ module_count: number; lesson_count: number; duration_minutes: number }>>(
      'SELECT module_count, lesson_count, duration_minutes FROM courses WHERE id = ?::uuid', [c.id])
    expect(course).toEqual({ module_count: 3, lesson_count: 3, duration_minutes: 11 + 7 + 3 })
    const lessons = await t.app.orm.em.fork().execute<Array<{ position: number }>>(
      'SELECT position FROM course_lessons WHERE module_id = ?::uuid ORDER BY position', [m.id])
    expect(lessons.map((l) => l.position)).toEqual([0, 1, 2])
    const modules = await t.app.orm.em.fork().execute<Array<{ position: number }>>(
      'SELECT position FROM course_modules WHERE course_id = ?::uuid ORDER BY position', [c.id])
    expect(modules.map((l) => l.position)).toEqual([0, 1, 2])
  })

  it('keeps counters and positions whole when many adds and edits of one course run at once', async () => {
    const c = await makeCourse(owner, { title: 'Many at once' }, { modules: 1, lessons: 1, publish: false })
    const m = c.modules[0]!
    const results = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => owner.inject({ method: 'POST', url: `${API}/modules/${m.id}/lessons`, payload: { title: `Added ${i}`, durationMinutes: 2 } })),
      ...Array.from({ length: 4 }, (_, i) => owner.inject({ method: 'POST', url: `${API}/courses/${c.id}/modules`, payload: { title: `Module ${i}` } })),
      ...Array.from({ length: 4 }, () => owner.inject({ method: 'PATCH', url: `${API}/lessons/${m.lessons[0]}`, payload: { durationMinutes: 9 } })),
    ])
    expect(results.every((r) => r.statusCode < 300)).toBe(true)
    const [course] = await t.app.orm.em.fork().execute<Array<{ module_count: number; lesson_count: number; duration_minutes: number }>>(
      'SELECT module_count, lesson_count, duration_minutes FROM courses WHERE id = ?::uuid', [c.id])
    expect(course).toEqual({ module_count: 5, lesson_count: 13, duration_minutes: 9 + 12 * 2 })
    const lessons = await t.app.orm.em.fork().execute<Array<{ position: number }>>('SELECT position FROM course_lessons WHERE module_id = ?::uuid ORDER BY position', [m.id])
    expect(lessons.map((l) => l.position)).toEqual(Array.from({ length: 13 }, (_, i) => i))
    const detail = (await owner.inject({ method: 'GET', url: `${API}/courses/${c.id}` })).json()
    expect({ lessons: detail.lessonCount, minutes: detail.durationMinutes }).toEqual({ lessons: 13, minutes: 33 })
  })
})

describe('counters kept by the writes', () => {
  /** The course's and its modules' counters beside what a recount finds. */
  const counters = async (courseId: string) => {
    const [row] = await t.app.orm.em.fork().execute<Array<Record<string, unknown>>>(
      `SELECT c.module_count, c.lesson_count, c.duration_minutes,
         (SELECT count(*)::int FROM course_modules WHERE course_id = c.id) AS modules,
         (SELECT count(*)::int FROM course_lessons WHERE course_id = c.id) AS lessons,
         (SELECT coalesce(sum(duration_minutes), 0)::int FROM course_lessons WHERE course_id = c.id) AS minutes,
         (SELECT json_object_agg(m.id, json_build_array(m.lesson_count, (SELECT count(*)::int FROM course_lessons l WHERE l.module_id = m.id)))
          FROM course_modules m WHERE m.course_id = c.id) AS per_module,
         (SELECT count(*)::int FROM (SELECT module_id FROM course_lessons WHERE course_id = c.id GROUP BY module_id
            HAVING min(position) <> 0 OR max(position) <> count(*) - 1) g) AS gapped_modules
       FROM courses c WHERE c.id = ?::uuid`, [courseId])
    return row!
  }

  it('keeps course and module counters equal to a recount when adds, edits and deletes of lessons and modules race', async () => {
    const c = await makeCourse(owner, { title: 'Counters race' }, { modules: 3, lessons: 3, publish: false })
    const [a, b, doomed] = c.modules as [typeof c.modules[0], typeof c.modules[0], typeof c.modules[0]]
    const add = (moduleId: string, i: number) => owner.inject({ method: 'POST', url: `${API}/modules/${moduleId}/lessons`, payload: { title: `Raced ${i}`, durationMinutes: i } })
    const results = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => add(a.id, i + 1)),
      ...Array.from({ length: 8 }, (_, i) => add(b.id, 10 + i)),
      ...Array.from({ length: 3 }, (_, i) => owner.inject({ method: 'POST', url: `${API}/courses/${c.id}/modules`, payload: { title: `Raced module ${i}` } })),
      owner.inject({ method: 'PATCH', url: `${API}/lessons/${a.lessons[1]}`, payload: { durationMinutes: 40 } }),
      owner.inject({ method: 'PATCH', url: `${API}/lessons/${b.lessons[2]}`, payload: { durationMinutes: 0, title: 'Shorter' } }),
      owner.inject({ method: 'DELETE', url: `${API}/lessons/${a.lessons[0]}` }),
      owner.inject({ method: 'DELETE', url: `${API}/lessons/${b.lessons[1]}` }),
      owner.inject({ method: 'DELETE', url: `${API}/modules/${doomed.id}` }),
    ])
    expect(results.map((r) => r.statusCode).filter((s) => s >= 300)).toEqual([])
    const after = await counters(c.id)
    expect(after).toMatchObject({ module_count: after.modules, lesson_count: after.lessons, duration_minutes: after.minutes, gapped_modules: 0 })
    // 3 modules less the deleted one plus 3; 9 lessons less the deleted module's 3 and 2 more plus 16.
    expect({ modules: after.modules, lessons: after.lessons }).toEqual({ modules: 5, lessons: 20 })
    // a: 2 lessons of 5 after its first was deleted and one set to 40, plus 1..8; b: one of 5, one set to 0, plus 10..17.
    expect(after.minutes).toBe(5 + 40 + 36 + 5 + 0 + 108)
    for (const [stored, counted] of Object.values(after.per_module as Record<string, [number, number]>)) expect(stored).toBe(counted)
    const detail = (await owner.inject({ method: 'GET', url: `${API}/courses/${c.id}` })).json()
    expect({ lessons: detail.lessonCount, minutes: detail.durationMinutes }).toEqual({ lessons: 20, minutes: after.minutes })
  })

  it('adds a lesson after deletes at the end of its module, at the position the count gives', async () => {
    const c = await makeCourse(owner, { title: 'Counters after deletes' }, { modules: 1, lessons: 3, publish: false })
    const m = c.modules[0]!
    expect((await owner.inject({ method: 'DELETE', url: `${API}/lessons/${m.lessons[2]}` })).statusCode).toBe(204)
    expect((await owner.inject({ method: 'DELETE', url: `${API}/lessons/${m.lessons[0]}` })).statusCode).toBe(204)
    const added = await owner.inject({ method: 'POST', url: `${API}/modules/${m.id}/lessons`, payload: { title: 'Last', durationMinutes: 2 } })
    expect(added.statusCode).toBe(201)
    expect(added.json().position).toBe(1)
    expect(await counters(c.id)).toMatchObject({ module_count: 1, lesson_count: 2, duration_minutes: 7, modules: 1, lessons: 2, minutes: 7, gapped_modules: 0 })
  })
})

describe('hostile input', () => {
  const XSS = [
    '<script>alert(1)</script>Title',
    '<img src=x onerror=alert(1)>Pic',
    '<a href="javascript:alert(1)">click</a>',
    '&lt;script&gt;alert(1)&lt;/script&gt;Enc',
    '<svg/onload=alert(1)>Svg',
  ]
  // Plain-text fields come back exactly as written (clients escape them); HTML holds no script, no event handler and no javascript: URL.
  const executableHtml = (html: string) => /<script|<[^>]+\son\w+\s*=|<[^>]+(href|src)\s*=\s*["']?\s*javascript:|<iframe|<svg/i.test(html)

  it('returns plain text exactly as written and never executable markup in bodyHtml', async () => {
    for (const payload of XSS) {
      const created = await owner.inject({ method: 'POST', url: `${API}/courses`, payload: { title: `${payload} x`, description: payload, tags: [payload] } })
      expect(created.statusCode, payload).toBe(201)
      const id = created.json().id
      const mod = await owner.inject({ method: 'POST', url: `${API}/courses/${id}/modules`, payload: { title: `${payload} m`, description: payload } })
      const lesson = await owner.inject({
        method: 'POST', url: `${API}/modules/${mod.json().id}/lessons`,
        payload: { title: `${payload} l`, body: `${payload}\n\n[x](javascript:alert(1)) <iframe src="https://evil.example"></iframe> <div onclick="alert(1)">d</div>` },
      })
      expect(lesson.statusCode).toBe(201)
      await owner.inject({ method: 'PATCH', url: `${API}/courses/${id}`, payload: { status: 'published' } })
      const d = (await detail(id)).json()
      const cur = (await curriculum(id)).json()
      const l = (await owner.inject({ method: 'GET', url: `${API}/lessons/${lesson.json().id}` })).json()
      expect([d.title, d.description, d.tags, cur.modules[0].title, cur.modules[0].description, cur.modules[0].lessons[0].title, l.title])
        .toEqual([`${payload} x`, payload, [payload.toLowerCase()], `${payload} m`, payload, `${payload} l`, `${payload} l`])
      expect(executableHtml(l.bodyHtml), l.bodyHtml).toBe(false)
      expect(l.bodyHtml).not.toMatch(/onclick="/)
      // The markdown itself is stored and served as written: it is data, not HTML.
      expect(l.body).toContain(payload)
    }
  })

  it('answers malformed ids with 400 and unknown ids with 404, as problem+json', async () => {
    const routes: Array<[string, string, object?]> = [
      ['GET', '/courses/:id'], ['PATCH', '/courses/:id', { title: 'x' }], ['DELETE', '/courses/:id'], ['GET', '/courses/:id/curriculum'],
      ['POST', '/courses/:id/modules', { title: 'x' }], ['PUT', '/courses/:id/modules/order', { moduleIds: [] }],
      ['PATCH', '/modules/:id', { title: 'x' }], ['DELETE', '/modules/:id'], ['POST', '/modules/:id/lessons', { title: 'x' }],
      ['PUT', '/modules/:id/lessons/order', { lessonIds: [] }], ['GET', '/lessons/:id'], ['PATCH', '/lessons/:id', { title: 'x' }], ['DELETE', '/lessons/:id'],
    ]
    for (const [method, path, payload] of routes) {
      for (const bad of ['123', 'not-a-uuid', "1'%20OR%20'1'='1", '01900000-0000-7000-8000-00000000000Z']) {
        expectProblem(await admin.inject({ method: method as 'GET', url: `${API}${path.replace(':id', bad)}`, ...(payload ? { payload } : {}) }), 400)
      }
      expectProblem(await admin.inject({ method: method as 'GET', url: `${API}${path.replace(':id', UNKNOWN)}`, ...(payload ? { payload } : {}) }), 404)
    }
    expectProblem(await t.inject({ method: 'GET', url: `${API}/courses/by-slug/No_Such` }), 400)
    expectProblem(await t.inject({ method: 'GET', url: `${API}/courses/by-slug/no-such-course` }), 404)
  })

  it('answers a deleted lesson or module with 404 to everyone at once, as an unknown one', async () => {
    const c = await makeCourse(owner, { title: 'Deleted parts' }, { modules: 2, lessons: 2 })
    const [gone, kept] = c.modules as [{ id: string; lessons: string[] }, { id: string; lessons: string[] }]
    // Writes on them first (which remember their course), then the deletes.
    expect((await owner.inject({ method: 'PATCH', url: `${API}/lessons/${kept.lessons[1]}`, payload: { title: 'Edited' } })).statusCode).toBe(200)
    expect((await owner.inject({ method: 'POST', url: `${API}/modules/${gone.id}/lessons`, payload: { title: 'Third' } })).statusCode).toBe(201)
    expect((await owner.inject({ method: 'DELETE', url: `${API}/lessons/${kept.lessons[1]}` })).statusCode).toBe(204)
    expect((await owner.inject({ method: 'DELETE', url: `${API}/modules/${gone.id}` })).statusCode).toBe(204)
    const lessonGone = { code: 'EDU_COURSES_LESSON_NOT_FOUND' }
    const moduleGone = { code: 'EDU_COURSES_MODULE_NOT_FOUND' }
    for (const who of [other, owner, admin]) {
      for (const lessonId of [kept.lessons[1]!, gone.lessons[0]!]) {
        const patch = await who.inject({ method: 'PATCH', url: `${API}/lessons/${lessonId}`, payload: { title: 'Back' } })
        expectProblem(patch, 404)
        expect(patch.json()).toMatchObject(lessonGone)
        const withBody = await who.inject({ method: 'PATCH', url: `${API}/lessons/${lessonId}`, payload: { body: 'Back' } })
        expectProblem(withBody, 404)
        expect(withBody.json()).toMatchObject(lessonGone)
        expect((await who.inject({ method: 'DELETE', url: `${API}/lessons/${lessonId}` })).json()).toMatchObject({ status: 404, ...lessonGone })
      }
      const add = await who.inject({ method: 'POST', url: `${API}/modules/${gone.id}/lessons`, payload: { title: 'Back', body: 'Back' } })
      expectProblem(add, 404)
      expect(add.json()).toMatchObject(moduleGone)
      expect((await who.inject({ method: 'PATCH', url: `${API}/modules/${gone.id}`, payload: { title: 'Back' } })).json()).toMatchObject({ status: 404, ...moduleGone })
      expect((await who.inject({ method: 'DELETE', url: `${API}/modules/${gone.id}` })).json()).toMatchObject({ status: 404, ...moduleGone })
    }
    const [row] = await t.app.orm.em.fork().execute<Array<{ n: number }>>(`SELECT lesson_count AS n FROM courses WHERE id = ?::uuid`, [c.id])
    expect(row!.n).toBe(1)
  })

  it('refuses NUL, lone surrogates and control characters with a 400 naming each field, storing nothing', async () => {
    const courseCount = async () => (await t.app.orm.em.fork().execute<Array<{ n: number }>>('SELECT count(*)::int AS n FROM courses'))[0]!.n
    const before = await courseCount()
    const res = await owner.inject({ method: 'POST', url: `${API}/courses`, payload: { title: 'Nul\u0000 byte', description: 'a\ud800b', tags: ['bell\u0007'] } })
    expectProblem(res, 400)
    expect(res.json().errors).toEqual([
      { field: 'body.title', message: 'must not contain U+0000 (NUL)' },
      { field: 'body.description', message: 'must not contain a lone UTF-16 surrogate (U+D800–U+DFFF)' },
      { field: 'body.tags.0', message: 'must be one line without control characters (found U+0007)' },
    ])
    expect(await courseCount()).toBe(before)
    const c = await makeCourse(owner, { title: 'Controls' })
    const lesson = await owner.inject({ method: 'POST', url: `${API}/modules/${c.modules[0]!.id}/lessons`, payload: { title: 'L', body: 'x\u0000y' } })
    expectProblem(lesson, 400)
    expect(lesson.json().errors).toEqual([{ field: 'body.body', message: 'must not contain U+0000 (NUL)' }])
    const multiLine = await owner.inject({ method: 'POST', url: `${API}/courses/${c.id}/modules`, payload: { title: 'M', description: 'one\r\n\ttwo' } })
    expect(multiLine.statusCode).toBe(201)
    expect(multiLine.json().description).toBe('one\r\n\ttwo')
    expectProblem(await owner.inject({ method: 'POST', url: `${API}/courses/${c.id}/modules`, payload: { title: 'two\nlines' } }), 400)
  })
})

describe('categories', () => {
  it('lists the starter set; admins add and rename categories; others cannot', async () => {
    const list = await t.inject({ method: 'GET', url: `${API}/categories` })
    expect(list.statusCode).toBe(200)
    expect(list.json().items.length).toBeGreaterThanOrEqual(12)
    expect(list.json().items.map((c: { slug: string }) => c.slug)).toEqual(expect.arrayContaining(['programming', 'devops', 'design', 'business']))
    const etag = list.headers.etag as string
    expect((await t.inject({ method: 'GET', url: `${API}/categories`, headers: { 'if-none-match': etag } })).statusCode).toBe(304)

    const created = await admin.inject({ method: 'POST', url: `${API}/categories`, payload: { name: 'Cooking & Baking' } })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ slug: 'cooking-and-baking', name: 'Cooking & Baking' })
    expectProblem(await admin.inject({ method: 'POST', url: `${API}/categories`, payload: { name: 'Again', slug: 'cooking-and-baking' } }), 409)
    expectProblem(await owner.inject({ method: 'POST', url: `${API}/categories`, payload: { name: 'Teachers cannot' } }), 403)
    expectProblem(await admin.inject({ method: 'POST', url: `${API}/categories`, payload: { name: 'Bad slug', slug: 'Bad Slug' } }), 400)
    const after = await t.inject({ method: 'GET', url: `${API}/categories`, headers: { 'if-none-match': etag } })
    expect(after.statusCode).toBe(200)
    expect(after.json().items.map((c: { slug: string }) => c.slug)).toContain('cooking-and-baking')

    const renamed = await admin.inject({ method: 'PATCH', url: `${API}/categories/cooking-and-baking`, payload: { name: 'Cooking' } })
    expect(renamed.json().name).toBe('Cooking')
    expectProblem(await admin.inject({ method: 'PATCH', url: `${API}/categories/nope`, payload: { name: 'x' } }), 404)
    const c = await makeCourse(owner, { title: 'Bread at Home', category: 'cooking-and-baking' })
    const inCategory = await t.inject({ method: 'GET', url: `${API}/courses?category=cooking-and-baking` })
    expect(inCategory.json().items.map((i: { id: string; category: { name: string } }) => [i.id, i.category.name])).toEqual([[c.id, 'Cooking']])
  })
})
