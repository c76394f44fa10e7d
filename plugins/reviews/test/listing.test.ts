import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor, TestEngine } from '@eduplatform/core/testing'
import { engine, enrolledStudent, expectProblem, makeCourse, review, sql, type TestCourse } from './helpers.ts'

let t: TestEngine
let teacher: Actor
let admin: Actor
let c: TestCourse
/** Review ids in creation order, with their ratings. */
const written: Array<{ id: string; rating: number; author: Actor }> = []
const RATINGS = [5, 3, 4, 1, 5, 2, 4, 4, 3, 5, 1, 4]

const list = (query = '', actor?: Actor) =>
  (actor ?? t).inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/reviews${query}` })

async function allPages(sort: string, limit: number): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  for (let page = 0; page < 20; page++) {
    const res = await list(`?sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json() as { items: Array<{ id: string }>; nextCursor: string | null }
    expect(body.items.length).toBeLessThanOrEqual(limit)
    ids.push(...body.items.map((i) => i.id))
    cursor = body.nextCursor
    if (!cursor) return ids
  }
  throw new Error('too many pages')
}

beforeAll(async () => {
  t = await engine()
  teacher = await t.asTeacher({ verified: true })
  admin = await t.asAdmin()
  c = await makeCourse(teacher)
  for (const [i, rating] of RATINGS.entries()) {
    const author = await enrolledStudent(t, c.courseId, `Student ${i}`)
    written.push({ id: await review(author, c.courseId, rating, `Review ${i}`), rating, author })
  }
})
afterAll(async () => t?.close())

