import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@eduplatform/core/testing'
import { createWorld, tableChecksums, type World } from './world.ts'

/**
 * The authorization matrix: every route × every caller, against the "who" column of CONTRACT.md.
 *
 * Reads are sent as they are (they change nothing), so checks on the resource (owner, enrolled) are
 * exercised. Writes are sent with a body the schema refuses, or to an id that does not exist: a caller
 * the route lets in gets that 400 or 404, one it keeps out gets 401/403 first (authentication and role
 * checks run before validation), and nothing is stored. A route's expectations are one line.
 *
 * API keys, one per scope, act with admin rights within their scopes: `read` for GET, `write` for the
 * other methods, `admin` (alone) for routes only admins may call, `embed` only for embed sessions; routes
 * for user accounts (the caller's own session, profile, notifications, keys) refuse every key (403).
 */

const USERS = ['anonymous', 'student', 'otherStudent', 'unverifiedTeacher', 'teacher', 'otherTeacher', 'admin'] as const
const KEYS = ['readKey', 'writeKey', 'embedKey', 'adminKey'] as const
type Caller = (typeof USERS)[number] | (typeof KEYS)[number]
type Key = (typeof KEYS)[number]
const SCOPE: Record<Key, 'read' | 'write' | 'embed' | 'admin'> = { readKey: 'read', writeKey: 'write', embedKey: 'embed', adminKey: 'admin' }

/** How API keys fare on a route. */
type KeyRule =
  | 'public' // no credential needed: a key gets what anyone gets
  | 'scoped' // admins may call it: the key with the method's scope gets the admin's status, others 403
  | 'admin' // only admins may call it: the `admin` key gets the admin's status, others 403
  | 'none' // not for keys (user accounts only, or a role keys do not have): 403

interface Row {
  route: string
  request: (ids: World['ids']) => InjectOptions
  /** The status each caller gets; callers left out get `otherwise`. */
  expect: Partial<Record<Caller, number>>
  otherwise: number
  keys: KeyRule
  /** Tables the route may change for the callers it lets in (a mark as read, a mail queued). */
  changes?: RegExp
  /** Sent over a real connection and closed once the status is known (a stream that does not end). */
  live?: boolean
}

/** Who gets in: those named get `ok`; anonymous 401; every other signed-in caller `denied`. */
function only(ok: number, callers: Array<(typeof USERS)[number]>, denied = 403): Pick<Row, 'expect' | 'otherwise' | 'keys'> {
  const keys: KeyRule = callers.includes('admin') ? (callers.length === 1 ? 'admin' : 'scoped') : 'none'
  return { expect: { anonymous: 401, ...Object.fromEntries(callers.map((c) => [c, ok])) }, otherwise: denied, keys }
}
const anyone = (ok: number): Pick<Row, 'expect' | 'otherwise' | 'keys'> => ({ expect: {}, otherwise: ok, keys: 'public' })
/** Anyone gets `ok`, and a credential sees more (drafts, hidden reviews): a key needs the method's scope. */
const open = (ok: number): Pick<Row, 'expect' | 'otherwise' | 'keys'> => ({ expect: {}, otherwise: ok, keys: 'scoped' })
/** Every signed-in user account gets `ok`; anonymous 401; keys 403. */
const accounts = (ok: number): Pick<Row, 'expect' | 'otherwise' | 'keys'> => ({ expect: { anonymous: 401 }, otherwise: ok, keys: 'none' })
const SIGNED_IN = ['student', 'otherStudent', 'unverifiedTeacher', 'teacher', 'otherTeacher', 'admin'] as const
const TEACHERS = ['unverifiedTeacher', 'teacher', 'otherTeacher'] as const

// A body every write schema refuses: an unknown field (bodies are additionalProperties: false).
const BAD = { payload: { notAField: true } }
const UUID = '01900000-0000-7000-8000-000000000000'
const api = (path: string) => `/api/v1${path}`
const get = (url: string): InjectOptions => ({ method: 'GET', url })
const bad = (method: InjectOptions['method'], url: string): InjectOptions => ({ method, url, ...BAD })

