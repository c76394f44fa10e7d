import type { Body, paths, Problem } from '@eduplatform/client'

// The widgets' one door to the engine: typed calls and their failures, nothing about rendering.

export type Course = Body<'/api/v1/courses/{id}', 'get'>
export type Curriculum = Body<'/api/v1/courses/{id}/curriculum', 'get'>
export type Lesson = Body<'/api/v1/lessons/{id}', 'get'>
export type CourseProgress = Body<'/api/v1/progress/courses/{id}', 'get'>
export type LessonCompletion = Body<'/api/v1/progress/lessons/{id}/complete', 'post'>
export type Enrollment = Body<'/api/v1/enrollments', 'post'>
export type Payment = Body<'/api/v1/payments', 'post'>
export type MyEnrollments = Body<'/api/v1/enrollments/me', 'get'>

/** A quiz as a student sees it: no answers, no explanations. */
export type Quiz = Body<'/api/v1/lessons/{id}/quiz', 'get'>
export type QuizQuestion = Quiz['questions'][number]
export type QuestionType = QuizQuestion['type']
/** A graded attempt: score, pass, and per question whether it was right, the right answer and the explanation. */
export type QuizAttempt = Body<'/api/v1/lessons/{id}/quiz/attempts', 'post'>
type AttemptBody = NonNullable<paths['/api/v1/lessons/{id}/quiz/attempts']['post']['requestBody']>['content']['application/json']
/** `single`: [index]; `multiple`: [index, …]; `true_false`: boolean; `short_text`: the text typed. */
export type QuizAnswer = AttemptBody['answers'][number]['answer']

/** A failed call: the problem the engine answered (RFC 9457), or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem | undefined
  constructor(status: number, problem?: Problem, message?: string) {
    super(message ?? problem?.detail ?? problem?.title ?? `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.problem = problem
  }
}

/** The token the widget sent was refused (401): expired or revoked. The host page must set a new one. */
export class TokenExpired extends ApiError {
  constructor(problem?: Problem) {
    super(401, problem)
    this.name = 'TokenExpired'
  }
}

/** A reply that is not what the engine's API answers (a field missing or of another type): shown as a load failure. */
export class MalformedReply extends ApiError {
  constructor(what: string) {
    super(200, undefined, `Malformed reply: ${what}`)
    this.name = 'MalformedReply'
  }
}

/** A reply of the engine: its status and URL, and its body (JSON, else text). */
interface Reply { ok: boolean; status: number; url: string; body: unknown }

/**
 * Replies shared by the widgets of a page: a GET of the same URL with the same token (a card and a
 * player both asking for the learner's enrollment, or a course's curriculum) is sent once while it is
 * on its way and answered from it for `SHARED_MS` after. Any POST drops them (it may change them).
 */
const shared = new Map<string, { reply: Promise<Reply>; until: number }>()
const SHARED_MS = 2000

async function send(method: 'GET' | 'POST', url: string, token: string | null, body?: unknown, header?: Record<string, string>): Promise<Reply> {
  const headers: Record<string, string> = { ...header }
  if (token) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await response.text()
  // A success must be JSON (else the call fails as the network would); a failure may be a problem or plain text.
  const parse = () => (text ? JSON.parse(text) : undefined)
  let parsed: unknown = text
  if (response.ok) parsed = parse()
  else try { parsed = parse() } catch { /* plain text */ }
  return { ok: response.ok, status: response.status, url: response.url, body: parsed }
}

/** A GET, shared with the other widgets of the page (`shared`) when `share` is set. */
function get(url: string, token: string | null, share = false): Promise<Reply> {
  if (!share) return send('GET', url, token)
  const key = `${token ?? ''}\n${url}`
  const now = Date.now()
  const hit = shared.get(key)
  if (hit && hit.until > now) return hit.reply
  const reply = send('GET', url, token)
  const entry = { reply, until: Number.POSITIVE_INFINITY }
  shared.set(key, entry)
  const settle = () => { entry.until = Date.now() + SHARED_MS }
  reply.then(settle, () => { if (shared.get(key) === entry) shared.delete(key) })
  return reply
}

function post(url: string, token: string | null, body?: unknown, header?: Record<string, string>): Promise<Reply> {
  shared.clear()
  return send('POST', url, token, body, header)
}

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array'
/** The fields a widget reads of a reply, and their kinds: a reply without them is refused, never rendered half. */
interface Shape { [field: string]: Kind | Shape }

function conforms(value: unknown, shape: Shape): boolean {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return Object.entries(shape).every(([key, kind]) => {
    const field = record[key]
    if (typeof kind === 'object') return conforms(field, kind)
    if (kind === 'array') return Array.isArray(field)
    return typeof field === kind && field !== null && !(kind === 'number' && !Number.isFinite(field))
  })
}

async function unwrap<T>(call: Promise<Reply>, token: string | null, shape?: Shape): Promise<T> {
  let reply: Reply
  try {
    reply = await call
  } catch (error) {
    throw new ApiError(0, undefined, (error as Error).message)
  }
  if (reply.ok) {
    if (shape && !conforms(reply.body, shape)) throw new MalformedReply(reply.url)
    return reply.body as T
  }
  const problem = (reply.body && typeof reply.body === 'object' ? reply.body : undefined) as Problem | undefined
  if (reply.status === 401 && token) throw new TokenExpired(problem)
  throw new ApiError(reply.status, problem)
}

