import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { OfflineProvider } from '@eduplatform/plugin-ai-tutor'
import { startBareFastify } from '../lib/bare.ts'
import { spawnEngine } from '../lib/engine.ts'
import { load, sequential, type LoadResult } from '../lib/load.ts'
import { evaluateGrounding, type GroundingReport } from './grounding.ts'
import { lessonText } from './lesson-text.ts'

export interface Timing {
  name: string
  runs: number
  p50Ms: number
  p99Ms: number
}

function percentiles(name: string, times: number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b)
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 100) / 100
  return { name, runs: times.length, p50Ms: at(0.5), p99Ms: at(0.99) }
}

/** The offline provider in-process: summary and a 10-question quiz draft of a 3,000-word lesson. */
export async function measureOffline(runs = 200): Promise<Timing[]> {
  const provider = new OfflineProvider()
  const signal = new AbortController().signal
  const body = lessonText(3000)
  const lesson = { lessonId: 'bench', title: 'Systems in practice', body }
  const time = async (work: () => Promise<unknown>) => {
    const times: number[] = []
    for (let i = 0; i < 10; i++) await work()
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      await work()
      times.push(performance.now() - t0)
    }
    return times
  }
  const words = body.split(/\s+/).length
  return [
    percentiles(`offline summary, ${words}-word lesson`, await time(() => provider.summarize(lesson, signal))),
    percentiles(`offline quiz draft (10 questions), ${words}-word lesson`, await time(() => provider.generateQuiz([lesson], 10, signal))),
  ]
}

const ADMIN = { email: 'bench-admin@example.com', password: 'bench-password-123' }

export interface Api {
  url: string
  pid: number
  call(method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; json: any }>
}

