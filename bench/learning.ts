import type autocannon from 'autocannon'
import { load, table, type LoadResult } from './lib/load.ts'
import { engineUrl, json, lessonIdsLoader, seededEmails, signIn } from './lib/api.ts'

/**
 * Learning-loop load against a running engine on the reference seed (`EDU_URL`, default
 * http://127.0.0.1:3000): completing lessons, reading progress, listing my enrollments.
 * Students are the seeded ones (`student<i>@seed.edu`), signed in once; or pass tokens.
 */
export interface LearningOptions {
  url?: string
  /** Access tokens of students to use; by default `students` seeded students are signed in. */
  tokens?: string[]
  students?: number
  connections?: number
  durationSeconds?: number
}

interface Learner {
  token: string
  courses: Array<{ courseId: string; lessonIds: string[] }>
}

/** Each student's active enrollments and their lesson ids, through the public API. */
export async function prepareLearners(options: LearningOptions = {}): Promise<Learner[]> {
  const url = engineUrl(options.url)
  const tokens = options.tokens ?? (await signIn(url, seededEmails('student', options.students ?? 200)))
  const curriculum = lessonIdsLoader(url)
  return Promise.all(tokens.map(async (token) => {
    const page = await json<{ items: Array<{ courseId: string; status: string }> }>(
      await fetch(`${url}/api/v1/enrollments/me?limit=100`, { headers: { authorization: `Bearer ${token}` } }),
    )
    const active = page.items.filter((e) => e.status !== 'refunded')
    return { token, courses: await Promise.all(active.map(async (e) => ({ courseId: e.courseId, lessonIds: await curriculum(e.courseId) }))) }
  }))
}

/** Requests taken in turn from one shared list, so concurrent connections send different ones. */
function rotating(items: Array<{ path: string; token: string }>, method: 'GET' | 'POST'): autocannon.Request[] {
  if (items.length === 0) throw new Error('No enrolled seeded students found: run `npm run seed` first')
  let next = 0
  return [{
    method,
    setupRequest: (req) => {
      const item = items[next++ % items.length]!
      return { ...req, method, path: item.path, headers: { ...req.headers, authorization: `Bearer ${item.token}` } }
    },
  }]
}

/** `POST /progress/lessons/:id/complete`, every request a (student, lesson) pair, new ones first. */
export async function measureCompleteLessons(options: LearningOptions = {}, learners?: Learner[]): Promise<LoadResult> {
  const all = learners ?? (await prepareLearners(options))
  // Interleave students so concurrent requests hit different enrollments, like many students at once.
  const pairs: Array<{ path: string; token: string }> = []
  const perStudent = all.map((l) => l.courses.flatMap((c) => c.lessonIds.map((id) => ({ path: `/api/v1/progress/lessons/${id}/complete`, token: l.token }))))
  for (let round = 0; pairs.length < perStudent.reduce((n, p) => n + p.length, 0); round++) {
    for (const list of perStudent) if (list[round]) pairs.push(list[round]!)
  }
  return load({
    name: 'POST /progress/lessons/:id/complete (many students)',
    url: engineUrl(options.url),
    connections: options.connections ?? 50,
    durationSeconds: options.durationSeconds ?? 10,
    requests: rotating(pairs, 'POST'),
  })
}

/** `GET /progress/courses/:id` over the students' enrollments. */
export async function measureCourseProgress(options: LearningOptions = {}, learners?: Learner[]): Promise<LoadResult> {
  const all = learners ?? (await prepareLearners(options))
  const items = all.flatMap((l) => l.courses.map((c) => ({ path: `/api/v1/progress/courses/${c.courseId}`, token: l.token })))
  return load({
    name: 'GET /progress/courses/:id',
    url: engineUrl(options.url),
    connections: options.connections ?? 50,
    durationSeconds: options.durationSeconds ?? 10,
    requests: rotating(items, 'GET'),
  })
}

/** `GET /enrollments/me` (first page, course summaries and percent) for the students in turn. */
export async function measureMyEnrollments(options: LearningOptions = {}, learners?: Learner[]): Promise<LoadResult> {
  const all = learners ?? (await prepareLearners(options))
  return load({
    name: 'GET /enrollments/me',
    url: engineUrl(options.url),
    connections: options.connections ?? 50,
    durationSeconds: options.durationSeconds ?? 10,
    requests: rotating(all.map((l) => ({ path: '/api/v1/enrollments/me', token: l.token })), 'GET'),
  })
}

/** The three figures of issue 4, as a markdown table (for bench/run.ts). */
export async function measureLearning(options: LearningOptions = {}): Promise<string> {
  const learners = await prepareLearners(options)
  const results = [
    await measureCompleteLessons(options, learners),
    await measureCourseProgress(options, learners),
    await measureMyEnrollments(options, learners),
  ]
  const enrollments = learners.reduce((n, l) => n + l.courses.length, 0)
  return `${table(results)}\n\n${learners.length} seeded students, ${enrollments} active enrollments; target for completions: ≥ 2,000 req/s, p99 < 30 ms.`
}

if (import.meta.main) console.log(await measureLearning({ durationSeconds: Number(process.env.BENCH_SECONDS ?? 10) }))