describe('GET /courses/:id/reviews', () => {
  it('lists newest first by default, in keyset pages that cover every review once', async () => {
    const first = await list('?limit=5')
    expect(first.statusCode).toBe(200)
    expect(first.headers['cache-control']).toBe('public, no-cache')
    expect(first.json().items).toHaveLength(5)
    expect(first.json().items[0]).toMatchObject({ id: written.at(-1)!.id, comment: 'Review 11', author: { name: 'Student 11' } })
    expect(await allPages('newest', 5)).toEqual(written.map((w) => w.id).reverse())
  })

  it('sorts by rating, high or low first, ties newest first', async () => {
    const byRating = (dir: 1 | -1) => written
      .map((w, i) => ({ ...w, i }))
      .sort((a, b) => dir * (a.rating - b.rating) || b.i - a.i)
      .map((w) => w.id)
    expect(await allPages('rating_desc', 4)).toEqual(byRating(-1))
    expect(await allPages('rating_asc', 5)).toEqual(byRating(1))
    expect(await allPages('rating_asc', 100)).toEqual(byRating(1))
  })

  it('refuses a bad sort, limit or cursor, and a cursor of another sort (400)', async () => {
    expectProblem(await list('?sort=oldest'), 400)
    expectProblem(await list('?limit=0'), 400)
    expectProblem(await list('?limit=101'), 400)
    expectProblem(await list('?cursor=garbage'), 400, 'EDU_INVALID_CURSOR')
    const page = await list('?sort=newest&limit=2')
    expectProblem(await list(`?sort=rating_desc&cursor=${page.json().nextCursor}`), 400, 'EDU_INVALID_CURSOR')
    const forge = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url')
    expectProblem(await list(`?cursor=${forge(['newest', "2026'; DROP TABLE reviews; --", '00000000-0000-4000-8000-000000000000'])}`), 400, 'EDU_INVALID_CURSOR')
    // Every part of the shape is checked: the id's format, whole stars within 1..5, the tuple's length.
    const at = '2026-11-29 10:11:12.123456+00'
    expectProblem(await list(`?cursor=${forge(['newest', at, 'not-a-uuid'])}`), 400, 'EDU_INVALID_CURSOR')
    expectProblem(await list(`?sort=rating_desc&cursor=${forge(['rating_desc', 4.5, at, written[0]!.id])}`), 400, 'EDU_INVALID_CURSOR')
    expectProblem(await list(`?sort=rating_asc&cursor=${forge(['rating_asc', 6, at, written[0]!.id])}`), 400, 'EDU_INVALID_CURSOR')
    expectProblem(await list(`?cursor=${forge(['newest', at, written[0]!.id, 'extra'])}`), 400, 'EDU_INVALID_CURSOR')
    // A timestamp of the right form that names no instant PostgreSQL accepts is a 400 too, not a failed cast.
    for (const bad of ['2026-13-01 00:00:00+00', '2026-02-30 00:00:00+00', '0000-01-01 00:00:00+00', '2026-01-01 00:60:00+00', '2026-01-01 00:00:00+99']) {
      expectProblem(await list(`?cursor=${forge(['newest', bad, written[0]!.id])}`), 400, 'EDU_INVALID_CURSOR')
    }
    const valid = await list(`?sort=rating_desc&cursor=${forge(['rating_desc', 4, at, written[0]!.id])}`)
    expect(valid.statusCode, valid.body).toBe(200)
  })

  it('answers 404 for an unknown course and for a draft to anyone but its owner and admins', async () => {
    expectProblem(await t.inject({ method: 'GET', url: '/api/v1/courses/00000000-0000-4000-8000-000000000000/reviews' }), 404, 'EDU_REVIEWS_COURSE_NOT_FOUND')
    const draft = await teacher.inject({ method: 'POST', url: '/api/v1/courses', payload: { title: 'A draft', description: 'd' } })
    const courseId = draft.json().id as string
    const mod = await teacher.inject({ method: 'POST', url: `/api/v1/courses/${courseId}/modules`, payload: { title: 'M' } })
    expect((await teacher.inject({ method: 'POST', url: `/api/v1/modules/${mod.json().id}/lessons`, payload: { title: 'L' } })).statusCode).toBe(201)
    await t.drainEvents()
    const url = `/api/v1/courses/${courseId}/reviews`
    expectProblem(await t.inject({ method: 'GET', url }), 404)
    expectProblem(await t.inject({ method: 'GET', url: `${url}/summary` }), 404)
    const own = await teacher.inject({ method: 'GET', url })
    expect(own.statusCode).toBe(200)
    expect(own.json()).toEqual({ items: [], nextCursor: null })
    expect(own.headers['cache-control']).toBe('private, no-cache')
    expect((await teacher.inject({ method: 'GET', url: `${url}/summary` })).statusCode).toBe(200)

    // Published, the pages the owner's reads cached as a draft's are public at once; an edit that keeps
    // the status costs reviews no delivery (no outbox row of theirs).
    expect((await teacher.inject({ method: 'PATCH', url: `/api/v1/courses/${courseId}`, payload: { title: 'A draft, renamed' } })).statusCode).toBe(200)
    expect((await teacher.inject({ method: 'PATCH', url: `/api/v1/courses/${courseId}`, payload: { status: 'published' } })).statusCode).toBe(200)
    await t.drainEvents()
    expect((await t.inject({ method: 'GET', url })).statusCode).toBe(200)
    expect((await t.inject({ method: 'GET', url: `${url}/summary` })).statusCode).toBe(200)
    const rows = await sql(t, `SELECT payload->>'statusChanged' AS changed FROM edu_outbox WHERE event = 'course.updated' AND subscriber = 'reviews.refresh-course-status' AND payload->>'courseId' = ?`, [courseId])
    expect(rows).toEqual([{ changed: 'true' }])
    // The lesson added to the draft cost reviews no delivery either (a draft has no reviews); one added to
    // the published course does.
    const lessonRows = async () => sql(t, `SELECT payload->>'draft' AS draft FROM edu_outbox WHERE event = 'lesson.changed' AND subscriber = 'reviews.refresh-lesson-count' AND payload->>'courseId' = ?`, [courseId])
    expect(await lessonRows()).toEqual([])
    expect((await teacher.inject({ method: 'POST', url: `/api/v1/modules/${mod.json().id}/lessons`, payload: { title: 'L2' } })).statusCode).toBe(201)
    await t.drainEvents()
    expect(await lessonRows()).toEqual([{ draft: 'false' }])
  })

  it('answers If-None-Match with 304 while nothing changed, and serves the change at once after a write', async () => {
    const first = await list('?limit=3')
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[\w-]+"$/)
    const again = await t.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/reviews?limit=3`, headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    const newest = written.at(-1)!
    const edit = await newest.author.inject({ method: 'PATCH', url: `/api/v1/reviews/${newest.id}`, payload: { comment: 'Changed my mind' } })
    expect(edit.statusCode, edit.body).toBe(200)
    const after = await t.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/reviews?limit=3`, headers: { 'if-none-match': etag } })
    expect(after.statusCode).toBe(200)
    expect(after.json().items[0].comment).toBe('Changed my mind')
  })

  it('says Vary: Origin, Authorization on the list and the summary, read from the database or the cache, 304 included', async () => {
    const course = await makeCourse(teacher) // read here first: the first read fills the cache, the second hits it
    for (const url of [`/api/v1/courses/${course.courseId}/reviews`, `/api/v1/courses/${course.courseId}/reviews/summary`]) {
      const first = await t.inject({ method: 'GET', url })
      const cached = await t.inject({ method: 'GET', url })
      const unchanged = await t.inject({ method: 'GET', url, headers: { 'if-none-match': first.headers.etag as string } })
      expect([first.statusCode, cached.statusCode, unchanged.statusCode]).toEqual([200, 200, 304])
      // The allowed origin a reply names depends on Origin, the hidden reviews it shows on the credential.
      for (const res of [first, cached, unchanged]) expect(res.headers.vary).toBe('Origin, Authorization')
    }
  })

  it('serves no stale cached page after any kind of review write: create, edit, reply, its edit and removal, hide, show, delete', async () => {
    const course = await makeCourse(teacher)
    const url = `/api/v1/courses/${course.courseId}/reviews`
    let etag: string | undefined
    type Item = { id: string; rating: number; comment: string; reply: { body: string } | null }
    // Each read caches the page (the second read is a hit and must agree); the ETag read before a write must no longer match.
    const page = async () => {
      const res = await t.inject({ method: 'GET', url, headers: etag ? { 'if-none-match': etag } : {} })
      expect(res.statusCode, res.body).toBe(200)
      expect((await t.inject({ method: 'GET', url })).body).toBe(res.body)
      etag = res.headers.etag as string
      return (res.json().items as Item[]).map((i) => [i.rating, i.comment, i.reply?.body ?? null])
    }
    const ok = async (sent: Promise<{ statusCode: number; body: string }>) => {
      const res = await sent
      expect(res.statusCode, res.body).toBeLessThan(300)
    }
    expect(await page()).toEqual([])
    const [a, b] = [await enrolledStudent(t, course.courseId), await enrolledStudent(t, course.courseId)]
    const id = await review(a, course.courseId, 4, 'first')
    expect(await page()).toEqual([[4, 'first', null]])
    await ok(a.inject({ method: 'PATCH', url: `/api/v1/reviews/${id}`, payload: { rating: 2, comment: 'edited' } }))
    expect(await page()).toEqual([[2, 'edited', null]])
    await ok(teacher.inject({ method: 'PUT', url: `/api/v1/reviews/${id}/reply`, payload: { body: 'Thanks' } }))
    expect(await page()).toEqual([[2, 'edited', 'Thanks']])
    await ok(teacher.inject({ method: 'PUT', url: `/api/v1/reviews/${id}/reply`, payload: { body: 'Thanks again' } }))
    expect(await page()).toEqual([[2, 'edited', 'Thanks again']])
    await ok(teacher.inject({ method: 'DELETE', url: `/api/v1/reviews/${id}/reply` }))
    expect(await page()).toEqual([[2, 'edited', null]])
    await ok(admin.inject({ method: 'PATCH', url: `/api/v1/reviews/${id}/moderation`, payload: { hidden: true } }))
    expect(await page()).toEqual([])
    await ok(admin.inject({ method: 'PATCH', url: `/api/v1/reviews/${id}/moderation`, payload: { hidden: false } }))
    expect(await page()).toEqual([[2, 'edited', null]])
    await review(b, course.courseId, 5, 'second')
    expect(await page()).toEqual([[5, 'second', null], [2, 'edited', null]])
    await ok(a.inject({ method: 'DELETE', url: `/api/v1/reviews/${id}` }))
    expect(await page()).toEqual([[5, 'second', null]])
  })

  it('serves no stale page or summary through the course id in capitals: a hidden review is gone there too', async () => {
    const course = await makeCourse(teacher)
    const id = await review(await enrolledStudent(t, course.courseId), course.courseId, 1, 'abuse')
    const shouted = course.courseId.toUpperCase()
    const read = async () => {
      // Twice each: the second read is a cache hit (in this process, the one sent without a promise).
      const [pages, summaries] = [[], []] as [Array<{ items: Array<{ id: string }> }>, Array<{ courseId: string; reviewCount: number }>]
      for (let i = 0; i < 2; i++) {
        pages.push((await t.inject({ method: 'GET', url: `/api/v1/courses/${shouted}/reviews` })).json())
        summaries.push((await t.inject({ method: 'GET', url: `/api/v1/courses/${shouted}/reviews/summary` })).json())
      }
      expect(pages[1]).toEqual(pages[0])
      expect(summaries[1]).toEqual(summaries[0])
      return { ids: pages[0]!.items.map((i) => i.id), summary: summaries[0]! }
    }
    expect(await read()).toMatchObject({ ids: [id], summary: { courseId: course.courseId, reviewCount: 1 } })
    const hide = await admin.inject({ method: 'PATCH', url: `/api/v1/reviews/${id}/moderation`, payload: { hidden: true, reason: 'Abuse' } })
    expect(hide.statusCode, hide.body).toBe(200)
    expect(await read()).toMatchObject({ ids: [], summary: { courseId: course.courseId, reviewCount: 0 } })
  })

  it('shows the author\'s current name once a rename commits', async () => {
    await list('?limit=100')
    const author = written[0]!.author
    const res = await author.inject({ method: 'PATCH', url: '/api/v1/auth/me', payload: { name: 'Renamed Student' } })
    expect(res.statusCode, res.body).toBe(200)
    await t.drainEvents()
    const page = await list('?limit=100')
    expect(page.json().items.find((i: { id: string }) => i.id === written[0]!.id).author.name).toBe('Renamed Student')
  })

  it('marks verified learners: completed, or more than half of the lessons (not half), and updates a cached page on completion', async () => {
    const c2 = await makeCourse(teacher, { lessons: 4 })
    const [half, more, done] = [await enrolledStudent(t, c2.courseId), await enrolledStudent(t, c2.courseId), await enrolledStudent(t, c2.courseId)]
    const completeLessons = async (s: Actor, n: number) => {
      for (const id of c2.lessonIds.slice(0, n)) {
        const r = await s.inject({ method: 'POST', url: `/api/v1/progress/lessons/${id}/complete` })
        expect(r.statusCode, r.body).toBe(200)
      }
    }
    await completeLessons(half, 2)
    await completeLessons(more, 3)
    await completeLessons(done, 2)
    const ids = { half: await review(half, c2.courseId, 4), more: await review(more, c2.courseId, 4), done: await review(done, c2.courseId, 4) }
    const verified = async () => {
      const res = await t.inject({ method: 'GET', url: `/api/v1/courses/${c2.courseId}/reviews` })
      return Object.fromEntries(res.json().items.map((i: { id: string; verifiedLearner: boolean }) => [i.id, i.verifiedLearner]))
    }
    expect(await verified()).toEqual({ [ids.half]: false, [ids.more]: true, [ids.done]: false })
    // The page is cached; completing the course reaches it through `course.completed`.
    await completeLessons(done, 4)
    await t.drainEvents()
    const [row] = await sql<{ status: string }>(t, 'SELECT status FROM enrollments WHERE student_id = ? AND course_id = ?', [done.user.id, c2.courseId])
    expect(row!.status).toBe('completed')
    expect(await verified()).toEqual({ [ids.half]: false, [ids.more]: true, [ids.done]: true })
    // Two lessons added later (through `lesson.changed`): 3 of 6 is no longer more than half; a completion is kept.
    const [mod] = await sql<{ id: string }>(t, 'SELECT module_id AS id FROM course_lessons WHERE id = ?', [c2.lessonIds[0]])
    for (const title of ['Extra 1', 'Extra 2']) {
      const added = await teacher.inject({ method: 'POST', url: `/api/v1/modules/${mod!.id}/lessons`, payload: { title, type: 'text', body: 'x' } })
      expect(added.statusCode).toBe(201)
    }
    await t.drainEvents()
    expect(await verified()).toEqual({ [ids.half]: false, [ids.more]: false, [ids.done]: true })
  })
})