/**
 * The engine calls of the three widgets, on `apiBase` with the student's `token` (none: anonymous).
 * Each resolves to the response body or throws `ApiError` (`TokenExpired` for a refused token).
 */
const COURSE: Shape = {
  id: 'string', title: 'string', isFree: 'boolean', priceCents: 'number', currency: 'string', level: 'string',
  lessonCount: 'number', reviewCount: 'number', avgRating: 'number', teacher: { name: 'string' },
}
const CURRICULUM: Shape = { courseId: 'string', modules: 'array' }
const LESSON: Shape = { id: 'string', courseId: 'string', title: 'string', type: 'string', bodyHtml: 'string', isPreview: 'boolean' }
const PROGRESS: Shape = { completed: 'number', total: 'number', percent: 'number' }
const QUIZ: Shape = { lessonId: 'string', passScore: 'number', questions: 'array' }
const ATTEMPT: Shape = { id: 'string', score: 'number', passed: 'boolean', results: 'array' }
const PAGE: Shape = { items: 'array' }

/**
 * The engine calls of the three widgets, on `apiBase` with the student's `token` (none: anonymous).
 * Each resolves to the response body or throws `ApiError` (`TokenExpired` for a refused token,
 * `MalformedReply` for a body without the fields the widgets read).
 */
export function createApi(apiBase: string, token: string | null) {
  // As pasted into an attribute: spaces around it and trailing slashes are not part of the origin.
  const base = apiBase.trim().replace(/\/+$/, '')
  /** The URL of `route` (a path of the engine's OpenAPI document) for the resource `id`, with `query`. */
  const at = (route: keyof paths, id = '', query?: Record<string, string | number>) =>
    `${base}${route.replace('{id}', encodeURIComponent(id))}${query ? `?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}` : ''}`
  return {
    signedIn: Boolean(token),
    course: (id: string) => unwrap<Course>(get(at('/api/v1/courses/{id}', id), token), token, COURSE),
    curriculum: async (courseId: string) => {
      const curriculum = await unwrap<Curriculum>(get(at('/api/v1/courses/{id}/curriculum', courseId), token, true), token, CURRICULUM)
      if (!curriculum.modules.every((m) => conforms(m, { lessons: 'array' }) && m.lessons.every((l) => conforms(l, { id: 'string', title: 'string', isPreview: 'boolean' })))) {
        throw new MalformedReply('curriculum')
      }
      return curriculum
    },
    progress: (courseId: string) => unwrap<CourseProgress>(get(at('/api/v1/progress/courses/{id}', courseId), token), token, { ...PROGRESS, completedLessonIds: 'array' }),
    /**
     * The student's progress in a course, or null when not enrolled (or refunded): asked through
     * `GET /enrollments/me?courseId=`, which answers an empty page where the progress route would refuse.
     */
    enrollment: async (courseId: string): Promise<CourseProgress | null> => {
      const page = await unwrap<MyEnrollments>(get(at('/api/v1/enrollments/me', '', { courseId, limit: 1 }), token, true), token, PAGE)
      const found = page.items.find((e) => e.courseId === courseId)
      if (!found || found.status === 'refunded') return null
      if (!conforms(found.progress, { ...PROGRESS, completedLessonIds: 'array' })) throw new MalformedReply('enrollment')
      const { completed, total, percent, completedLessonIds } = found.progress
      return { completed, total, percent, completedLessonIds, status: found.status }
    },
    enroll: (courseId: string) => unwrap<Enrollment>(post(at('/api/v1/enrollments'), token, { courseId }), token),
    /** `POST /payments`; the same `idempotencyKey` always answers with the same payment. */
    pay: (courseId: string, idempotencyKey: string) =>
      unwrap<Payment>(post(at('/api/v1/payments'), token, { courseId }, { 'idempotency-key': idempotencyKey }), token, { id: 'string', status: 'string' }),
    lesson: (id: string) => unwrap<Lesson>(get(at('/api/v1/lessons/{id}', id), token), token, LESSON),
    completeLesson: (id: string) => unwrap<LessonCompletion>(post(at('/api/v1/progress/lessons/{id}/complete', id), token), token, PROGRESS),
    quiz: (lessonId: string) => unwrap<Quiz>(get(at('/api/v1/lessons/{id}/quiz', lessonId), token), token, QUIZ),
    /** The student's latest graded attempt at a quiz, or null. */
    lastAttempt: async (lessonId: string): Promise<QuizAttempt | null> => {
      const page = await unwrap<{ items: QuizAttempt[] }>(get(at('/api/v1/lessons/{id}/quiz/attempts/me', lessonId, { limit: 1 }), token), token, PAGE)
      const last = page.items[0]
      if (last && !conforms(last, ATTEMPT)) throw new MalformedReply('attempt')
      return last ?? null
    },
    submitQuiz: (lessonId: string, answers: AttemptBody['answers']) =>
      unwrap<QuizAttempt>(post(at('/api/v1/lessons/{id}/quiz/attempts', lessonId), token, { answers }), token, ATTEMPT),
  }
}

export type Api = ReturnType<typeof createApi>
