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
  /** Index of the first seeded student; by default a slice that changes every second, so a re-run finds lessons not yet completed. */
  firstStudent?: number
  connections?: number
  durationSeconds?: number
}

interface Learner {
  token: string
  /** Active enrollments, each with the lessons its student has not completed. */
  courses: Array<{ courseId: string; remaining: string[] }>
}

/** Seeded students per run: enough lessons left to complete that a run at 5,000 req/s for 10 s repeats none. */
const STUDENTS = 600

/** Each student's active enrollments and the lessons not yet completed in them, through the public API. */
export async function prepareLearners(options: LearningOptions = {}): Promise<Learner[]> {
  const url = engineUrl(options.url)
  const count = options.students ?? STUDENTS
  // 45,000 seeded students over indexes 1..50,000: 60 slices of 700 indexes (≥ 600 students each).
  const first = options.firstStudent ?? 1 + (Math.floor(Date.now() / 1000) % 60) * 700
  const tokens = options.tokens ?? (await signIn(url, seededEmails('student', count, first)))
  const curriculum = lessonIdsLoader(url)
  return Promise.all(tokens.map(async (token) => {
    const headers = { authorization: `Bearer ${token}` }
    const page = await json<{ items: Array<{ courseId: string; status: string }> }>(await fetch(`${url}/api/v1/enrollments/me?limit=100`, { headers }))
    const active = page.items.filter((e) => e.status === 'active')
    return {
      token,
      courses: await Promise.all(active.map(async (e) => {
        const [lessonIds, progress] = await Promise.all([
          curriculum(e.courseId),
          fetch(`${url}/api/v1/progress/courses/${e.courseId}`, { headers }).then((r) => json<{ completedLessonIds: string[] }>(r)),
        ])
        const done = new Set(progress.completedLessonIds)
        return { courseId: e.courseId, remaining: lessonIds.filter((id) => !done.has(id)) }
      })),
    }
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

/** The (student, lesson) pairs not yet completed, interleaved so concurrent requests hit different enrollments. */
function completionPairs(learners: Learner[]): Array<{ path: string; token: string }> {
  const pairs: Array<{ path: string; token: string }> = []
  const perStudent = learners.map((l) => l.courses.flatMap((c) => c.remaining.map((id) => ({ path: `/api/v1/progress/lessons/${id}/complete`, token: l.token }))))
  for (let round = 0; pairs.length < perStudent.reduce((n, p) => n + p.length, 0); round++) {
    for (const list of perStudent) if (list[round]) pairs.push(list[round]!)
  }
  return pairs
}

/**
 * `POST /progress/lessons/:id/complete` by many students at once, each request a lesson its student
 * has not completed yet (a new row, a count update; the last lesson of a course completes it). Only
 * when the run sends more requests than there are such pairs does it wrap round to repeats.
 */
export async function measureCompleteLessons(options: LearningOptions = {}, learners?: Learner[]): Promise<LoadResult & { newShare: number }> {
  const pairs = completionPairs(learners ?? (await prepareLearners(options)))
  const result = await load({
    name: 'POST /progress/lessons/:id/complete (many students)',
    url: engineUrl(options.url),
    connections: options.connections ?? 50,
    durationSeconds: options.durationSeconds ?? 10,
    requests: rotating(pairs, 'POST'),
  })
  const sent = result.requestsPerSecond * (options.durationSeconds ?? 10)
  return { ...result, newShare: Math.min(1, pairs.length / Math.max(1, sent)) }
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

/** The three learning figures and a line saying what they were measured on. */
export async function measureLearning(options: LearningOptions = {}): Promise<{ results: LoadResult[]; note: string }> {
  const learners = await prepareLearners(options)
  const completions = await measureCompleteLessons(options, learners)
  const results = [completions, await measureCourseProgress(options, learners), await measureMyEnrollments(options, learners)]
  const enrollments = learners.reduce((n, l) => n + l.courses.length, 0)
  const remaining = learners.reduce((n, l) => n + l.courses.reduce((m, c) => m + c.remaining.length, 0), 0)
  const note = `${learners.length} seeded students, ${enrollments} active enrollments, ${remaining} lessons not yet completed; ${Math.round(completions.newShare * 100)}% of the completion requests recorded a new lesson (the rest wrapped round to repeats).`
  return { results, note }
}

if (import.meta.main) {
  const { results, note } = await measureLearning({ durationSeconds: Number(process.env.BENCH_SECONDS ?? 10) })
  console.log(`${table(results)}\n\n${note} Target for completions: ≥ 2,000 req/s, p99 < 30 ms.`)
}
