import { problemResponse, type EduApp } from '@eduplatform/core'
import type { Attempts } from '../attempts.ts'
import { AttemptInput, AttemptsPage, AttemptsQuery, AttemptView, IdParams } from '../schemas.ts'

export function attemptRoutes(app: EduApp, attempts: Attempts) {
  const tags = ['quizzes']
  const student = app.auth.require('student')

  app.post('/lessons/:id/quiz/attempts', {
    preValidation: student,
    schema: {
      operationId: 'createQuizAttempt',
      tags,
      summary: 'Submit answers: graded on the server; a passing attempt completes the lesson (enrolled student)',
      description: '201 the graded attempt with each question\'s right answer and explanation. 403 `EDU_QUIZZES_NOT_ENROLLED` '
        + '(refunded included); 409 `EDU_QUIZZES_ATTEMPTS_USED_UP`; 400 naming each bad answer (`body.answers.2.answer`).',
      security: [{ bearer: [] }],
      params: IdParams,
      body: AttemptInput,
      response: {
        201: AttemptView,
        401: problemResponse('No credential, or one that is not valid'),
        403: problemResponse('Not a student, or not enrolled in the course; a refunded enrollment too (`EDU_QUIZZES_NOT_ENROLLED`)'),
        404: problemResponse('No such lesson, a draft\'s lesson (`EDU_QUIZZES_LESSON_NOT_FOUND`), or no quiz (`EDU_QUIZZES_QUIZ_NOT_FOUND`)'),
        409: problemResponse('Every allowed attempt is used (`EDU_QUIZZES_ATTEMPTS_USED_UP`); nothing was stored'),
      },
    },
  }, async (request, reply) => reply.code(201).send(await attempts.submit(request.user!.id, request.params.id, request.body)))

  app.get('/lessons/:id/quiz/attempts/me', {
    preValidation: student,
    schema: {
      operationId: 'listMyQuizAttempts',
      tags,
      summary: 'My attempts at this quiz, newest first, each as it was graded (enrolled student)',
      security: [{ bearer: [] }],
      params: IdParams,
      querystring: AttemptsQuery,
      response: {
        200: AttemptsPage,
        401: problemResponse('No credential, or one that is not valid'),
        403: problemResponse('Not a student, or not enrolled in the course (`EDU_QUIZZES_NOT_ENROLLED`)'),
        404: problemResponse('No such lesson, a draft\'s lesson, or no quiz'),
      },
    },
  }, async (request) => attempts.listMine(request.user!.id, request.params.id, request.query.limit, request.query.cursor))
}
