import { randomUUID } from 'node:crypto'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectProblem, feed, plugins, sql, unreadCount } from './helpers.ts'

let t: TestEngine

beforeAll(async () => {
  t = await createTestEngine({ plugins: plugins() })
})
afterAll(async () => t?.close())

/** Makes `count` notifications for a student through `course.completed` events; returns their ids, oldest first. */
async function notifyCompleted(student: Actor, count: number): Promise<string[]> {
  for (let i = 0; i < count; i++) {
    await t.app.orm.em.fork().transactional((em) =>
      t.app.events.emit(em, 'course.completed', { enrollmentId: randomUUID(), studentId: student.user.id, courseId: randomUUID(), completedAt: new Date().toISOString() }))
  }
  await t.drainEvents()
  const rows = await sql<{ id: string }>(t, `SELECT id FROM notifications WHERE user_id = ? ORDER BY id`, [student.user.id])
  return rows.map((r) => r.id)
}

describe('GET /notifications/me', () => {
  it('lists newest first in cursor pages, and filters unread', async () => {
    const student = await t.asStudent()
    const ids = await notifyCompleted(student, 5)
    expect(ids).toHaveLength(5)
    const first = await student.inject({ method: 'GET', url: '/api/v1/notifications/me?limit=2' })
    expect(first.statusCode).toBe(200)
    expect(first.json().items.map((n: { id: string }) => n.id)).toEqual([ids[4], ids[3]])
    const second = await student.inject({ method: 'GET', url: `/api/v1/notifications/me?limit=2&cursor=${first.json().nextCursor}` })
    expect(second.json().items.map((n: { id: string }) => n.id)).toEqual([ids[2], ids[1]])
    const third = await student.inject({ method: 'GET', url: `/api/v1/notifications/me?limit=2&cursor=${second.json().nextCursor}` })
    expect(third.json()).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null })

    expect((await student.inject({ method: 'PATCH', url: `/api/v1/notifications/${ids[3]}/read` })).statusCode).toBe(200)
    expect((await feed(student, '?unread=true')).map((n) => n.id)).toEqual([ids[4], ids[2], ids[1], ids[0]])
    expect((await feed(student, '?unread=false')).map((n) => n.id)).toEqual([ids[4], ids[3], ids[2], ids[1], ids[0]])
  })

  it('refuses bad queries with 400 naming the field, and callers without an account', async () => {
    const student = await t.asStudent()
    for (const query of ['limit=0', 'limit=101', 'unread=maybe', 'cursor=not-a-cursor']) {
      expectProblem(await student.inject({ method: 'GET', url: `/api/v1/notifications/me?${query}` }), 400)
    }
    const bad = await student.inject({ method: 'GET', url: '/api/v1/notifications/me?limit=0' })
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: expect.stringContaining('limit') })])
    expectProblem(await t.inject({ method: 'GET', url: '/api/v1/notifications/me' }), 401)
  })
})

describe('unread count, mark read, mark all read', () => {
  it('keeps the cached unread count exact after every change', async () => {
    const student = await t.asStudent()
    expect(await unreadCount(student)).toBe(0)
    const ids = await notifyCompleted(student, 3)
    expect(await unreadCount(student)).toBe(3)
    expect(await unreadCount(student)).toBe(3)

    const read = await student.inject({ method: 'PATCH', url: `/api/v1/notifications/${ids[1]}/read` })
    expect(read.statusCode).toBe(200)
    expect(read.json()).toMatchObject({ id: ids[1], type: 'course.completed' })
    const readAt = read.json().readAt as string
    expect(Date.parse(readAt)).not.toBeNaN()
    expect(await unreadCount(student)).toBe(2)

    // Idempotent: reading again keeps the first readAt.
    const again = await student.inject({ method: 'PATCH', url: `/api/v1/notifications/${ids[1]}/read` })
    expect(again.json().readAt).toBe(readAt)
    expect(await unreadCount(student)).toBe(2)

    await notifyCompleted(student, 1)
    expect(await unreadCount(student)).toBe(3)

    const all = await student.inject({ method: 'POST', url: '/api/v1/notifications/read-all' })
    expect(all.statusCode).toBe(200)
    expect(all.json()).toEqual({ updated: 3 })
    expect(await unreadCount(student)).toBe(0)
    expect(await feed(student, '?unread=true')).toEqual([])
    const allAgain = await student.inject({ method: 'POST', url: '/api/v1/notifications/read-all' })
    expect(allAgain.json()).toEqual({ updated: 0 })
  })

  it('answers 404 for another user’s notification and for none, and changes nothing', async () => {
    const owner = await t.asStudent()
    const stranger = await t.asStudent()
    const [id] = await notifyCompleted(owner, 1)
    expectProblem(await stranger.inject({ method: 'PATCH', url: `/api/v1/notifications/${id}/read` }), 404, 'EDU_NOTIFICATIONS_NOT_FOUND')
    expectProblem(await stranger.inject({ method: 'PATCH', url: `/api/v1/notifications/${randomUUID()}/read` }), 404, 'EDU_NOTIFICATIONS_NOT_FOUND')
    expect((await stranger.inject({ method: 'POST', url: '/api/v1/notifications/read-all' })).json()).toEqual({ updated: 0 })
    expect(await unreadCount(owner)).toBe(1)
    expect((await feed(owner))[0]!.readAt).toBeNull()
    expectProblem(await owner.inject({ method: 'PATCH', url: '/api/v1/notifications/not-a-uuid/read' }), 400)
  })

  it('refuses API keys (notifications belong to user accounts)', async () => {
    const admin = await t.asAdmin()
    const key = await admin.inject({ method: 'POST', url: '/api/v1/admin/api-keys', payload: { name: 'reader', scopes: ['read'] } })
    expect(key.statusCode, key.body).toBe(201)
    const res = await t.inject({ method: 'GET', url: '/api/v1/notifications/me', headers: { authorization: `Bearer ${key.json().secret}` } })
    expectProblem(res, 403, 'EDU_NOTIFICATIONS_NOT_A_USER')
  })
})

