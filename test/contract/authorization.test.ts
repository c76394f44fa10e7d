import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@eduplatform/core/testing'
import { createWorld, tableChecksums, type World } from './world.ts'

/**
 * The authorization matrix: routes × callers, against the "who" column of CONTRACT.md.
 *
 * Reads are sent as they are (they change nothing), so checks on the resource (owner, enrolled) are
 * exercised. Writes are sent with a body the schema refuses: a caller the route lets in gets that
 * 400, one it keeps out gets 401/403 first (authentication and role checks run before validation),
 * and nothing is ever stored. Add a table per plugin; a route's expectations are one line.
 */

type Caller = 'anonymous' | 'student' | 'otherStudent' | 'unverifiedTeacher' | 'teacher' | 'otherTeacher' | 'admin' | 'readKey' | 'writeKey'
const CALLERS: Caller[] = ['anonymous', 'student', 'otherStudent', 'unverifiedTeacher', 'teacher', 'otherTeacher', 'admin', 'readKey', 'writeKey']

interface Row {
  route: string
  request: (ids: World['ids']) => InjectOptions
  /** The status each caller gets; callers left out get `otherwise`. */
  expect: Partial<Record<Caller, number>>
  otherwise: number
  /** false: API keys left out of this row (their rights on it are being settled in the identity work). */
  keys?: boolean
}

/** Who gets in: those named get `ok`; anonymous 401; every other signed-in caller `denied`. */
const only = (ok: number, callers: Caller[], denied = 403, anonymous = 401): Pick<Row, 'expect' | 'otherwise'> => ({
  expect: { anonymous, ...Object.fromEntries(callers.map((c) => [c, ok])) },
  otherwise: denied,
})
const anyone = (ok: number): Pick<Row, 'expect' | 'otherwise'> => ({ expect: {}, otherwise: ok })

// A body every write schema refuses: an unknown field (bodies are additionalProperties: false).
const BAD = { payload: { notAField: true } }
const BAD_ARRAY = { payload: { notAField: true } }
const UUID = '01900000-0000-7000-8000-000000000000'
const api = (path: string) => `/api/v1${path}`

