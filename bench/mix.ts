import { readFile } from 'node:fs/promises'
import type autocannon from 'autocannon'
import { typoOf } from './courses.ts'
import { load, WARM_SECONDS, type LoadResult } from './lib/load.ts'
import { Timeline } from './lib/timeline.ts'
import { catalogue, json, lessonIdsLoader, seededEmails, signIn } from './lib/api.ts'
import { createRng } from './seed/catalog-data.ts'

/**
 * The reference load mix (CONTRACT.md, "Load mix") against a running engine on the reference seed.
 * The mix itself — group weights, request templates, actors — is bench/scenarios/reference-mix.json,
 * shared with the k6 script bench/k6/reference-mix.js. Here it becomes a pool of concrete requests
 * (seeded students and teachers signed in, ids picked through the public API), shuffled, and sent by
 * autocannon with every connection taking the next request of the shared pool.
 */
export interface MixOptions {
  url?: string
  /** Several engines on one database: connections are spread evenly over them (overrides `url`). */
  urls?: string[]
  durationSeconds?: number
  connections?: number
  /** Seeded students and teachers to sign in (defaults: the scenario's actor counts, 100 and 10). */
  students?: number
  teachers?: number
  /** Wraps the load phase alone (after sign-in and setup): where the report measures CPU and reads /metrics. */
  aroundLoad?: <T>(work: () => Promise<T>) => Promise<T>
  /**
   * Seconds of the same mix before the measured window, counted apart (default `WARM_SECONDS`, as the bare
   * rows beside it have): the engine's caches fill and its request path is compiled, as on an engine serving.
   */
  warmSeconds?: number
}

interface Template {
  name: string
  weight: number
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  path: string
  body?: Record<string, string>
  expect?: number[]
  note?: string
}
interface Group {
  name: string
  weight: number
  actor: 'student' | 'teacher' | 'anonymous'
  requests: Template[]
}
interface Scenario {
  name: string
  actors: Record<string, { count?: number }>
  values: { sort: string[] }
  groups: Group[]
}

/** Per request template: how many were sent, their statuses and client-side latency. */
export interface MixRow {
  group: string
  request: string
  count: number
  statuses: Record<string, number>
  /** Non-2xx statuses the scenario lists as expected (409 on re-enrolling). */
  expectedNon2xx: number
  unexpectedNon2xx: number
  p50Ms: number
  p99Ms: number
}

export interface MixResult {
  overall: LoadResult
  rows: MixRow[]
  students: number
  teachers: number
  poolSize: number
  /** Responses per second of the run with their p50/p99, for the latency-over-time chart. */
  timeline: Timeline
  /** The draft each seeded teacher edits during the run (for coherence checks afterwards). */
  drafts: Array<{ token: string; ownCourseId: string }>
  /** Free courses the students enroll in during the run. */
  freeCourseIds: string[]
  /** The unmeasured warm-up before the window: its length and what it did (cold caches, code compiling). */
  warmUp: { seconds: number; requestsPerSecond: number; p99Ms: number; unexpectedNon2xx: number } | undefined
}

export interface Concrete {
  key: string
  method: Template['method']
  path: string
  body?: string
  token?: string
}

const scenarioUrl = new URL('./scenarios/reference-mix.json', import.meta.url)
export const loadScenario = async (): Promise<Scenario> => JSON.parse(await readFile(scenarioUrl, 'utf8')) as Scenario

/** Deterministic shuffle, so two runs send the same mix in the same order. */
function shuffle<T>(items: T[], seed = 20261125): T[] {
  const random = createRng(seed)
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name === 'seq' ? whole : (values[name] ?? whole)))

/** Everything the templates' placeholders need, prepared through the public API. */
export async function prepare(url: string, scenario: Scenario, options: MixOptions) {
  const studentTokens = await signIn(url, seededEmails('student', options.students ?? scenario.actors.student?.count ?? 100))
  const teacherTokens = await signIn(url, seededEmails('teacher', options.teachers ?? scenario.actors.teacher?.count ?? 10))
  const courses = await catalogue(url, 'sort=popular', 200)
  const freeCourses = await catalogue(url, 'free=true&sort=popular', 100)
  const curriculum = lessonIdsLoader(url)
  const students = await Promise.all(studentTokens.map(async (token) => {
    const page = await json<{ items: Array<{ courseId: string; status: string }> }>(
      await fetch(`${url}/api/v1/enrollments/me?limit=100`, { headers: { authorization: `Bearer ${token}` } }))
    const enrolled = await Promise.all(page.items.filter((e) => e.status !== 'refunded')
      .map(async (e) => ({ courseId: e.courseId, lessonIds: await curriculum(e.courseId) })))
    return { token, enrolled: enrolled.filter((e) => e.lessonIds.length > 0) }
  }))
  const stamp = Date.now()
  const teachers = await Promise.all(teacherTokens.map(async (token, i) => {
    const post = async (path: string, body: unknown) => (await json<{ id: string }>(await fetch(url + path, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    }))).id
    const ownCourseId = await post('/api/v1/courses', { title: `Load mix draft ${stamp}-${i}`, level: 'beginner' })
    const ownModuleId = await post(`/api/v1/courses/${ownCourseId}/modules`, { title: `Load mix module ${stamp}-${i}` })
    const ownLessonId = await post(`/api/v1/modules/${ownModuleId}/lessons`, { title: `Load mix lesson ${stamp}-${i}`, type: 'text', body: 'Draft lesson written by the load mix.' })
    return { token, ownCourseId, ownModuleId, ownLessonId }
  }))
  return { students, teachers, courses, freeCourses }
}

