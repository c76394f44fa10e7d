import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, listenOnLoopback, sharedCacheHits, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { aiTutor } from '../src/index.ts'
import { API, enroll, LESSONS, makeCourse, type Course } from './fixtures.ts'

// Signed-in summaries over real sockets, where the engine's shared cache answers before routing (app.inject never
// passes it), in one process with the in-process cache (the only store the shared cache serves from).

const PER_MINUTE = 8
let t: TestEngine
let base: string
let teacher: Actor
let course: Course

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), aiTutor({ provider: 'offline', ratePerMinute: PER_MINUTE, dailyQuota: 1000 })], redis: false })
  base = await listenOnLoopback(t.app)
  teacher = await t.asTeacher()
  course = await makeCourse(teacher, ['photosynthesis', 'waterCycle'])
})
afterAll(async () => t?.close())

const hits = () => sharedCacheHits(base)
const summaryUrl = (lessonId: string) => `${base}${API}/ai/lessons/${lessonId}/summary`
async function summary(lessonId: string, headers: Record<string, string> = {}) {
  const res = await fetch(summaryUrl(lessonId), { method: 'POST', headers })
  return { status: res.status, text: await res.text(), headers: res.headers }
}
const as = (actor: { accessToken: string }) => ({ authorization: `Bearer ${actor.accessToken}` })

/** A student enrolled in the course, signed in through the API (so the refresh token is known, to sign out). */
async function enrolledStudent() {
  const email = `reader-${crypto.randomUUID()}@example.test`
  const registered = await t.inject({ method: 'POST', url: `${API}/auth/register`, payload: { email, password: 'a-long-password-1', name: 'Reader', role: 'student' } })
  expect(registered.statusCode, registered.body).toBe(201)
  const { user, accessToken, refreshToken } = registered.json() as { user: Actor['user']; accessToken: string; refreshToken: string }
  const actor: Actor = { user, accessToken, headers: { authorization: `Bearer ${accessToken}` }, inject: (o) => t.inject({ ...o, headers: { ...o.headers, authorization: `Bearer ${accessToken}` } }) }
  await enroll(t, actor, course.courseId)
  return { ...actor, refreshToken }
}

