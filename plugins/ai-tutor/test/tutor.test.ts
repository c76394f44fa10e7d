import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { aiTutor } from '../src/index.ts'
import { NOT_COVERED_REPLY } from '../src/providers/offline.ts'
import { API, enroll, expectProblem, LESSONS, makeCourse, type Course } from './fixtures.ts'

let t: TestEngine
let teacher: Actor
let student: Actor
let outsider: Actor
let course: Course

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), aiTutor({ provider: 'offline', ratePerMinute: 1000, dailyQuota: 1000 })] })
  teacher = await t.asTeacher()
  student = await t.asStudent()
  outsider = await t.asStudent()
  course = await makeCourse(teacher, ['photosynthesis', 'waterCycle', 'injection'])
  await enroll(t, student, course.courseId)
  await t.drainEvents()
})
afterAll(async () => t?.close())

const ask = (actor: Actor, lessonId: string, question: string, headers: Record<string, string> = {}) =>
  actor.inject({ method: 'POST', url: `${API}/ai/lessons/${lessonId}/ask`, payload: { question }, headers })

describe('POST /ai/lessons/:id/summary', () => {
  it('summarizes for who may read the lesson, and serves the second request from the cache', async () => {
    const url = `${API}/ai/lessons/${course.lessons.waterCycle}/summary`
    const first = await student.inject({ method: 'POST', url })
    expect(first.statusCode, first.body).toBe(200)
    const body = first.json()
    expect(body).toMatchObject({ provider: 'offline', model: 'extractive-1', cached: false })
    expect(body.keyPoints).toHaveLength(5)
    for (const point of body.keyPoints) expect(LESSONS.waterCycle.body).toContain(point)
    const second = await teacher.inject({ method: 'POST', url })
    expect(second.json()).toEqual({ ...body, cached: true })
  })

  it('is open to anyone for a preview lesson, 401 anonymous and 403 not enrolled otherwise', async () => {
    const preview = await t.inject({ method: 'POST', url: `${API}/ai/lessons/${course.lessons.photosynthesis}/summary` })
    expect(preview.statusCode, preview.body).toBe(200)
    expectProblem(await t.inject({ method: 'POST', url: `${API}/ai/lessons/${course.lessons.waterCycle}/summary` }), 401)
    expectProblem(await outsider.inject({ method: 'POST', url: `${API}/ai/lessons/${course.lessons.waterCycle}/summary` }), 403)
    expectProblem(await student.inject({ method: 'POST', url: `${API}/ai/lessons/00000000-0000-4000-8000-000000000000/summary` }), 404)
  })

  it('summarizes the new text once the lesson changes (the cache is keyed by the lesson version)', async () => {
    const url = `${API}/ai/lessons/${course.lessons.injection}/summary`
    const before = await teacher.inject({ method: 'POST', url })
    expect(before.statusCode, before.body).toBe(200)
    const body = `${LESSONS.injection.body}\nCompost feeds the microbes that keep soil healthy and crumbly for many years.\n`
    const edit = await teacher.inject({ method: 'PATCH', url: `${API}/lessons/${course.lessons.injection}`, payload: { body } })
    expect(edit.statusCode, edit.body).toBe(200)
    const after = await teacher.inject({ method: 'POST', url })
    expect(after.json().cached).toBe(false)
    expect(after.json().keyPoints).toContain('Compost feeds the microbes that keep soil healthy and crumbly for many years.')
    const restore = await teacher.inject({ method: 'PATCH', url: `${API}/lessons/${course.lessons.injection}`, payload: { body: LESSONS.injection.body } })
    expect(restore.statusCode).toBe(200)
  })
})