const tables: Record<string, Row[]> = {
  operations: [
    { route: 'GET /health/live', request: () => get('/health/live'), ...anyone(200) },
    { route: 'GET /health/ready', request: () => get('/health/ready'), ...anyone(200) },
    { route: 'GET /metrics', request: () => get('/metrics'), ...anyone(200) },
  ],
  identity: [
    { route: 'POST /auth/register', request: () => bad('POST', api('/auth/register')), ...anyone(400) },
    { route: 'POST /auth/login', request: () => bad('POST', api('/auth/login')), ...anyone(400) },
    { route: 'POST /auth/refresh', request: () => bad('POST', api('/auth/refresh')), ...anyone(400) },
    { route: 'POST /auth/logout', request: () => bad('POST', api('/auth/logout')), ...accounts(400) },
    { route: 'GET /auth/me', request: () => get(api('/auth/me')), ...accounts(200) },
    { route: 'PATCH /auth/me', request: () => bad('PATCH', api('/auth/me')), ...accounts(400) },
    { route: 'POST /auth/email/verify-request', request: () => ({ method: 'POST', url: api('/auth/email/verify-request') }), ...accounts(202), changes: /edu_user_tokens|edu_outbox/ },
    { route: 'POST /auth/email/verify', request: () => bad('POST', api('/auth/email/verify')), ...anyone(400) },
    { route: 'POST /auth/password/forgot', request: () => bad('POST', api('/auth/password/forgot')), ...anyone(400) },
    { route: 'POST /auth/password/reset', request: () => bad('POST', api('/auth/password/reset')), ...anyone(400) },
    { route: 'GET /admin/teachers/pending', request: () => get(api('/admin/teachers/pending')), ...only(200, ['admin']) },
    { route: 'PATCH /admin/users/:id/verify', request: () => bad('PATCH', api(`/admin/users/${UUID}/verify`)), ...only(404, ['admin']) },
    // Keys never manage keys.
    { route: 'POST /admin/api-keys', request: () => bad('POST', api('/admin/api-keys')), ...only(400, ['admin']), keys: 'none' },
    { route: 'GET /admin/api-keys', request: () => get(api('/admin/api-keys')), ...only(200, ['admin']), keys: 'none' },
    { route: 'DELETE /admin/api-keys/:id', request: () => ({ method: 'DELETE', url: api(`/admin/api-keys/${UUID}`) }), ...only(404, ['admin']), keys: 'none' },
    // Only a school's backend, with the `embed` scope, makes embed sessions.
    { route: 'POST /embed/sessions', request: () => bad('POST', api('/embed/sessions')), expect: { anonymous: 401, embedKey: 400 }, otherwise: 403, keys: 'none' },
  ],
  courses: [
    { route: 'GET /courses', request: () => get(api('/courses')), ...anyone(200) },
    { route: 'GET /courses/:id', request: (ids) => get(api(`/courses/${ids.courseId}`)), ...open(200) },
    { route: 'GET /courses/by-slug/:slug', request: (ids) => get(api(`/courses/by-slug/${ids.courseSlug}`)), ...open(200) },
    { route: 'GET /courses/:id/curriculum', request: (ids) => get(api(`/courses/${ids.courseId}/curriculum`)), ...open(200) },
    { route: 'GET /categories', request: () => get(api('/categories')), ...anyone(200) },
    { route: 'POST /categories', request: () => bad('POST', api('/categories')), ...only(400, ['admin']) },
    { route: 'PATCH /categories/:slug', request: (ids) => bad('PATCH', api(`/categories/${ids.categorySlug}`)), ...only(400, ['admin']) },
    { route: 'POST /courses', request: () => bad('POST', api('/courses')), ...only(400, ['teacher', 'otherTeacher', 'admin']) },
    { route: 'GET /courses/mine', request: () => get(api('/courses/mine')), ...only(200, ['teacher', 'otherTeacher', 'admin']) },
    // Owner and admin: the owner is checked on the stored course, after the request is read.
    { route: 'PATCH /courses/:id', request: (ids) => bad('PATCH', api(`/courses/${ids.courseId}`)), ...only(400, [...SIGNED_IN]) },
    { route: 'DELETE /courses/:id', request: () => ({ method: 'DELETE', url: api(`/courses/${UUID}`) }), ...only(404, [...SIGNED_IN]) },
    { route: 'PUT /courses/:id/modules/order', request: (ids) => bad('PUT', api(`/courses/${ids.courseId}/modules/order`)), ...only(400, [...SIGNED_IN]) },
    { route: 'POST /courses/:id/modules', request: (ids) => bad('POST', api(`/courses/${ids.courseId}/modules`)), ...only(400, [...SIGNED_IN]) },
    { route: 'PATCH /modules/:id', request: (ids) => bad('PATCH', api(`/modules/${ids.moduleId}`)), ...only(400, [...SIGNED_IN]) },
    { route: 'DELETE /modules/:id', request: () => ({ method: 'DELETE', url: api(`/modules/${UUID}`) }), ...only(404, [...SIGNED_IN]) },
    { route: 'PUT /modules/:id/lessons/order', request: (ids) => bad('PUT', api(`/modules/${ids.moduleId}/lessons/order`)), ...only(400, [...SIGNED_IN]) },
    { route: 'POST /modules/:id/lessons', request: (ids) => bad('POST', api(`/modules/${ids.moduleId}/lessons`)), ...only(400, [...SIGNED_IN]) },
    // Lessons: the enrolled student, the owner and admins read a lesson; a preview is open to anyone.
    { route: 'GET /lessons/:id', request: (ids) => get(api(`/lessons/${ids.lessonId}`)), ...only(200, ['student', 'teacher', 'admin']) },
    { route: 'GET /lessons/:id (preview)', request: (ids) => get(api(`/lessons/${ids.previewLessonId}`)), ...open(200) },
    { route: 'PATCH /lessons/:id', request: (ids) => bad('PATCH', api(`/lessons/${ids.lessonId}`)), ...only(400, [...SIGNED_IN]) },
    { route: 'DELETE /lessons/:id', request: () => ({ method: 'DELETE', url: api(`/lessons/${UUID}`) }), ...only(404, [...SIGNED_IN]) },
  ],
  enrollment: [
    { route: 'POST /enrollments', request: () => bad('POST', api('/enrollments')), ...only(400, ['student', 'otherStudent']) },
    { route: 'GET /enrollments/me', request: () => get(api('/enrollments/me')), ...only(200, ['student', 'otherStudent']) },
    { route: 'GET /courses/:id/enrollments/count', request: (ids) => get(api(`/courses/${ids.courseId}/enrollments/count`)), ...anyone(200) },
    { route: 'GET /courses/:id/students', request: (ids) => get(api(`/courses/${ids.courseId}/students`)), ...only(200, ['teacher', 'admin']) },
    { route: 'POST /progress/lessons/:id/complete', request: () => ({ method: 'POST', url: api(`/progress/lessons/${UUID}/complete`) }), ...only(404, ['student', 'otherStudent']) },
    { route: 'GET /progress/courses/:id', request: (ids) => get(api(`/progress/courses/${ids.courseId}`)), ...only(200, ['student']) },
  ],
  payments: [
    { route: 'POST /payments', request: () => ({ ...bad('POST', api('/payments')), headers: { 'idempotency-key': 'matrix-key-0001' } }), ...only(400, ['student', 'otherStudent']) },
    { route: 'GET /payments/me', request: () => get(api('/payments/me')), ...only(200, [...SIGNED_IN]) },
    { route: 'GET /payments/:id', request: () => get(api(`/payments/${UUID}`)), ...only(404, [...SIGNED_IN]) },
    { route: 'POST /payments/:id/refund', request: () => ({ method: 'POST', url: api(`/payments/${UUID}/refund`) }), ...only(404, ['admin']) },
    { route: 'POST /payments/webhooks/:provider', request: () => bad('POST', api('/payments/webhooks/mock')), ...anyone(400) },
  ],
  reviews: [
    { route: 'GET /courses/:id/reviews', request: (ids) => get(api(`/courses/${ids.courseId}/reviews`)), ...open(200) },
    { route: 'GET /courses/:id/reviews/summary', request: (ids) => get(api(`/courses/${ids.courseId}/reviews/summary`)), ...open(200) },
    { route: 'POST /courses/:id/reviews', request: (ids) => bad('POST', api(`/courses/${ids.courseId}/reviews`)), ...only(400, ['student', 'otherStudent']) },
    { route: 'PATCH /reviews/:id', request: (ids) => bad('PATCH', api(`/reviews/${ids.reviewId}`)), ...only(400, [...SIGNED_IN]) },
    { route: 'DELETE /reviews/:id', request: () => ({ method: 'DELETE', url: api(`/reviews/${UUID}`) }), ...only(404, [...SIGNED_IN]) },
    { route: 'PUT /reviews/:id/reply', request: (ids) => bad('PUT', api(`/reviews/${ids.reviewId}/reply`)), ...only(400, [...TEACHERS]) },
    { route: 'DELETE /reviews/:id/reply', request: () => ({ method: 'DELETE', url: api(`/reviews/${UUID}/reply`) }), ...only(404, [...TEACHERS]) },
    { route: 'PATCH /reviews/:id/moderation', request: (ids) => bad('PATCH', api(`/reviews/${ids.reviewId}/moderation`)), ...only(400, ['admin']) },
  ],
  quizzes: [
    { route: 'GET /lessons/:id/quiz', request: (ids) => get(api(`/lessons/${ids.quizLessonId}/quiz`)), ...only(200, ['student', 'teacher', 'admin']) },
    { route: 'PUT /lessons/:id/quiz', request: (ids) => bad('PUT', api(`/lessons/${ids.quizLessonId}/quiz`)), ...only(400, [...TEACHERS, 'admin']) },
    { route: 'POST /lessons/:id/quiz/attempts', request: (ids) => bad('POST', api(`/lessons/${ids.quizLessonId}/quiz/attempts`)), ...only(400, ['student', 'otherStudent']) },
    { route: 'GET /lessons/:id/quiz/attempts/me', request: (ids) => get(api(`/lessons/${ids.quizLessonId}/quiz/attempts/me`)), ...only(200, ['student']) },
  ],
  'ai-tutor': [
    { route: 'POST /ai/lessons/:id/summary', request: (ids) => ({ method: 'POST', url: api(`/ai/lessons/${ids.lessonId}/summary`) }), ...only(200, ['student', 'teacher', 'admin']), changes: /ai_/ },
    // The lesson is checked before the body: only its owner and admins reach validation.
    { route: 'POST /ai/lessons/:id/quiz', request: (ids) => bad('POST', api(`/ai/lessons/${ids.lessonId}/quiz`)), ...only(400, ['teacher', 'admin']) },
    { route: 'POST /ai/lessons/:id/ask', request: (ids) => bad('POST', api(`/ai/lessons/${ids.lessonId}/ask`)), ...only(400, ['student', 'teacher', 'admin']) },
    { route: 'GET /ai/review-queue', request: () => get(api('/ai/review-queue')), ...only(200, ['student', 'otherStudent']) },
    { route: 'POST /ai/review-queue/:itemId', request: () => bad('POST', api(`/ai/review-queue/${UUID}`)), ...only(400, ['student', 'otherStudent']) },
  ],
  notifications: [
    { route: 'GET /notifications/me', request: () => get(api('/notifications/me')), ...accounts(200) },
    { route: 'GET /notifications/me/unread-count', request: () => get(api('/notifications/me/unread-count')), ...accounts(200) },
    // Someone else's notification is not found.
    { route: 'PATCH /notifications/:id/read', request: (ids) => ({ method: 'PATCH', url: api(`/notifications/${ids.notificationId}/read`) }), ...accounts(404), expect: { anonymous: 401, student: 200 }, changes: /notifications/ },
    { route: 'POST /notifications/read-all', request: () => ({ method: 'POST', url: api('/notifications/read-all') }), ...accounts(200), changes: /notifications/ },
    { route: 'POST /notifications/stream-token', request: () => ({ method: 'POST', url: api('/notifications/stream-token') }), ...accounts(201) },
    { route: 'GET /notifications/stream', request: () => get(api('/notifications/stream')), ...accounts(200), live: true },
    { route: 'GET /notifications/stream?token=', request: () => get(api('/notifications/stream?token=not-a-token')), ...accounts(200), expect: { anonymous: 401 }, live: true },
    { route: 'GET /notifications/preferences', request: () => get(api('/notifications/preferences')), ...accounts(200) },
    { route: 'PUT /notifications/preferences', request: () => bad('PUT', api('/notifications/preferences')), ...accounts(400) },
    { route: 'GET /notifications/unsubscribe', request: () => get(api('/notifications/unsubscribe?token=not-a-token')), ...anyone(400) },
    { route: 'POST /notifications/unsubscribe', request: () => ({ method: 'POST', url: api('/notifications/unsubscribe?token=not-a-token') }), ...anyone(400) },
  ],
}

