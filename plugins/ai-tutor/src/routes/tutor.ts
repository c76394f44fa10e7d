import { Type } from 'typebox'
import { problemResponse, shareReply, type EduApp, type Principal, type SharedOffer } from '@eduplatform/core'
import type { preValidationAsyncHookHandler } from 'fastify'
import { AnswerView, AskBody, IdParams, QuizDraft, QuizDraftBody, SummaryView } from '../schemas.ts'
import type { AiLimits } from '../tutor/limits.ts'
import type { Tutor } from '../tutor/tutor.ts'
import { answerEvents } from './answer-events.ts'

const tags = ['ai-tutor']
const bearer = [{ bearer: [] }]

/** Failures every AI route shares: the per-user limits and the provider's failures (after retries). */
const AI_FAILURES = {
  429: problemResponse('Over the per-minute rate (`EDU_AI_RATE_LIMITED`) or the daily quota (`EDU_AI_QUOTA_EXCEEDED`); `Retry-After` says when to try again'),
  502: problemResponse('The provider\'s reply did not have the expected shape (`EDU_AI_MALFORMED_REPLY`); nothing was cached'),
  503: problemResponse('The provider is down, refused, or answered 429 (`EDU_AI_UNAVAILABLE`), with `Retry-After`'),
  504: problemResponse('The provider did not answer in time (`EDU_AI_TIMEOUT`)'),
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * How the engine's shared cache may answer the next `POST /ai/lessons/:id/summary` of a signed-in user before routing:
 * while the lesson's cached summary is the one sent, to a user who may read the lesson (decided from what this
 * process holds), counted against the AI limits as the route counts a request (one the limits would refuse goes to
 * the route, for its 429). Anonymous callers of a preview lesson (counted by address) always go to the route. Made
 * apart from the handler: a closure made inside it would keep the request alive as long as the stored response.
 */
function summaryShare(tutor: Tutor, limits: AiLimits, lessonId: string, value: Buffer): SharedOffer {
  return {
    value,
    current: () => tutor.summaryReplyAtOnce(lessonId),
    admit: (caller: Principal | null) => caller !== null && tutor.summaryAdmitsAtOnce(caller, lessonId, () => limits.countUserAtOnce(caller)),
  }
}

export function tutorRoutes(app: EduApp, { tutor, limits }: { tutor: Tutor; limits: AiLimits }) {
  const limit = limits.hook
  const signedIn = app.auth.require()
  const authors = app.auth.require(['teacher', 'admin'])

  /** The resource check runs before the body is validated: who may not ask learns nothing from a 400. */
  const resourceCheck = (check: (principal: ReturnType<typeof app.auth.principal>, lessonId: string) => Promise<void>): preValidationAsyncHookHandler =>
    async (request) => {
      const { id } = request.params as { id?: unknown }
      // A malformed id is left to params validation (400).
      if (typeof id === 'string' && UUID.test(id)) await check(app.auth.principal(request), id)
    }

  app.post('/ai/lessons/:id/summary', {
    preValidation: limit,
    schema: {
      operationId: 'summarizeLesson', tags, security: [{}, ...bearer],
      summary: 'Summary and key points of a lesson (who may read the lesson)',
      description: 'Cached per lesson version, provider and model: `cached` says whether the provider was called. 422 when the lesson has no text.',
      params: IdParams,
      response: {
        200: SummaryView,
        401: problemResponse('Anonymous, and the lesson is not a preview'),
        403: problemResponse('Not enrolled in the course, and the lesson is not a preview'),
        404: problemResponse('No such lesson, or a draft course\'s lesson for anyone but its owner and admins'),
        422: problemResponse('The lesson has no text to work from (`EDU_AI_NO_TEXT`)'),
        ...AI_FAILURES,
      },
    },
  }, (request, reply) => {
    // Sent as the cached JSON text; the 200 schema describes it (and the OpenAPI document) without re-serializing.
    const send = (json: string | Buffer) => reply.type('application/json; charset=utf-8').send(json as unknown as SummaryView)
    // A summary this process has cached, with the facts its access check reads, is sent without a promise, and
    // offered to the shared cache for the next signed-in readers.
    const cached = tutor.cachedSummaryJson(request.user, request.params.id)
    if (cached === undefined) return tutor.summaryJson(request.user, request.params.id).then(send)
    if (request.user) shareReply(request, reply, summaryShare(tutor, limits, request.params.id, cached))
    send(cached)
  })

  app.post('/ai/lessons/:id/quiz', {
    onRequest: authors,
    preValidation: [limit, resourceCheck((principal, id) => tutor.checkQuizDraft(principal, id))],
    schema: {
      operationId: 'generateQuizDraft', tags, security: bearer,
      summary: 'A draft quiz for a lesson, in the body shape of PUT /lessons/:id/quiz; not saved (owner teacher, admin)',
      description: 'Headers `AI-Provider`, `AI-Model` and `AI-Cached` say what made it. A quiz lesson with little text is drafted from the lessons before it in its module too.',
      params: IdParams, body: Type.Optional(QuizDraftBody),
      response: {
        200: QuizDraft,
        403: problemResponse('A student, or another teacher (`EDU_AI_NOT_OWNER`)'),
        404: problemResponse('No such lesson'),
        422: problemResponse('The lesson has no text to work from (`EDU_AI_NO_TEXT`)'),
        ...AI_FAILURES,
      },
    },
  }, async (request, reply) => {
    const { draft, cached } = await tutor.quizDraft(app.auth.principal(request), request.params.id, request.body?.count ?? 5)
    reply.header('ai-provider', tutor.provider.identifier).header('ai-model', tutor.provider.model).header('ai-cached', String(cached))
    return draft
  })


  app.post('/ai/lessons/:id/ask', {
    onRequest: signedIn,
    preValidation: [limit, resourceCheck((principal, id) => tutor.checkAsk(principal, id))],
    schema: {
      operationId: 'askTutor', tags, security: bearer,
      summary: "Ask the tutor about a lesson; answered only from the course's lessons, with citations (enrolled student, owner, admin)",
      description: 'With `Accept: text/event-stream` the answer streams as Server-Sent Events: `delta` events `{ text }` as it is generated, then one `done` event with the whole answer (the 200 body below); a failure after the stream began is an `error` event with problem details. `covered: false` with a short reply when the lessons do not cover the question.',
      params: IdParams, body: AskBody,
      response: {
        200: AnswerView,
        403: problemResponse('Not enrolled in the course, nor its teacher or an admin (`EDU_AI_NOT_ENROLLED`)'),
        404: problemResponse('No such lesson (`EDU_AI_LESSON_NOT_FOUND`)'),
        ...AI_FAILURES,
      },
    },
  }, async (request, reply) => {
    const principal = app.auth.principal(request)
    if (request.headers.accept?.includes('text/event-stream')) {
      const stream = await tutor.askStream(principal, request.params.id, request.body.question)
      reply.header('cache-control', 'no-cache').header('x-accel-buffering', 'no').type('text/event-stream; charset=utf-8')
      // A stream body: the 200 schema describes the JSON form; the SSE form is sent as it is.
      return reply.send(answerEvents(stream, request.log) as unknown as AnswerView)
    }
    return tutor.ask(principal, request.params.id, request.body.question)
  })
}