describe('POST /ai/lessons/:id/summary answered from the facts cached in this process', () => {
  const summary = (actor: Pick<Actor, 'inject'>, lessonId: string) => actor.inject({ method: 'POST', url: `${API}/ai/lessons/${lessonId}/summary` })
  const principal = (actor: Actor) => ({ id: actor.user.id, role: actor.user.role, kind: 'user' })
  // With Redis there is no in-process store to decide from: lessonAccessCached never decides (the route takes the
  // asynchronous path), and the routes must answer the same.
  const inProcess = !process.env.REDIS_URL

  it('decides from them once they are warm, and a refund closes the lesson at once', async () => {
    const paid = await makeCourse(teacher, ['photosynthesis', 'waterCycle'], { priceCents: 900 })
    const buyer = await t.asStudent()
    const enrollments = t.app.services.get('enrollment')
    const payment = { studentId: buyer.user.id, courseId: paid.courseId, paymentId: '0190a0b0-0000-7000-8000-0000000a1a1a' }
    await t.app.orm.em.fork().transactional((em) => enrollments.enrollFromPayment(em as never, payment))
    const lessonId = paid.lessons.waterCycle
    expect((await summary(buyer, lessonId)).json().cached).toBe(false)
    expect((await summary(buyer, lessonId)).json().cached).toBe(true)
    const courses = t.app.services.get('courses')
    if (inProcess) expect(courses.lessonAccessCached(principal(buyer), lessonId)).toMatchObject({ manages: false, preview: false })
    else expect(courses.lessonAccessCached(principal(buyer), lessonId)).toBeUndefined()
    expect(courses.lessonAccessCached(principal(outsider), lessonId)).toBeUndefined()

    expect(await t.app.orm.em.fork().transactional((em) => enrollments.markRefunded(em as never, payment))).toBe(true)
    expect(courses.lessonAccessCached(principal(buyer), lessonId)).toBeUndefined()
    expectProblem(await summary(buyer, lessonId), 403, 'EDU_COURSES_NOT_ENROLLED')
    expectProblem(await summary(buyer, lessonId), 403, 'EDU_COURSES_NOT_ENROLLED')
  })

  it('closes a preview at once when the lesson stops being one, and when its course is archived', async () => {
    const c = await makeCourse(teacher, ['photosynthesis'])
    const lessonId = c.lessons.photosynthesis
    expect((await summary(t, lessonId)).statusCode).toBe(200)
    expect((await summary(t, lessonId)).json().cached).toBe(true)
    const courses = t.app.services.get('courses')
    if (inProcess) expect(courses.lessonAccessCached(null, lessonId)).toMatchObject({ preview: true })
    else expect(courses.lessonAccessCached(null, lessonId)).toBeUndefined()
    // The id in capitals reads the same cached facts (a uuid's case does not make another entry to forget).
    expect((await summary(t, lessonId.toUpperCase())).json().cached).toBe(true)

    const hide = await teacher.inject({ method: 'PATCH', url: `${API}/lessons/${lessonId}`, payload: { isPreview: false } })
    expect(hide.statusCode, hide.body).toBe(200)
    expectProblem(await summary(t, lessonId), 401, 'EDU_COURSES_SIGN_IN')
    expectProblem(await summary(t, lessonId.toUpperCase()), 401, 'EDU_COURSES_SIGN_IN')
    // Warm again, the refusal is decided from the cached facts.
    if (inProcess) expect(() => courses.lessonAccessCached(null, lessonId)).toThrow(expect.objectContaining({ statusCode: 401 }))
    else expect(courses.lessonAccessCached(null, lessonId)).toBeUndefined()
    expectProblem(await summary(t, lessonId), 401, 'EDU_COURSES_SIGN_IN')

    const show = await teacher.inject({ method: 'PATCH', url: `${API}/lessons/${lessonId}`, payload: { isPreview: true } })
    expect(show.statusCode, show.body).toBe(200)
    expect((await summary(t, lessonId)).statusCode).toBe(200)
    expect((await summary(t, lessonId)).json().cached).toBe(true)
    const archive = await teacher.inject({ method: 'PATCH', url: `${API}/courses/${c.courseId}`, payload: { status: 'archived' } })
    expect(archive.statusCode, archive.body).toBe(200)
    expectProblem(await summary(t, lessonId), 401, 'EDU_COURSES_SIGN_IN')
    expect((await summary(teacher, lessonId)).json().cached).toBe(true)
  })
})

describe('POST /ai/lessons/:id/summary with lesson facts cached by an older engine', () => {
  it('reads the lesson to learn its version when the cached facts carry none', async () => {
    const lessonId = course.lessons.waterCycle
    const url = `${API}/ai/lessons/${lessonId}/summary`
    const current = await t.app.services.get('courses').getLessonFacts(lessonId)
    const { contentVersion: _, ...older } = current!
    await t.app.cache.set(`courses:lesson-facts:${lessonId}`, older, 60)
    const first = await student.inject({ method: 'POST', url })
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toMatchObject({ cached: true, provider: 'offline', model: 'extractive-1' })
    expect(first.json().keyPoints).toHaveLength(5)
    await t.app.cache.del(`courses:lesson-facts:${lessonId}`)
    expect((await student.inject({ method: 'POST', url })).json()).toEqual(first.json())
  })
})

