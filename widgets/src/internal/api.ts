import { createEduClient, type Body, type EduClient, type paths, type Problem } from '@eduplatform/client'

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

type Result<T> = { data?: T; error?: unknown; response: Response }
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

async function unwrap<T>(call: Promise<Result<T>>, token: string | null, shape?: Shape): Promise<T> {
  let result: Result<T>
  try {
    result = await call
  } catch (error) {
    throw new ApiError(0, undefined, (error as Error).message)
  }
  const { response } = result
  if (response.ok) {
    if (shape && !conforms(result.data, shape)) throw new MalformedReply(response.url)
    return (result.data ?? undefined) as T
  }
  const problem = (result.error && typeof result.error === 'object' ? result.error : undefined) as Problem | undefined
  if (response.status === 401 && token) throw new TokenExpired(problem)
  throw new ApiError(response.status, problem)
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
  const client: EduClient = createEduClient({ baseUrl: apiBase, token })
  const path = (id: string) => ({ params: { path: { id } } })
  return {
    signedIn: Boolean(token),
    course: (id: string) => unwrap<Course>(client.GET('/api/v1/courses/{id}', path(id)), token, COURSE),
    curriculum: async (courseId: string) => {
      const curriculum = await unwrap<Curriculum>(client.GET('/api/v1/courses/{id}/curriculum', path(courseId)), token, CURRICULUM)
      if (!curriculum.modules.every((m) => conforms(m, { lessons: 'array' }) && m.lessons.every((l) => conforms(l, { id: 'string', title: 'string', isPreview: 'boolean' })))) {
        throw new MalformedReply('curriculum')
      }
      return curriculum
    },
    progress: (courseId: string) => unwrap<CourseProgress>(client.GET('/api/v1/progress/courses/{id}', path(courseId)), token, { ...PROGRESS, completedLessonIds: 'array' }),
    /**
     * The student's progress in a course, or null when not enrolled (or refunded): asked through
     * `GET /enrollments/me?courseId=`, which answers an empty page where the progress route would refuse.
     */
    enrollment: async (courseId: string): Promise<CourseProgress | null> => {
      const page = await unwrap<MyEnrollments>(client.GET('/api/v1/enrollments/me', { params: { query: { courseId, limit: 1 } } }), token, PAGE)
      const found = page.items.find((e) => e.courseId === courseId)
      if (!found || found.status === 'refunded') return null
      if (!conforms(found.progress, { ...PROGRESS, completedLessonIds: 'array' })) throw new MalformedReply('enrollment')
      const { completed, total, percent, completedLessonIds } = found.progress
      return { completed, total, percent, completedLessonIds, status: found.status }
    },
    enroll: (courseId: string) => unwrap<Enrollment>(client.POST('/api/v1/enrollments', { body: { courseId } }), token),
    /** `POST /payments`; the same `idempotencyKey` always answers with the same payment. */
    pay: (courseId: string, idempotencyKey: string) =>
      unwrap<Payment>(client.POST('/api/v1/payments', { body: { courseId }, params: { header: { 'idempotency-key': idempotencyKey } } }), token, { id: 'string', status: 'string' }),
    lesson: (id: string) => unwrap<Lesson>(client.GET('/api/v1/lessons/{id}', path(id)), token, LESSON),
    completeLesson: (id: string) => unwrap<LessonCompletion>(client.POST('/api/v1/progress/lessons/{id}/complete', path(id)), token, PROGRESS),
    quiz: (lessonId: string) => unwrap<Quiz>(client.GET('/api/v1/lessons/{id}/quiz', path(lessonId)), token, QUIZ),
    /** The student's latest graded attempt at a quiz, or null. */
    lastAttempt: async (lessonId: string): Promise<QuizAttempt | null> => {
      const page = await unwrap<{ items: QuizAttempt[] }>(client.GET('/api/v1/lessons/{id}/quiz/attempts/me', { ...path(lessonId), params: { ...path(lessonId).params, query: { limit: 1 } } }), token, PAGE)
      const last = page.items[0]
      if (last && !conforms(last, ATTEMPT)) throw new MalformedReply('attempt')
      return last ?? null
    },
    submitQuiz: (lessonId: string, answers: AttemptBody['answers']) =>
      unwrap<QuizAttempt>(client.POST('/api/v1/lessons/{id}/quiz/attempts', { ...path(lessonId), body: { answers } }), token, ATTEMPT),
  }
}

export type Api = ReturnType<typeof createApi>
