import { get as httpGet, type IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { createTestEngine, listenOnLoopback, readAgreeing, sharedCacheHits, waitUntil, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { reviews } from '../src/index.ts'
import { enrolledStudent, makeCourse, review } from './helpers.ts'

// Anonymous reads over real sockets, where the engine's shared cache answers before routing (app.inject never
// passes it), in one process with the in-process cache (the only store the shared cache serves from).

let t: TestEngine
let base: string
let teacher: Actor
let admin: Actor
beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), payments({ provider: 'mock' }), reviews()], redis: false })
  base = await listenOnLoopback(t.app)
  teacher = await t.asTeacher({ verified: true })
  admin = await t.asAdmin()
})
afterAll(async () => t?.close())

const hits = () => sharedCacheHits(base)
const read = (path: string) => readAgreeing(`${base}${path}`)

describe('anonymous review reads through the shared cache', () => {
  it('serve every kind of review write at once: create, edit, reply, hide, show, delete', async () => {
    const course = await makeCourse(teacher)
    const pagePath = `/api/v1/courses/${course.courseId}/reviews`
    const summaryPath = `${pagePath}/summary`
    const page = async () => ((await read(pagePath)).body.items as Array<{ rating: number; comment: string; reply: { body: string } | null }>)
      .map((i) => [i.rating, i.comment, i.reply?.body ?? null])
    const count = async () => (await read(summaryPath)).body.reviewCount as number
    const ok = async (sent: Promise<{ statusCode: number; body: string }>) => {
      const res = await sent
      expect(res.statusCode, res.body).toBeLessThan(300)
    }
    const before = await hits()
    expect(await page()).toEqual([])
    expect(await count()).toBe(0)
    const [a, b] = [await enrolledStudent(t, course.courseId), await enrolledStudent(t, course.courseId)]
    const id = await review(a, course.courseId, 4, 'first')
    expect(await page()).toEqual([[4, 'first', null]])
    expect(await count()).toBe(1)
    await ok(a.inject({ method: 'PATCH', url: `/api/v1/reviews/${id}`, payload: { rating: 2, comment: 'edited' } }))
    expect(await page()).toEqual([[2, 'edited', null]])
    await ok(teacher.inject({ method: 'PUT', url: `/api/v1/reviews/${id}/reply`, payload: { body: 'Thanks' } }))
    expect(await page()).toEqual([[2, 'edited', 'Thanks']])
    await ok(admin.inject({ method: 'PATCH', url: `/api/v1/reviews/${id}/moderation`, payload: { hidden: true } }))
    expect(await page()).toEqual([])
    expect(await count()).toBe(0)
    await ok(admin.inject({ method: 'PATCH', url: `/api/v1/reviews/${id}/moderation`, payload: { hidden: false } }))
    await review(b, course.courseId, 5, 'second')
    expect(await page()).toEqual([[5, 'second', null], [2, 'edited', 'Thanks']])
    expect(await count()).toBe(2)
    await ok(a.inject({ method: 'DELETE', url: `/api/v1/reviews/${id}` }))
    expect(await page()).toEqual([[5, 'second', null]])
    expect(await count()).toBe(1)
    // Most of those reads were answered before routing.
    expect(await hits() - before).toBeGreaterThanOrEqual(12)
  })

  it('answer 404 once a course goes back to draft', async () => {
    const course = await makeCourse(teacher)
    const paths = [`/api/v1/courses/${course.courseId}/reviews`, `/api/v1/courses/${course.courseId}/reviews/summary`]
    for (const path of paths) expect((await read(path)).status).toBe(200)
    const draft = await teacher.inject({ method: 'PATCH', url: `/api/v1/courses/${course.courseId}`, payload: { status: 'draft' } })
    expect(draft.statusCode, draft.body).toBe(200)
    // Reviews learn of a course's status from the courses plugin's event.
    await t.drainEvents()
    for (const path of paths) expect((await read(path)).status).toBe(404)
  })

  it('never shares what a signed-in reader gets: an admin sees a hidden review, the next anonymous reader does not', async () => {
    const course = await makeCourse(teacher)
    const id = await review(await enrolledStudent(t, course.courseId), course.courseId, 1, 'abuse')
    const hide = await admin.inject({ method: 'PATCH', url: `/api/v1/reviews/${id}/moderation`, payload: { hidden: true, reason: 'Abuse' } })
    expect(hide.statusCode, hide.body).toBe(200)
    const path = `/api/v1/courses/${course.courseId}/reviews`
    for (let i = 0; i < 2; i++) {
      const asAdmin = await fetch(`${base}${path}`, { headers: admin.headers })
      expect((await asAdmin.json()).items.map((r: { id: string }) => r.id)).toEqual([id])
      expect((await read(path)).body.items).toEqual([])
    }
  })

  it('keep no request or socket alive with a stored response', async () => {
    const course = await makeCourse(teacher)
    await review(await enrolledStudent(t, course.courseId), course.courseId, 5, 'kept')
    const sockets: Array<WeakRef<Socket>> = []
    const track = (socket: Socket) => sockets.push(new WeakRef(socket))
    t.app.server.on('connection', track)
    try {
      // Each on a connection of its own, closed after the reply; each URL stored (the second read of each is kept).
      const once = (path: string) => new Promise<void>((resolve, reject) => {
        httpGet(`${base}${path}`, { agent: false }, (res: IncomingMessage) => res.resume().on('end', resolve)).on('error', reject)
      })
      for (let i = 1; i <= 20; i++) for (let n = 0; n < 2; n++) await once(`/api/v1/courses/${course.courseId}/reviews/summary?n=${i}`)
      await waitUntil(() => sockets.every((s) => s.deref()?.destroyed !== false))
    } finally {
      t.app.server.off('connection', track)
    }
    expect(sockets).toHaveLength(40)
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    setFlagsFromString('--no-expose-gc')
    await waitUntil(() => {
      gc()
      return sockets.filter((s) => s.deref() !== undefined).length <= 2
    }, { message: `${sockets.filter((s) => s.deref() !== undefined).length} of 40 sockets still alive` })
  })
})