describe('POST /ai/lessons/:id/ask', () => {
  it('answers from the lessons with citations that are real passages', async () => {
    const res = await ask(student, course.lessons.photosynthesis, 'Where does photosynthesis take place?')
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body.covered).toBe(true)
    expect(body.provider).toBe('offline')
    expect(body.citations).toHaveLength(1)
    expect(body.citations[0].lessonId).toBe(course.lessons.photosynthesis)
    expect(LESSONS.photosynthesis.body).toContain(body.citations[0].passage)
    expect(body.answer).toBe('From “How plants make food”: “Photosynthesis is the process plants use to turn light into chemical energy. It takes place in the chloroplasts, small green structures inside leaf cells.”')
  })

  it("finds the answer in the course's other lessons", async () => {
    const res = await ask(student, course.lessons.photosynthesis, 'Why do clouds form when vapour condenses?')
    expect(res.json()).toMatchObject({ covered: true })
    expect(res.json().citations[0].lessonId).toBe(course.lessons.waterCycle)
    expect(LESSONS.waterCycle.body).toContain(res.json().citations[0].passage)
  })

  it('says honestly when the lessons do not cover the question', async () => {
    const res = await ask(student, course.lessons.photosynthesis, 'Who won the football world cup in 1998?')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ answer: NOT_COVERED_REPLY, covered: false, citations: [], provider: 'offline', model: 'extractive-1', cached: false })
  })

  it('caches identical questions on one lesson version', async () => {
    const q = 'What do stomata let in?'
    const first = await ask(student, course.lessons.photosynthesis, q)
    expect(first.json().cached).toBe(false)
    const second = await ask(student, course.lessons.photosynthesis, `  what do STOMATA let in?  `)
    expect(second.json()).toEqual({ ...first.json(), cached: true })
  })

  it('streams the answer as Server-Sent Events when asked to', async () => {
    const res = await ask(student, course.lessons.waterCycle, 'What is transpiration?', { accept: 'text/event-stream' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    const events = res.body.trim().split('\n\n').map((block) => {
      const [event, data] = block.split('\n')
      return { event: event!.replace('event: ', ''), data: JSON.parse(data!.replace('data: ', '')) }
    })
    const done = events.at(-1)!
    expect(done.event).toBe('done')
    expect(done.data.covered).toBe(true)
    const deltas = events.slice(0, -1)
    expect(deltas.length).toBeGreaterThan(1)
    expect(deltas.every((e) => e.event === 'delta')).toBe(true)
    expect(deltas.map((e) => e.data.text).join('')).toBe(done.data.answer)
  })

  it('refuses questions over 1,000 characters, naming the field', async () => {
    const res = await ask(student, course.lessons.photosynthesis, 'x'.repeat(1001))
    expectProblem(res, 400)
    expect(res.json().errors).toEqual([{ field: 'body.question', message: expect.any(String) }])
    const exactly = await ask(student, course.lessons.photosynthesis, `${'why '.repeat(249)}why?`)
    expect(exactly.statusCode).toBe(200)
  })

  it('is for enrolled students, the owner and admins; others are refused before their body is read', async () => {
    expectProblem(await ask(outsider, course.lessons.photosynthesis, 'x'.repeat(2000)), 403, 'EDU_AI_NOT_ENROLLED')
    expectProblem(await t.inject({ method: 'POST', url: `${API}/ai/lessons/${course.lessons.photosynthesis}/ask`, payload: { question: 'Why?' } }), 401)
    const other = await t.asTeacher()
    expectProblem(await ask(other, course.lessons.photosynthesis, 'What is chlorophyll?'), 403)
    expect((await ask(teacher, course.lessons.photosynthesis, 'What is chlorophyll?')).statusCode).toBe(200)
    const admin = await t.asAdmin()
    expect((await ask(admin, course.lessons.photosynthesis, 'What is chlorophyll?')).statusCode).toBe(200)
  })

  it('keeps the index current: a new lesson is answerable at once, a deleted one is no longer cited', async () => {
    const q = 'What does mycorrhizal fungus trade with roots?'
    expect((await ask(student, course.lessons.photosynthesis, q)).json().covered).toBe(false)
    const created = await teacher.inject({
      method: 'POST', url: `${API}/modules/${course.moduleId}/lessons`,
      payload: { title: 'Fungi and roots', type: 'text', body: 'Mycorrhizal fungus trades minerals with roots in exchange for sugar.' },
    })
    expect(created.statusCode).toBe(201)
    const found = await ask(student, course.lessons.photosynthesis, q)
    expect(found.json()).toMatchObject({ covered: true, citations: [{ lessonId: created.json().id, passage: 'Mycorrhizal fungus trades minerals with roots in exchange for sugar.' }] })
    expect((await teacher.inject({ method: 'DELETE', url: `${API}/lessons/${created.json().id}` })).statusCode).toBe(204)
    expect((await ask(student, course.lessons.photosynthesis, q)).json().covered).toBe(false)
  })
})