describe('a cached summary answered to signed-in readers before routing', () => {
  it('serves an enrolled student from the shared cache, the same reply as the route, and the route refuses everyone else', async () => {
    const lessonId = course.lessons.waterCycle
    const reader = await enrolledStudent()
    const first = await summary(lessonId, as(reader))
    expect(first.status, first.text).toBe(200)
    expect(JSON.parse(first.text).cached).toBe(false)
    // The route's answer from the cache (offered), then the stored one.
    const routed = await summary(lessonId, as(reader))
    expect(JSON.parse(routed.text).cached).toBe(true)
    const before = await hits()
    const stored = await summary(lessonId, as(reader))
    expect(await hits()).toBe(before + 1)
    expect(stored.text).toBe(routed.text)
    for (const name of ['content-type', 'ai-provider', 'ai-model', 'ai-cached', 'cache-control', 'vary', 'x-content-type-options']) {
      expect(stored.headers.get(name), name).toBe(routed.headers.get(name))
    }
    // Another enrolled student is served the same stored reply once the engine knows their token (verified on their
    // first request, by the route).
    const other = await enrolledStudent()
    expect((await summary(lessonId, as(other))).text).toBe(routed.text)
    expect((await summary(lessonId, as(other))).text).toBe(routed.text)
    expect(await hits()).toBe(before + 2)

    // Never to a caller the route refuses: not enrolled, anonymous, a bad or unknown token, a teacher of another course.
    const outsider = await t.asStudent()
    const refusals: Array<[Record<string, string>, number]> = [
      [as(outsider), 403],
      [{}, 401],
      [{ authorization: `Bearer ${reader.accessToken}x` }, 401],
      [{ authorization: `bearer ${reader.accessToken}` }, 200],
      [{ authorization: 'Bearer not-a-token' }, 401],
      [as(await t.asTeacher()), 403],
    ]
    for (const [headers, status] of refusals) {
      const before = await hits()
      const res = await summary(lessonId, headers)
      expect(res.status, `${JSON.stringify(headers)}: ${res.text}`).toBe(status)
      // The lower-case scheme is accepted by the route, not recognised at once: routed, and a hit for nobody.
      expect(await hits(), JSON.stringify(headers)).toBe(before)
    }
    // Nor to a request with a body or a content type: the route decides those.
    const withBody = await fetch(summaryUrl(lessonId), { method: 'POST', headers: { ...as(reader), 'content-type': 'application/json' }, body: '{}' })
    expect(withBody.status).toBe(200)
    const beforeBody = await hits()
    await fetch(summaryUrl(lessonId), { method: 'POST', headers: { ...as(reader), 'content-type': 'application/json' }, body: '{}' })
    expect(await hits()).toBe(beforeBody)
  })

  it('refuses at once a student who signed out, and shows a lesson edit at once', async () => {
    const lessonId = course.lessons.waterCycle
    const reader = await enrolledStudent()
    await summary(lessonId, as(reader))
    await summary(lessonId, as(reader))
    const before = await hits()
    expect((await summary(lessonId, as(reader))).status).toBe(200)
    expect(await hits()).toBe(before + 1)

    const out = await reader.inject({ method: 'POST', url: `${API}/auth/logout`, payload: { refreshToken: reader.refreshToken } })
    expect(out.statusCode, out.body).toBe(204)
    const signedOut = await summary(lessonId, as(reader))
    expect(signedOut.status, signedOut.text).toBe(401)

    const other = await enrolledStudent()
    const old = await summary(lessonId, as(other))
    const edit = await teacher.inject({ method: 'PATCH', url: `${API}/lessons/${lessonId}`, payload: { body: `${LESSONS.waterCycle.body}\nClouds are made of tiny droplets of water that float in the sky until they grow heavy.` } })
    expect(edit.statusCode, edit.body).toBe(200)
    const fresh = await summary(lessonId, as(other))
    expect(fresh.status).toBe(200)
    expect(JSON.parse(fresh.text).cached).toBe(false)
    expect(fresh.text).not.toBe(old.text)
    // The new version's reply is the one stored next.
    const next = await summary(lessonId, as(other))
    const beforeNext = await hits()
    expect((await summary(lessonId, as(other))).text).toBe(next.text)
    expect(await hits()).toBe(beforeNext + 1)
  })

  it('refuses at once a student whose enrollment ends (a refund)', async () => {
    const paid = await makeCourse(teacher, ['photosynthesis', 'waterCycle'], { priceCents: 900 })
    const lessonId = paid.lessons.waterCycle
    const buyer = await t.asStudent()
    const enrollments = t.app.services.get('enrollment')
    const payment = { studentId: buyer.user.id, courseId: paid.courseId, paymentId: '0190a0b0-0000-7000-8000-0000000b2b2b' }
    await t.app.orm.em.fork().transactional((em) => enrollments.enrollFromPayment(em as never, payment))
    for (let i = 0; i < 2; i++) expect((await summary(lessonId, as(buyer))).status).toBe(200)
    const before = await hits()
    expect((await summary(lessonId, as(buyer))).status).toBe(200)
    expect(await hits()).toBe(before + 1)
    expect(await t.app.orm.em.fork().transactional((em) => enrollments.markRefunded(em as never, payment))).toBe(true)
    expect((await summary(lessonId, as(buyer))).status).toBe(403)
    expect(await hits()).toBe(before + 1)
  })

  it('counts every answer against the per-minute limit, stored ones included, and refuses beyond it with 429', async () => {
    const lessonId = course.lessons.photosynthesis
    const reader = await enrolledStudent()
    const statuses: number[] = []
    const before = await hits()
    for (let i = 0; i < PER_MINUTE + 2; i++) statuses.push((await summary(lessonId, as(reader))).status)
    expect(statuses).toEqual([...Array(PER_MINUTE).fill(200), 429, 429])
    // Most of the answers were stored ones: the limit held for them.
    expect(await hits()).toBeGreaterThanOrEqual(before + PER_MINUTE - 3)
    const refused = await summary(lessonId, as(reader))
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another reader still has their own minute.
    expect((await summary(lessonId, as(await enrolledStudent()))).status).toBe(200)
  })
})

describe('public course reads answered to signed-in students before routing', () => {
  it('serves a published course to signed-in callers from the shared cache, never a draft, never a bad token', async () => {
    const student = await t.asStudent()
    const url = `${base}${API}/courses/${course.courseId}`
    const read = async (headers: Record<string, string>) => {
      const res = await fetch(url, { headers })
      return { status: res.status, text: await res.text() }
    }
    const anonymous = await read({})
    await read(as(student))
    const before = await hits()
    const signedIn = await read(as(student))
    expect(signedIn).toEqual(anonymous)
    expect(await hits()).toBe(before + 1)
    expect((await read({ authorization: `Bearer ${student.accessToken}x` })).status).toBe(401)
    expect(await hits()).toBe(before + 1)

    const draft = await makeCourse(teacher, ['photosynthesis'], { publish: false })
    const draftUrl = `${base}${API}/courses/${draft.courseId}`
    for (let i = 0; i < 3; i++) expect((await fetch(draftUrl, { headers: as(teacher) })).status).toBe(200)
    const beforeDraft = await hits()
    expect((await fetch(draftUrl, { headers: as(teacher) })).status).toBe(200)
    expect((await fetch(draftUrl, { headers: as(student) })).status).toBe(404)
    expect((await fetch(draftUrl)).status).toBe(404)
    expect(await hits()).toBe(beforeDraft)
  })
})
