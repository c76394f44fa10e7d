import type { AddressInfo } from 'node:net'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { notifications } from '@eduplatform/plugin-notifications'
import { payments } from '@eduplatform/plugin-payments'
import { reviews } from '@eduplatform/plugin-reviews'
import { createTestEngine, WAIT_TIMEOUT_MS, waitUntil, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSse, type SseClient } from '../../plugins/notifications/test/sse-client.ts'

// Reviews and notifications together, as an integrator sees them: every call is an HTTP request over a
// real socket to a listening engine, and notifications arrive on open Server-Sent Events streams. The
// engine's own dispatcher delivers the events (nothing here drives the outbox).
let t: TestEngine
let base: string

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), payments({ provider: 'mock' }), reviews(), notifications()] })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1`
})
afterAll(async () => t?.close())

/** One request over the socket as `who` (anonymous when undefined); the status and the parsed body. */
async function call(who: Actor | undefined, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(who?.headers ?? {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined }
}

async function ok(expected: number, who: Actor | undefined, method: string, path: string, body?: unknown): Promise<any> {
  const res = await call(who, method, path, body)
  expect(res.status, JSON.stringify(res.body)).toBe(expected)
  return res.body
}

/** A stream opened the way a browser does: a stream token first, then EventSource's `?token=`. */
async function stream(who: Actor): Promise<SseClient> {
  const { token } = await ok(201, who, 'POST', '/notifications/stream-token')
  const sse = await openSse(`${base}/notifications/stream?token=${encodeURIComponent(token)}`)
  expect(sse.status).toBe(200)
  return sse
}

const notificationsOf = (sse: SseClient) => sse.events.filter((e) => e.event === 'notification').map((e) => JSON.parse(e.data))

async function nextNotification(sse: SseClient, count: number) {
  const deadline = Date.now() + WAIT_TIMEOUT_MS
  while (notificationsOf(sse).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} notification(s) on the stream, got ${notificationsOf(sse).length}`)
    await sse.waitForEvents(sse.events.length + 1, Math.max(1, deadline - Date.now()))
  }
  return notificationsOf(sse)[count - 1]
}

describe('reviews and notifications over the public API', () => {
  it('tells the teacher of a review, the reviewer of the reply and of moderation, and keeps the course figures exact', async () => {
    const teacher = await t.asTeacher({ name: 'Ada Teacher' })
    const alice = await t.asStudent({ name: 'Alice Student' })
    const bob = await t.asStudent({ name: 'Bob Student' })
    const admin = await t.asAdmin()

    const course = await ok(201, teacher, 'POST', '/courses', { title: 'Signals & Systems', description: 'Fourier and friends', priceCents: 0, currency: 'EUR' })
    const mod = await ok(201, teacher, 'POST', `/courses/${course.id}/modules`, { title: 'Basics' })
    await ok(201, teacher, 'POST', `/modules/${mod.id}/lessons`, { title: 'Sampling', type: 'text', body: 'Nyquist.' })
    await ok(200, teacher, 'PATCH', `/courses/${course.id}`, { status: 'published' })
    await ok(201, alice, 'POST', '/enrollments', { courseId: course.id })
    await ok(201, bob, 'POST', '/enrollments', { courseId: course.id })
    // Alice's enrollment notice comes from the dispatcher, after the answer: her stream, opened once it is in
    // her feed, shows only what follows (opened sooner, it may show the notice first).
    await waitUntil(async () => (await ok(200, alice, 'GET', '/notifications/me')).items.some((n: { type: string }) => n.type === 'enrollment.created'))

    const teacherStream = await stream(teacher)
    const aliceStream = await stream(alice)
    try {
      // A student reviews the course: its teacher is told on the open stream.
      const comment = 'Clear <b>and</b> "rigorous" — 5/5 would "recommend"'
      const aliceReview = await ok(201, alice, 'POST', `/courses/${course.id}/reviews`, { rating: 2, comment })
      expect(aliceReview).toMatchObject({ rating: 2, comment, author: { id: alice.user.id, name: 'Alice Student' } })
      const toTeacher = await nextNotification(teacherStream, 1)
      expect(toTeacher).toMatchObject({
        type: 'review.created',
        title: 'New review of Signals & Systems',
        body: 'Alice Student rated it 2 out of 5.',
        link: `/widgets/?course=${course.id}#review-${aliceReview.id}`,
        data: { courseId: course.id, reviewId: aliceReview.id, rating: 2 },
        readAt: null,
      })
      const teacherFeed = await ok(200, teacher, 'GET', '/notifications/me')
      expect(teacherFeed.items[0]).toEqual(toTeacher)
      expect(teacherStream.events.find((e) => e.event === 'notification')?.id).toBe(toTeacher.id)

      const bobReview = await ok(201, bob, 'POST', `/courses/${course.id}/reviews`, { rating: 5, comment: 'Great.' })
      expect((await nextNotification(teacherStream, 2)).body).toBe('Bob Student rated it 5 out of 5.')
      expect(await ok(200, undefined, 'GET', `/courses/${course.id}`)).toMatchObject({ avgRating: 3.5, reviewCount: 2 })

      // The teacher replies: the reviewer is told on hers.
      await ok(201, teacher, 'PUT', `/reviews/${aliceReview.id}/reply`, { body: 'Thank you, Alice.' })
      const toAlice = await nextNotification(aliceStream, 1)
      expect(toAlice).toMatchObject({
        type: 'review.replied',
        title: 'Ada Teacher replied to your review',
        body: 'The teacher of Signals & Systems replied to your review.',
        data: { courseId: course.id, reviewId: aliceReview.id },
      })

      // An admin hides the review: its author is told, and it leaves the average and the public list.
      await ok(200, admin, 'PATCH', `/reviews/${aliceReview.id}/moderation`, { hidden: true, reason: 'Off topic' })
      const hidden = await nextNotification(aliceStream, 2)
      expect(hidden).toMatchObject({
        type: 'review.hidden',
        title: 'Your review of Signals & Systems was hidden',
        body: 'A moderator hid it from the course page: Off topic',
        data: { courseId: course.id, reviewId: aliceReview.id, reason: 'Off topic' },
      })
      expect(await ok(200, undefined, 'GET', `/courses/${course.id}`)).toMatchObject({ avgRating: 5, reviewCount: 1 })
      expect(await ok(200, undefined, 'GET', `/courses/${course.id}/reviews/summary`)).toEqual({
        courseId: course.id, avgRating: 5, reviewCount: 1, histogram: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 },
      })
      expect((await ok(200, undefined, 'GET', `/courses/${course.id}/reviews`)).items.map((r: { id: string }) => r.id)).toEqual([bobReview.id])
      // Alice's feed: her enrollment (before the stream was open), then the reply and the moderation.
      expect((await ok(200, alice, 'GET', '/notifications/me')).items.map((n: { type: string }) => n.type)).toEqual(['review.hidden', 'review.replied', 'enrollment.created'])
      expect(await ok(200, alice, 'GET', '/notifications/me/unread-count')).toEqual({ count: 3 })

      // Nobody was told of what was not theirs: the teacher heard only the two reviews, Alice only her news.
      expect(notificationsOf(teacherStream).map((n) => n.type)).toEqual(['review.created', 'review.created'])
      expect(notificationsOf(aliceStream).map((n) => n.type)).toEqual(['review.replied', 'review.hidden'])
      expect((await ok(200, bob, 'GET', '/notifications/me')).items.map((n: { type: string }) => n.type)).toEqual(['enrollment.created'])
    } finally {
      teacherStream.close()
      aliceStream.close()
    }
  })
})