describe('GET /courses/:id/reviews/summary', () => {
  it('gives the exact average, count and histogram of the visible reviews', async () => {
    const res = await t.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/reviews/summary` })
    expect(res.statusCode).toBe(200)
    const sum = RATINGS.reduce((a, b) => a + b, 0)
    expect(res.json()).toEqual({
      courseId: c.courseId,
      avgRating: Math.round((sum / RATINGS.length) * 100) / 100,
      reviewCount: RATINGS.length,
      histogram: { 1: 2, 2: 1, 3: 2, 4: 4, 5: 3 },
    })
    expect(res.json().avgRating).toBe(3.42)
  })

  it('follows every write at once (cached, invalidated after commit)', async () => {
    const before = await t.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/reviews/summary` })
    const w = written[3]! // rated 1
    await admin.inject({ method: 'PATCH', url: `/api/v1/reviews/${w.id}/moderation`, payload: { hidden: true } })
    const hidden = await t.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/reviews/summary`, headers: { 'if-none-match': before.headers.etag as string } })
    expect(hidden.statusCode).toBe(200)
    expect(hidden.json()).toMatchObject({ reviewCount: 11, avgRating: 3.64, histogram: { 1: 1, 2: 1, 3: 2, 4: 4, 5: 3 } })
    await w.author.inject({ method: 'DELETE', url: `/api/v1/reviews/${w.id}` })
    const removed = await t.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}/reviews/summary` })
    expect(removed.json()).toMatchObject({ reviewCount: 11, avgRating: 3.64 })
    const course = await t.inject({ method: 'GET', url: `/api/v1/courses/${c.courseId}` })
    expect(course.json()).toMatchObject({ avgRating: 3.64, reviewCount: 11 })
  })

  it('is zero for a course without reviews', async () => {
    const empty = await makeCourse(teacher)
    const res = await t.inject({ method: 'GET', url: `/api/v1/courses/${empty.courseId}/reviews/summary` })
    expect(res.json()).toEqual({ courseId: empty.courseId, avgRating: 0, reviewCount: 0, histogram: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } })
  })
})

