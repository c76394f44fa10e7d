import { OPTIONAL_BEARER, problemResponse, type EduApp } from '@eduplatform/core'
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
      security: OPTIONAL_BEARER,
      params: IdParams,
      querystring: QuizQuery,
      response: {
        200: QuizView,
        401: problemResponse('Sign in to read this lesson\'s quiz (it is not an open preview)'),
        403: problemResponse('Not enrolled in the course (`EDU_COURSES_NOT_ENROLLED`), or `?include=answers` by someone other than the owner or an admin (`EDU_QUIZZES_ANSWERS_FORBIDDEN`)'),
        404: problemResponse('No such lesson, a draft\'s lesson, or a lesson without a quiz (`EDU_QUIZZES_QUIZ_NOT_FOUND`)'),
      },
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
      response: {
        200: QuizView,
        401: problemResponse('No credential, or one that is not valid'),
        403: problemResponse('A student, or a teacher who does not own the course (`EDU_QUIZZES_NOT_OWNER`)'),
        404: problemResponse('No such lesson, or another teacher\'s draft (`EDU_QUIZZES_LESSON_NOT_FOUND`)'),
        409: problemResponse('The lesson is not of type `quiz` (`EDU_QUIZZES_NOT_A_QUIZ_LESSON`)'),
      },
    },
  }, async (request) => authoring.replace(app.auth.principal(request), request.params.id, request.body))
}