describe('POST /ai/lessons/:id/quiz', () => {
  it('drafts a quiz for the owner in the PUT /lessons/:id/quiz shape, cached on the second request', async () => {
    const url = `${API}/ai/lessons/${course.lessons.photosynthesis}/quiz`
    const res = await teacher.inject({ method: 'POST', url, payload: { count: 4 } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['ai-provider']).toBe('offline')
    expect(res.headers['ai-cached']).toBe('false')
    expect(res.json().passScore).toBe(70)
    expect(res.json().questions).toHaveLength(4)
    const again = await teacher.inject({ method: 'POST', url, payload: { count: 4 } })
    expect(again.headers['ai-cached']).toBe('true')
    expect(again.json()).toEqual(res.json())
  })

  it('is refused to students (403), other teachers (403) and bad counts (400)', async () => {
    const url = `${API}/ai/lessons/${course.lessons.photosynthesis}/quiz`
    expectProblem(await student.inject({ method: 'POST', url, payload: {} }), 403)
    expectProblem(await (await t.asTeacher()).inject({ method: 'POST', url, payload: { count: 500 } }), 403, 'EDU_AI_NOT_OWNER')
    const bad = await teacher.inject({ method: 'POST', url, payload: { count: 21 } })
    expectProblem(bad, 400)
    expect(bad.json().errors).toEqual([{ field: 'body.count', message: expect.any(String) }])
  })
})

describe('metrics', () => {
  it('counts provider calls and cache lookups by provider and model', async () => {
    const text = (await t.inject({ method: 'GET', url: '/metrics' })).body
    expect(text).toMatch(/edu_ai_provider_calls_total\{provider="offline",model="extractive-1",operation="summary",outcome="ok"\} \d+/)
    expect(text).toMatch(/edu_ai_cache_lookups_total\{provider="offline",model="extractive-1",operation="summary",result="hit"\} [1-9]/)
    expect(text).toContain('edu_ai_provider_latency_seconds_bucket{le="0.001",provider="offline",model="extractive-1",operation="answer"}')
  })
})

describe('question text', () => {
  it('refuses a blank question and control characters, naming the field', async () => {
    for (const question of ['   ', 'why\u0007?', '\u200b\u202e\n\u2060']) {
      const res = await ask(student, course.lessons.photosynthesis, question)
      expectProblem(res, 400)
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.question'])
    }
    expect((await ask(student, course.lessons.photosynthesis, '\u200b\u202e\n\u2060')).json().errors[0].message).toBe('must not be blank')
  })
})

describe('OpenAPI', () => {
  it('documents every AI route with its operationId, tag and security', async () => {
    const spec = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
    const op = (path: string, method: string) => spec.paths[path][method]
    expect(op('/api/v1/ai/lessons/{id}/summary', 'post')).toMatchObject({ operationId: 'summarizeLesson', tags: ['ai-tutor'], security: [{}, { bearer: [] }] })
    expect(op('/api/v1/ai/lessons/{id}/quiz', 'post')).toMatchObject({ operationId: 'generateQuizDraft', tags: ['ai-tutor'], security: [{ bearer: [] }] })
    expect(op('/api/v1/ai/lessons/{id}/ask', 'post')).toMatchObject({ operationId: 'askTutor', tags: ['ai-tutor'], security: [{ bearer: [] }] })
    expect(op('/api/v1/ai/review-queue', 'get')).toMatchObject({ operationId: 'listReviewItems', tags: ['ai-tutor'], security: [{ bearer: [] }] })
    expect(op('/api/v1/ai/review-queue/{itemId}', 'post')).toMatchObject({ operationId: 'gradeReviewItem', tags: ['ai-tutor'], security: [{ bearer: [] }] })
  })
})