describe('OpenAPI', () => {
  it('names every route with a stable operationId, the reviews tag and its security', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
    const ops = (path: string) => doc.paths[`/api/v1${path}`]
    expect(ops('/courses/{id}/reviews').get).toMatchObject({ operationId: 'listCourseReviews', tags: ['reviews'], security: [{ bearer: [] }, {}] })
    expect(ops('/courses/{id}/reviews').post).toMatchObject({ operationId: 'createReview', tags: ['reviews'], security: [{ bearer: [] }] })
    expect(ops('/courses/{id}/reviews/summary').get).toMatchObject({ operationId: 'getCourseReviewSummary', security: [{ bearer: [] }, {}] })
    expect(ops('/reviews/{id}').patch.operationId).toBe('updateReview')
    expect(ops('/reviews/{id}').delete.operationId).toBe('deleteReview')
    expect(Object.keys(ops('/reviews/{id}').delete.responses)).toEqual(['204', '400', '401', '403', '404', '4XX', '5XX'])
    expect(ops('/reviews/{id}/reply').put.operationId).toBe('replyToReview')
    expect(ops('/reviews/{id}/reply').delete.operationId).toBe('deleteReviewReply')
    expect(ops('/reviews/{id}/moderation').patch).toMatchObject({ operationId: 'moderateReview', security: [{ bearer: [] }] })
  })
})