let world: World
let base: string
const keys: Partial<Record<Key, string>> = {}
beforeAll(async () => {
  world = await createWorld()
  base = await world.t.app.listen({ port: 0, host: '127.0.0.1' })
  for (const caller of KEYS) {
    const res = await world.actors.admin.inject({ method: 'POST', url: api('/admin/api-keys'), payload: { name: caller, scopes: [SCOPE[caller]] } })
    if (res.statusCode !== 201) throw new Error(`api key: ${res.statusCode} ${res.body}`)
    keys[caller] = res.json().secret
  }
}, 120_000)
afterAll(async () => world?.t.close())

async function send(caller: Caller, request: InjectOptions, live = false): Promise<number> {
  const actor = (world.actors as Record<string, Actor | undefined>)[caller]
  const key = keys[caller as Key]
  if (live) {
    const authorization = actor?.headers.authorization ?? (key ? `Bearer ${key}` : undefined)
    const abort = new AbortController()
    const res = await fetch(`${base}${String(request.url)}`, { method: String(request.method), headers: authorization ? { authorization } : {}, signal: abort.signal })
    abort.abort()
    return res.status
  }
  if (actor) return (await actor.inject(request)).statusCode
  const headers = { ...(request.headers ?? {}), ...(key ? { authorization: `Bearer ${key}` } : {}) }
  return (await world.t.inject({ ...request, headers })).statusCode
}

