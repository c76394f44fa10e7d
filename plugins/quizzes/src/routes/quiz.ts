import type { EduApp } from '@eduplatform/core'
import type { QuizAuthoring } from '../authoring.ts'
import { IdParams, QuizInput, QuizQuery, QuizView } from '../schemas.ts'

export function quizRoutes(app: EduApp, authoring: QuizAuthoring) {
  const tags = ['quizzes']

  app.get('/lessons/:id/quiz', {
    schema: {
      operationId: 'getQuiz',
      tags,
      summary: 'A lesson\'s quiz, without answers or explanations; the owner or an admin may add ?include=answers',
      description: 'Readable by whoever may read the lesson (enrolled students, the owner, admins; anyone for a preview lesson). '
        + 'Students also get `attemptsUsed` and `passed`. 404 when the lesson has no quiz; 403 `EDU_QUIZZES_ANSWERS_FORBIDDEN` for ?include=answers by anyone else.',
      security: [{ bearer: [] }, {}],
      params: IdParams,
      querystring: QuizQuery,
      response: { 200: QuizView },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'private, no-store')
    return authoring.read(request.user ?? null, request.params.id, request.query.include === 'answers')
  })

  app.put('/lessons/:id/quiz', {
    preValidation: app.auth.require(['teacher', 'admin']),
    schema: {
      operationId: 'replaceQuiz',
      tags,
      summary: 'Replace a quiz lesson\'s quiz as one document (owner teacher, admin)',
      description: 'Validated as a whole: options unique and not blank, answers pointing at existing options, at most 100 questions; '
        + 'a 400 names each bad field (`body.questions.3.answer`). Questions sent with their `id` keep it. Past attempts keep their grading. '
        + '409 `EDU_QUIZZES_NOT_A_QUIZ_LESSON` for a lesson whose type is not `quiz`.',
      security: [{ bearer: [] }],
      params: IdParams,
      body: QuizInput,
      response: { 200: QuizView },
    },
  }, async (request) => authoring.replace(app.auth.principal(request), request.params.id, request.body))
}
