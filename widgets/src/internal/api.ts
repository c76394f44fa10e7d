import { createEduClient, type Body, type EduClient, type paths, type Problem } from '@eduplatform/client'

// The widgets' one door to the engine: typed calls and their failures, nothing about rendering.

export type Course = Body<'/api/v1/courses/{id}', 'get'>
export type Curriculum = Body<'/api/v1/courses/{id}/curriculum', 'get'>
export type Lesson = Body<'/api/v1/lessons/{id}', 'get'>
export type CourseProgress = Body<'/api/v1/progress/courses/{id}', 'get'>
export type LessonCompletion = Body<'/api/v1/progress/lessons/{id}/complete', 'post'>
export type Enrollment = Body<'/api/v1/enrollments', 'post'>
export type Payment = Body<'/api/v1/payments', 'post'>

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

type Result<T> = { data?: T; error?: unknown; response: Response }

async function unwrap<T>(call: Promise<Result<T>>, token: string | null): Promise<T> {
  let result: Result<T>
  try {
    result = await call
  } catch (error) {
    throw new ApiError(0, undefined, (error as Error).message)
  }
  const { response } = result
  if (response.ok) return (result.data ?? undefined) as T
  const problem = (result.error && typeof result.error === 'object' ? result.error : undefined) as Problem | undefined
  if (response.status === 401 && token) throw new TokenExpired(problem)
  throw new ApiError(response.status, problem)
}

/**
 * The engine calls of the three widgets, on `apiBase` with the student's `token` (none: anonymous).
 * Each resolves to the response body or throws `ApiError` (`TokenExpired` for a refused token).
 */
export function createApi(apiBase: string, token: string | null) {
  const client: EduClient = createEduClient({ baseUrl: apiBase, token })
  const path = (id: string) => ({ params: { path: { id } } })
  return {
    signedIn: Boolean(token),
    course: (id: string) => unwrap<Course>(client.GET('/api/v1/courses/{id}', path(id)), token),
    curriculum: (courseId: string) => unwrap<Curriculum>(client.GET('/api/v1/courses/{id}/curriculum', path(courseId)), token),
    progress: (courseId: string) => unwrap<CourseProgress>(client.GET('/api/v1/progress/courses/{id}', path(courseId)), token),
    enroll: (courseId: string) => unwrap<Enrollment>(client.POST('/api/v1/enrollments', { body: { courseId } }), token),
    /** `POST /payments`; the same `idempotencyKey` always answers with the same payment. */
    pay: (courseId: string, idempotencyKey: string) =>
      unwrap<Payment>(client.POST('/api/v1/payments', { body: { courseId }, params: { header: { 'idempotency-key': idempotencyKey } } }), token),
    lesson: (id: string) => unwrap<Lesson>(client.GET('/api/v1/lessons/{id}', path(id)), token),
    completeLesson: (id: string) => unwrap<LessonCompletion>(client.POST('/api/v1/progress/lessons/{id}/complete', path(id)), token),
    quiz: (lessonId: string) => unwrap<Quiz>(client.GET('/api/v1/lessons/{id}/quiz', path(lessonId)), token),
    submitQuiz: (lessonId: string, answers: AttemptBody['answers']) =>
      unwrap<QuizAttempt>(client.POST('/api/v1/lessons/{id}/quiz/attempts', { ...path(lessonId), body: { answers } }), token),
  }
}

export type Api = ReturnType<typeof createApi>