/** What a key gets on `row`, by the rule in the header. */
function forKey(row: Row, key: Key, method: string): number {
  const admin = row.expect.admin ?? row.otherwise
  const scope = SCOPE[key]
  if (row.expect[key] !== undefined) return row.expect[key]!
  switch (row.keys) {
    case 'public': return row.expect.anonymous ?? row.otherwise
    case 'admin': return scope === 'admin' ? admin : 403
    case 'scoped': return scope === (['GET', 'HEAD'].includes(method) ? 'read' : 'write') ? admin : 403
    case 'none': return 403
  }
}

describe.each(Object.entries(tables))('authorization matrix: %s', (_plugin, rows) => {
  it.each(rows.map((row) => [row.route, row] as const))('%s', async (_route, row) => {
    const before = await tableChecksums(world.t)
    const got: Partial<Record<Caller, number>> = {}
    const want: Partial<Record<Caller, number>> = {}
    for (const caller of [...USERS, ...KEYS]) {
      const request = row.request(world.ids)
      got[caller] = await send(caller, request, row.live)
      want[caller] = (KEYS as readonly string[]).includes(caller) ? forKey(row, caller as Key, String(request.method)) : (row.expect[caller] ?? row.otherwise)
    }
    expect(got).toEqual(want)
    const after = await tableChecksums(world.t)
    const changed = Object.keys(after).filter((t) => after[t] !== before[t] && !/api_keys/.test(t) && !(row.changes?.test(t)))
    expect(changed).toEqual([])
  })
})