/** The weighted, shuffled pool of concrete requests (about `size` of them). */
export function buildPool(scenario: Scenario, data: Awaited<ReturnType<typeof prepare>>, size: number): Concrete[] {
  const learners = data.students.filter((s) => s.enrolled.length > 0)
  if (learners.length === 0) throw new Error('No enrolled seeded students found: run `npm run seed` first')
  const totalWeight = scenario.groups.reduce((n, g) => n + g.weight, 0)
  const pool: Concrete[] = []
  const turn = new Map<string, number>()
  const next = (key: string) => {
    const n = turn.get(key) ?? 0
    turn.set(key, n + 1)
    return n
  }
  for (const group of scenario.groups) {
    const groupWeight = group.requests.reduce((n, r) => n + r.weight, 0)
    for (const template of group.requests) {
      const count = Math.max(1, Math.round((size * group.weight * template.weight) / (totalWeight * groupWeight)))
      for (let k = 0; k < count; k++) {
        const n = next(`${group.name}/${template.name}`)
        const course = data.courses[n % data.courses.length]!
        const values: Record<string, string> = {
          courseId: course.id,
          sort: scenario.values.sort[n % scenario.values.sort.length]!,
          freeCourseId: data.freeCourses[n % data.freeCourses.length]!.id,
          q: encodeURIComponent(typoOf(course.title)),
          level: course.level,
          category: course.category?.slug ?? course.level,
        }
        let token: string | undefined
        if (group.actor === 'student') {
          // Students in turn; each one's enrolled lessons in order, so completions are mostly new pairs.
          const learner = learners[n % learners.length]!
          const round = Math.floor(n / learners.length)
          const enrollment = learner.enrolled[round % learner.enrolled.length]!
          values.enrolledCourseId = enrollment.courseId
          values.enrolledLessonId = enrollment.lessonIds[Math.floor(round / learner.enrolled.length) % enrollment.lessonIds.length]!
          token = learner.token
        } else if (group.actor === 'teacher') {
          const teacher = data.teachers[n % data.teachers.length]!
          Object.assign(values, { ownCourseId: teacher.ownCourseId, ownModuleId: teacher.ownModuleId, ownLessonId: teacher.ownLessonId })
          token = teacher.token
        }
        const body = template.body
          ? JSON.stringify(Object.fromEntries(Object.entries(template.body).map(([k2, v]) => [k2, fill(v, values)])))
          : undefined
        pool.push({ key: `${group.name}\u0000${template.name}`, method: template.method, path: fill(template.path, values), body, token })
      }
    }
  }
  return shuffle(pool)
}

/** Per-connection autocannon context: which pool entry is in flight, since when (pipelining 1). */
interface Timing { key: string; started: number }

const quantile = (sorted: number[], q: number) =>
  sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 100) / 100 : 0