describe('GET/PUT /notifications/preferences', () => {
  it('starts from the defaults: in-app on, email on for payments, completion and verification only', async () => {
    const student = await t.asStudent()
    const res = await student.inject({ method: 'GET', url: '/api/v1/notifications/preferences' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      'enrollment.created': { inApp: true, email: false },
      'payment.completed': { inApp: true, email: true },
      'payment.refunded': { inApp: true, email: true },
      'course.completed': { inApp: true, email: true },
      'teacher.verified': { inApp: true, email: true },
      'review.created': { inApp: true, email: false },
      'review.replied': { inApp: true, email: false },
      'review.hidden': { inApp: true, email: false },
      'lesson.added': { inApp: true, email: false },
      'account.welcome': { inApp: true, email: false },
    })
  })

  it('changes only the channels named, per user, and honours an in-app channel switched off', async () => {
    const student = await t.asStudent()
    const other = await t.asStudent()
    const put = await student.inject({ method: 'PUT', url: '/api/v1/notifications/preferences', payload: { 'course.completed': { inApp: false }, 'lesson.added': { email: true } } })
    expect(put.statusCode, put.body).toBe(200)
    expect(put.json()['course.completed']).toEqual({ inApp: false, email: true })
    expect(put.json()['lesson.added']).toEqual({ inApp: true, email: true })
    expect(put.json()['payment.completed']).toEqual({ inApp: true, email: true })
    const got = (await student.inject({ method: 'GET', url: '/api/v1/notifications/preferences' })).json()
    expect(got).toEqual(put.json())
    expect((await other.inject({ method: 'GET', url: '/api/v1/notifications/preferences' })).json()['course.completed']).toEqual({ inApp: true, email: true })

    await notifyCompleted(student, 1)
    expect(await feed(student)).toEqual([])
    expect(await unreadCount(student)).toBe(0)
  })

  it('refuses unknown types, unknown channels and non-booleans with 400, storing nothing', async () => {
    const student = await t.asStudent()
    const bad = [
      { 'course.finished': { email: false } },
      { 'course.completed': { sms: true } },
      { 'course.completed': { email: 'false' } },
      { 'course.completed': { email: null } },
      { 'course.completed': true },
      [],
    ]
    for (const payload of bad) {
      const res = await student.inject({ method: 'PUT', url: '/api/v1/notifications/preferences', payload })
      expectProblem(res, 400)
      expect(res.json().errors.length).toBeGreaterThan(0)
    }
    const rows = await sql(t, `SELECT count(*)::int AS n FROM notification_preferences WHERE user_id = ?`, [student.user.id])
    expect(rows[0]!.n).toBe(0)
    expectProblem(await t.inject({ method: 'PUT', url: '/api/v1/notifications/preferences', payload: { 'course.completed': { email: 'x' } } }), 401)
  })
})

describe('OpenAPI', () => {
  it('names every route with a stable operationId, the notifications tag and its security', async () => {
    const spec = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
    const ops = Object.entries(spec.paths as Record<string, Record<string, any>>)
      .filter(([path]) => path.startsWith('/api/v1/notifications'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op.operationId, op.tags, op.security]))
    expect(ops.sort()).toEqual([
      ['GET /api/v1/notifications/me', 'listMyNotifications', ['notifications'], [{ bearer: [] }]],
      ['GET /api/v1/notifications/me/unread-count', 'getUnreadNotificationCount', ['notifications'], [{ bearer: [] }]],
      ['GET /api/v1/notifications/preferences', 'getNotificationPreferences', ['notifications'], [{ bearer: [] }]],
      ['GET /api/v1/notifications/stream', 'streamNotifications', ['notifications'], [{ bearer: [] }]],
      ['GET /api/v1/notifications/unsubscribe', 'unsubscribeNotificationEmailPage', ['notifications'], []],
      ['PATCH /api/v1/notifications/{id}/read', 'markNotificationRead', ['notifications'], [{ bearer: [] }]],
      ['POST /api/v1/notifications/read-all', 'markAllNotificationsRead', ['notifications'], [{ bearer: [] }]],
      ['POST /api/v1/notifications/stream-token', 'createNotificationStreamToken', ['notifications'], [{ bearer: [] }]],
      ['POST /api/v1/notifications/unsubscribe', 'unsubscribeNotificationEmail', ['notifications'], []],
      ['PUT /api/v1/notifications/preferences', 'updateNotificationPreferences', ['notifications'], [{ bearer: [] }]],
    ].sort())
  })
})