export async function withEngine<T>(demo: boolean, work: (api: Api, adminToken: string) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'edu-bench-ai-'))
  const env = { PORT: '3304', EDU_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', GEMINI_API_KEY: '' }
  // The demo loads only into an empty database: a first start loads it, the second adds the bench admin.
  if (demo) await (await spawnEngine('bench/lib/ai-engine-server.ts', { ...env, EDU_DEMO: '1' })).stop()
  const engine = await spawnEngine('bench/lib/ai-engine-server.ts', { ...env, EDU_DEMO: '0', EDU_ADMIN_EMAIL: ADMIN.email, EDU_ADMIN_PASSWORD: ADMIN.password })
  const api: Api = {
    url: engine.url,
    pid: engine.pid,
    async call(method, path, token, body) {
      const res = await fetch(`${engine.url}${path}`, {
        method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      return { status: res.status, json: text ? JSON.parse(text) : undefined }
    },
  }
  try {
    const login = await api.call('POST', '/api/v1/auth/login', undefined, ADMIN)
    return await work(api, login.json.accessToken)
  } finally {
    await engine.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}

export async function expectOk(res: { status: number; json: any }, what: string) {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.json)}`)
  return res.json
}

/** A published course of `lessons` lessons of ~`words` words, owned by a verified teacher; a student enrolled. */
export async function makeCourse(api: Api, adminToken: string, lessons: number, words: number) {
  const teacher = await expectOk(await api.call('POST', '/api/v1/auth/register', undefined,
    { email: `t${Date.now()}@bench.edu`, password: ADMIN.password, name: 'Bench Teacher', role: 'teacher' }), 'register teacher')
  await expectOk(await api.call('PATCH', `/api/v1/admin/users/${teacher.user.id}/verify`, adminToken), 'verify teacher')
  const token = teacher.accessToken as string
  const course = await expectOk(await api.call('POST', '/api/v1/courses', token, { title: 'AI bench course' }), 'course')
  const lessonIds: string[] = []
  for (let m = 0; m < Math.ceil(lessons / 10); m++) {
    const mod = await expectOk(await api.call('POST', `/api/v1/courses/${course.id}/modules`, token, { title: `Module ${m + 1}` }), 'module')
    for (let l = 0; l < 10 && lessonIds.length < lessons; l++) {
      const n = lessonIds.length
      const lesson = await expectOk(await api.call('POST', `/api/v1/modules/${mod.id}/lessons`, token,
        { title: `Lesson ${n + 1}`, body: lessonText(words, n + 1, `topic${n}`), isPreview: n === 0 }), 'lesson')
      lessonIds.push(lesson.id)
    }
  }
  await expectOk(await api.call('PATCH', `/api/v1/courses/${course.id}`, token, { status: 'published' }), 'publish')
  const student = await expectOk(await api.call('POST', '/api/v1/auth/register', undefined,
    { email: `s${Date.now()}@bench.edu`, password: ADMIN.password, name: 'Bench Student', role: 'student' }), 'register student')
  await expectOk(await api.call('POST', '/api/v1/enrollments', student.accessToken, { courseId: course.id }), 'enroll')
  return { courseId: course.id as string, lessonIds, studentToken: student.accessToken as string }
}

/**
 * `ask` on a course of 50 lessons (~300 words each): distinct questions one after another (every one a cache
 * miss: retrieval and the offline provider), then the cached summary under 50 connections beside bare Fastify.
 */
export async function measureAskAndSummary(durationSeconds: number): Promise<LoadResult[]> {
  return withEngine(false, async (api, adminToken) => {
    const { lessonIds, studentToken } = await makeCourse(api, adminToken, 50, 300)
    const auth = { authorization: `Bearer ${studentToken}`, 'content-type': 'application/json' }
    const ask = (question: string) => fetch(`${api.url}/api/v1/ai/lessons/${lessonIds[0]}/ask`, { method: 'POST', headers: auth, body: JSON.stringify({ question }) })
    // The first question indexes nothing new (the lessons were indexed as they were written); warm up anyway.
    for (let i = 0; i < 5; i++) await (await ask(`Why does the scheduler order the events in topic${i} ${i}?`)).arrayBuffer()
    const uncached = await sequential('POST /ai/lessons/:id/ask, 50-lesson course, distinct questions (uncached), 1 client', 300,
      (i) => ask(`Why does the cache measure the cost of each step in topic${i % 50} ${i}?`))
    const summary = async (lessonId: string, name: string) => {
      await expectOk(await api.call('POST', `/api/v1/ai/lessons/${lessonId}/summary`, studentToken), 'summary')
      return load({ name, url: `${api.url}/api/v1/ai/lessons/${lessonId}/summary`, method: 'POST', headers: { authorization: `Bearer ${studentToken}` }, durationSeconds, cpuOf: api.pid })
    }
    const bare = await startBareFastify(3305)
    try {
      // Unreported: the engine's JIT warms up here, not in the first measured load.
      await load({ name: 'warm-up', url: `${api.url}/api/v1/ai/lessons/${lessonIds[1]}/summary`, method: 'POST', headers: { authorization: `Bearer ${studentToken}` }, durationSeconds: 3 })
      const preview = await summary(lessonIds[0]!, 'POST /ai/lessons/:id/summary (cached; preview lesson), 50 connections')
      const enrolled = await summary(lessonIds[1]!, 'POST /ai/lessons/:id/summary (cached; an enrolled student\'s lesson), 50 connections')
      const base = await load({ name: 'bare Fastify GET /hello (same machine, same run)', url: bare.url, durationSeconds, cpuOf: bare.pid })
      return [uncached, preview, enrolled, base]
    } finally {
      bare.stop()
    }
  })
}

/** The grounding evaluation against the demo catalogue, as an admin over HTTP. */
export async function measureGrounding(): Promise<GroundingReport> {
  return withEngine(true, async (api, adminToken) => evaluateGrounding({
    get: (path) => api.call('GET', path, adminToken),
    post: (path, body) => api.call('POST', path, adminToken, body),
  }))
}