/** The reference mix at `connections` for `durationSeconds`: the overall figures and one row per request template. */
export async function measureReferenceMix(options: MixOptions = {}): Promise<MixResult> {
  const urls = options.urls ?? [options.url ?? process.env.EDU_URL ?? 'http://127.0.0.1:3000']
  const url = urls[0]!
  const scenario = await loadScenario()
  const data = await prepare(url, scenario, options)
  const pool = buildPool(scenario, data, 2000)

  const stats = new Map<string, { count: number; statuses: Record<string, number>; times: number[] }>()
  for (const c of pool) if (!stats.has(c.key)) stats.set(c.key, { count: 0, statuses: {}, times: [] })
  const expectedOf = new Map<string, number[]>(scenario.groups.flatMap((g) => g.requests.map((r): [string, number[]] => [`${g.name}\u0000${r.name}`, r.expect ?? []])))
  const timeline = new Timeline()
  // Responses of the warm-up, counted apart from the window's.
  let warming = false
  const warmTimes: number[] = []
  let warmUnexpected = 0
  const runId = Date.now().toString(36)
  let next = 0
  let seq = 0
  const request: autocannon.Request = {
    setupRequest: (req, ctx) => {
      const context = ctx as Timing
      const item = pool[next++ % pool.length]!
      const unique = `${runId}-${seq++}`
      const headers = { ...req.headers }
      if (item.token) headers.authorization = `Bearer ${item.token}`
      if (item.body) headers['content-type'] = 'application/json'
      context.key = item.key
      context.started = performance.now()
      return {
        ...req,
        method: item.method,
        path: item.path.replaceAll('{seq}', unique),
        headers,
        body: item.body?.replaceAll('{seq}', unique) ?? '',
      }
    },
    onResponse: (status, _body, ctx) => {
      const context = ctx as Timing
      if (warming) {
        warmTimes.push(performance.now() - context.started)
        if ((status < 200 || status >= 300) && !expectedOf.get(context.key)?.includes(status)) warmUnexpected += 1
        return
      }
      const s = stats.get(context.key)
      if (!s) return
      s.count += 1
      s.statuses[status] = (s.statuses[status] ?? 0) + 1
      const ms = performance.now() - context.started
      s.times.push(ms)
      timeline.add(ms)
    },
  }
  const connections = options.connections ?? 50
  const name = `reference mix (70/20/10, ${connections} connections${urls.length > 1 ? ` over ${urls.length} engines` : ''})`
  // One autocannon per engine, each with its share of the connections, all drawing on the one pool.
  const around = options.aroundLoad ?? ((work) => work())
  const loadAll = (durationSeconds: number) => Promise.all(urls.map((target, i) => load({
    name,
    url: target,
    connections: Math.floor(connections / urls.length) + (i < connections % urls.length ? 1 : 0),
    durationSeconds,
    requests: [request],
  })))
  const warmSeconds = options.warmSeconds ?? WARM_SECONDS
  let warmUp: MixResult['warmUp']
  if (warmSeconds > 0) {
    warming = true
    const warmRuns = await loadAll(warmSeconds)
    warming = false
    warmTimes.sort((a, b) => a - b)
    warmUp = { seconds: warmSeconds, requestsPerSecond: warmRuns.reduce((n, r) => n + r.requestsPerSecond, 0), p99Ms: quantile(warmTimes, 0.99), unexpectedNon2xx: warmUnexpected }
  }
  const runs = await around(() => loadAll(options.durationSeconds ?? 10))
  let overall = runs[0]!
  if (runs.length > 1) {
    const all = [...stats.values()].flatMap((s) => s.times).sort((a, b) => a - b)
    overall = {
      name,
      requestsPerSecond: runs.reduce((n, r) => n + r.requestsPerSecond, 0),
      p50Ms: quantile(all, 0.5),
      p99Ms: quantile(all, 0.99),
      errors: runs.reduce((n, r) => n + r.errors, 0),
      non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    }
  }

  const rows: MixRow[] = []
  for (const group of scenario.groups) {
    for (const template of group.requests) {
      const s = stats.get(`${group.name}\u0000${template.name}`)!
      const times = s.times.sort((a, b) => a - b)
      let expectedNon2xx = 0
      let unexpectedNon2xx = 0
      for (const [status, n] of Object.entries(s.statuses)) {
        const code = Number(status)
        if (code >= 200 && code < 300) continue
        if (template.expect?.includes(code)) expectedNon2xx += n
        else unexpectedNon2xx += n
      }
      rows.push({ group: group.name, request: template.name, count: s.count, statuses: s.statuses, expectedNon2xx, unexpectedNon2xx, p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99) })
    }
  }
  return {
    overall, rows, students: data.students.length, teachers: data.teachers.length, poolSize: pool.length, timeline,
    drafts: data.teachers.map((t) => ({ token: t.token, ownCourseId: t.ownCourseId })),
    freeCourseIds: data.freeCourses.map((c) => c.id),
    warmUp,
  }
}

/** Markdown: one row per request template, with each group's share of what was actually sent. */
export function mixTable(result: MixResult): string {
  const total = result.rows.reduce((n, r) => n + r.count, 0) || 1
  const groupShare = new Map<string, number>()
  for (const r of result.rows) groupShare.set(r.group, (groupShare.get(r.group) ?? 0) + r.count)
  const lines = result.rows.map((r) => {
    const statuses = Object.entries(r.statuses).sort(([a], [b]) => Number(a) - Number(b)).map(([s, n]) => `${s}×${n}`).join(' ')
    return `| ${r.group} (${Math.round(((groupShare.get(r.group) ?? 0) / total) * 100)}%) | ${r.request} | ${r.count} | ${statuses} | ${r.expectedNon2xx} | ${r.unexpectedNon2xx} | ${r.p50Ms} | ${r.p99Ms} |`
  })
  return ['| group (share sent) | request | sent | statuses | expected non-2xx | unexpected non-2xx | p50 ms | p99 ms |', '|---|---|---|---|---|---|---|---|', ...lines].join('\n')
}

if (import.meta.main) {
  const result = await measureReferenceMix({ durationSeconds: Number(process.env.BENCH_SECONDS ?? 10) })
  console.log(mixTable(result))
}
