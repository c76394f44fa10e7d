// The reference load mix (CONTRACT.md, "Load mix") for k6, from the same scenario file as bench/mix.ts.
//
//   EDU_URL=http://127.0.0.1:3000 k6 run bench/k6/reference-mix.js
//   EDU_URL=... K6_VUS=50 K6_DURATION=60s EDU_SEED_PASSWORD=... k6 run bench/k6/reference-mix.js
//
// Needs a running engine on the reference seed (npm run seed). setup() signs in the seeded students and
// teachers, picks published courses, the students' enrollments and lessons, and gives every teacher one
// draft course (with a module and a lesson) to edit. Each iteration sends one request of the mix, chosen
// by the scenario's weights. Requests are tagged {group, request}; see the per-tag http_reqs in the summary.
// A 409 on "enroll" (already enrolled) is expected and not counted as a failure.
import http from 'k6/http'
import { check } from 'k6'

const scenario = JSON.parse(open('../scenarios/reference-mix.json'))
const BASE = (__ENV.EDU_URL || 'http://127.0.0.1:3000').replace(/\/$/, '')
// SEED_PASSWORD of bench/seed/users.ts.
const PASSWORD = __ENV.EDU_SEED_PASSWORD || 'seed-password-123'

export const options = {
  vus: Number(__ENV.K6_VUS || 50),
  duration: __ENV.K6_DURATION || '60s',
  setupTimeout: '180s',
}

function seededEmails(kind, count) {
  const emails = []
  for (let i = 1; emails.length < count; i++) if ((i % 10 === 0) === (kind === 'teacher')) emails.push(`${kind}${i}@seed.edu`)
  return emails
}