const tables: Record<string, Row[]> = {
  identity: [
    { route: 'GET /auth/me', request: () => ({ method: 'GET', url: api('/auth/me') }), ...only(200, ['student', 'otherStudent', 'unverifiedTeacher', 'teacher', 'otherTeacher', 'admin'], 200) },
    { route: 'PATCH /auth/me', request: () => ({ method: 'PATCH', url: api('/auth/me'), ...BAD }), expect: { anonymous: 401 }, otherwise: 400 },
    { route: 'POST /auth/logout', request: () => ({ method: 'POST', url: api('/auth/logout'), ...BAD }), expect: { anonymous: 401 }, otherwise: 400 },
    { route: 'POST /auth/register', request: () => ({ method: 'POST', url: api('/auth/register'), ...BAD }), ...anyone(400) },
    { route: 'POST /auth/login', request: () => ({ method: 'POST', url: api('/auth/login'), ...BAD }), ...anyone(400) },
    { route: 'GET /admin/teachers/pending', request: () => ({ method: 'GET', url: api('/admin/teachers/pending') }), ...only(200, ['admin']) },
    { route: 'PATCH /admin/users/:id/verify', request: () => ({ method: 'PATCH', url: api(`/admin/users/${UUID}/verify`), ...BAD }), ...only(404, ['admin']) },
  ],
  courses: [
    { route: 'GET /courses', request: () => ({ method: 'GET', url: api('/courses') }), ...anyone(200) },
    { route: 'GET /courses/:id', request: (ids) => ({ method: 'GET', url: api(`/courses/${ids.courseId}`) }), ...anyone(200) },
    { route: 'GET /courses/:id/curriculum', request: (ids) => ({ method: 'GET', url: api(`/courses/${ids.courseId}/curriculum`) }), ...anyone(200) },
    { route: 'GET /categories', request: () => ({ method: 'GET', url: api('/categories') }), ...anyone(200) },
    {
      route: 'POST /courses', request: () => ({ method: 'POST', url: api('/courses'), ...BAD }),
      // A key acts with admin rights within its scopes: a read-only key may not write.
      ...only(400, ['teacher', 'otherTeacher', 'admin', 'writeKey']),
    },
    { route: 'GET /courses/mine', request: () => ({ method: 'GET', url: api('/courses/mine') }), ...only(200, ['teacher', 'otherTeacher', 'admin']), keys: false },
    { route: 'PATCH /courses/:id', request: (ids) => ({ method: 'PATCH', url: api(`/courses/${ids.courseId}`), ...BAD }), ...only(400, ['student', 'otherStudent', 'unverifiedTeacher', 'teacher', 'otherTeacher', 'admin', 'writeKey']) },
    // Routes only admins may call need a key's explicit `admin` scope: read and write keys are refused.
    { route: 'POST /categories', request: () => ({ method: 'POST', url: api('/categories'), ...BAD }), ...only(400, ['admin']) },
    // Lessons: the enrolled student, the owner and admins read a lesson; a preview is open to anyone.
    {
      route: 'GET /lessons/:id', request: (ids) => ({ method: 'GET', url: api(`/lessons/${ids.lessonId}`) }),
      ...only(200, ['student', 'teacher', 'admin', 'readKey', 'writeKey']),
    },
    { route: 'GET /lessons/:id (preview)', request: (ids) => ({ method: 'GET', url: api(`/lessons/${ids.previewLessonId}`) }), ...anyone(200) },
    { route: 'PATCH /lessons/:id', request: (ids) => ({ method: 'PATCH', url: api(`/lessons/${ids.lessonId}`), ...BAD }), ...only(400, ['student', 'otherStudent', 'unverifiedTeacher', 'teacher', 'otherTeacher', 'admin', 'writeKey']) },
  ],
  enrollment: [
    { route: 'POST /enrollments', request: () => ({ method: 'POST', url: api('/enrollments'), ...BAD }), ...only(400, ['student', 'otherStudent']) },
    { route: 'GET /enrollments/me', request: () => ({ method: 'GET', url: api('/enrollments/me') }), ...only(200, ['student', 'otherStudent']) },
    { route: 'GET /courses/:id/enrollments/count', request: (ids) => ({ method: 'GET', url: api(`/courses/${ids.courseId}/enrollments/count`) }), ...anyone(200) },
    {
      route: 'GET /courses/:id/students', request: (ids) => ({ method: 'GET', url: api(`/courses/${ids.courseId}/students`) }),
      ...only(200, ['teacher', 'admin', 'readKey']),
    },
    { route: 'GET /progress/courses/:id', request: (ids) => ({ method: 'GET', url: api(`/progress/courses/${ids.courseId}`) }), ...only(200, ['student']) },
  ],
  payments: [
    { route: 'POST /payments', request: () => ({ method: 'POST', url: api('/payments'), headers: { 'idempotency-key': 'matrix-key-0001' }, ...BAD_ARRAY }), ...only(400, ['student', 'otherStudent']) },
    { route: 'GET /payments/me', request: () => ({ method: 'GET', url: api('/payments/me') }), ...only(200, ['student', 'otherStudent', 'unverifiedTeacher', 'teacher', 'otherTeacher', 'admin']) },
  ],
}

/** Tables whose rows also run with API keys (read-only and read-write). */
const KEYS_BY_TABLE: Record<string, boolean> = { courses: true }

let world: World
const keys: Partial<Record<Caller, string>> = {}
beforeAll(async () => {
  world = await createWorld()
  for (const [caller, scopes] of [['readKey', ['read']], ['writeKey', ['read', 'write']]] as const) {
    const res = await world.actors.admin.inject({ method: 'POST', url: api('/admin/api-keys'), payload: { name: caller, scopes } })
    if (res.statusCode !== 201) throw new Error(`api key: ${res.statusCode} ${res.body}`)
    keys[caller] = res.json().secret
  }
}, 120_000)
afterAll(async () => world?.t.close())

function send(caller: Caller, request: InjectOptions) {
  const actor = (world.actors as Record<string, Actor | undefined>)[caller]
  if (actor) return actor.inject(request)
  const key = keys[caller]
  const headers = { ...(request.headers ?? {}), ...(key ? { authorization: `Bearer ${key}` } : {}) }
  return world.t.inject({ ...request, headers })
}

describe.each(Object.entries(tables))('authorization matrix: %s', (_plugin, rows) => {
  it.each(rows.map((row) => [row.route, row] as const))('%s', async (_route, row) => {
    const before = await tableChecksums(world.t)
    const got: Partial<Record<Caller, number>> = {}
    const want: Partial<Record<Caller, number>> = {}
    const keysToo = row.keys ?? KEYS_BY_TABLE[_plugin] ?? false
    for (const caller of CALLERS.filter((c) => keysToo || !c.endsWith('Key'))) {
      const res = await send(caller, row.request(world.ids))
      got[caller] = res.statusCode
      want[caller] = row.expect[caller] ?? row.otherwise
    }
    expect(got).toEqual(want)
    const after = await tableChecksums(world.t)
    const changed = Object.keys(after).filter((t) => after[t] !== before[t] && !/api_keys/.test(t))
    expect(changed).toEqual([])
  })
})