function jsonHeaders(token) {
  const headers = { 'content-type': 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  return headers
}

function signIn(emails) {
  const tokens = []
  for (let i = 0; i < emails.length; i += 8) {
    const batch = emails.slice(i, i + 8).map((email) => ['POST', `${BASE}/api/v1/auth/login`, JSON.stringify({ email, password: PASSWORD }), { headers: jsonHeaders() }])
    for (const res of http.batch(batch)) {
      if (res.status !== 200) throw new Error(`login: ${res.status} ${res.body}`)
      tokens.push(res.json('accessToken'))
    }
  }
  return tokens
}

function catalogue(query, count) {
  const items = []
  let cursor = null
  while (items.length < count) {
    const res = http.get(`${BASE}/api/v1/courses?${query}&limit=100${cursor ? `&cursor=${cursor}` : ''}`)
    if (res.status !== 200) throw new Error(`catalogue: ${res.status} ${res.body}`)
    const page = res.json()
    for (const c of page.items) items.push({ id: c.id, title: c.title, level: c.level, category: c.category ? c.category.slug : null })
    if (!page.nextCursor) break
    cursor = page.nextCursor
  }
  if (items.length === 0) throw new Error('The catalogue is empty: seed it first (npm run seed)')
  return items.slice(0, count)
}

// Same as typoOf in bench/courses.ts: a swapped pair in the longest word, a dropped letter in the next.
function typoOf(title) {
  const words = title.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').split(/\s+/).filter((w) => w.length > 3)
  const [a, b] = [...words].sort((x, y) => y.length - x.length)
  const swap = (w) => w.slice(0, 2) + w[3] + w[2] + w.slice(4)
  const drop = (w) => w.slice(0, -2) + w.slice(-1)
  return [a ? swap(a) : '', b ? drop(b) : ''].filter(Boolean).join(' ') || title
}

export function setup() {
  const students = signIn(seededEmails('student', scenario.actors.student.count))
  const teachers = signIn(seededEmails('teacher', scenario.actors.teacher.count))
  const courses = catalogue('sort=popular', 200)
  const freeCourses = catalogue('free=true&sort=popular', 100).map((c) => c.id)

  const lessonsOf = {}
  const curriculum = (courseId) => {
    if (!lessonsOf[courseId]) {
      const res = http.get(`${BASE}/api/v1/courses/${courseId}/curriculum`)
      lessonsOf[courseId] = res.status === 200 ? res.json().modules.flatMap((m) => m.lessons.map((l) => l.id)) : []
    }
    return lessonsOf[courseId]
  }
  const learners = []
  for (const token of students) {
    const res = http.get(`${BASE}/api/v1/enrollments/me?limit=100`, { headers: jsonHeaders(token) })
    if (res.status !== 200) continue
    const enrolled = res.json().items.filter((e) => e.status !== 'refunded')
      .map((e) => ({ courseId: e.courseId, lessonIds: curriculum(e.courseId) }))
      .filter((e) => e.lessonIds.length > 0)
    if (enrolled.length > 0) learners.push({ token, enrolled })
  }
  if (learners.length === 0) throw new Error('No enrolled seeded students found: run `npm run seed` first')

  const stamp = Date.now()
  const drafts = teachers.map((token, i) => {
    const post = (path, body) => {
      const res = http.post(BASE + path, JSON.stringify(body), { headers: jsonHeaders(token) })
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.body}`)
      return res.json('id')
    }
    const ownCourseId = post('/api/v1/courses', { title: `Load mix draft ${stamp}-${i}`, level: 'beginner' })
    const ownModuleId = post(`/api/v1/courses/${ownCourseId}/modules`, { title: `Load mix module ${stamp}-${i}` })
    const ownLessonId = post(`/api/v1/modules/${ownModuleId}/lessons`, { title: `Load mix lesson ${stamp}-${i}`, type: 'text', body: 'Draft lesson written by the load mix.' })
    return { token, ownCourseId, ownModuleId, ownLessonId }
  })
  return { learners, teachers: drafts, courses, freeCourses }
}

const pick = (list) => list[Math.floor(Math.random() * list.length)]
function weighted(list) {
  let r = Math.random() * list.reduce((n, x) => n + x.weight, 0)
  for (const x of list) if ((r -= x.weight) < 0) return x
  return list[list.length - 1]
}
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole))

export default function (data) {
  const group = weighted(scenario.groups)
  const template = weighted(group.requests)
  const course = pick(data.courses)
  const values = {
    courseId: course.id,
    sort: pick(scenario.values.sort),
    freeCourseId: pick(data.freeCourses),
    q: encodeURIComponent(typoOf(course.title)),
    level: course.level,
    category: course.category || course.level,
    seq: `${__VU}-${__ITER}-${Date.now()}`,
  }
  let token = null
  if (group.actor === 'student') {
    const learner = pick(data.learners)
    const enrollment = pick(learner.enrolled)
    values.enrolledCourseId = enrollment.courseId
    values.enrolledLessonId = pick(enrollment.lessonIds)
    token = learner.token
  } else if (group.actor === 'teacher') {
    const teacher = pick(data.teachers)
    Object.assign(values, { ownCourseId: teacher.ownCourseId, ownModuleId: teacher.ownModuleId, ownLessonId: teacher.ownLessonId })
    token = teacher.token
  }
  const body = template.body ? JSON.stringify(Object.fromEntries(Object.entries(template.body).map(([k, v]) => [k, fill(v, values)]))) : null
  const headers = body ? jsonHeaders(token) : token ? { authorization: `Bearer ${token}` } : {}
  const expected = (template.expect || []).filter((s) => s < 200 || s >= 300)
  const params = {
    headers,
    tags: { group: group.name, request: template.name },
    responseCallback: http.expectedStatuses({ min: 200, max: 299 }, ...expected),
  }
  const res = http.request(template.method, BASE + fill(template.path, values), body, params)
  check(res, { [`${group.name}: ${template.name} status expected`]: (r) => (r.status >= 200 && r.status < 300) || expected.includes(r.status) })
}
