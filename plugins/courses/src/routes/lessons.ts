import { NoContent, OPTIONAL_BEARER, problemResponse, type EduApp, type Principal } from '@eduplatform/core'
import type { Authoring } from '../authoring.ts'
import { LessonNotFound } from '../errors.ts'
import type { Reading } from '../reading.ts'
import { IdParams, LessonView, UpdateLessonBody } from '../schemas.ts'
import { answerRead } from './http.ts'

// The shared cache's check and admit are made here, apart from the handler: a closure made inside it would share its
// scope with the handler's other closures, and a stored response would keep that request and its socket alive.

/** The lesson body any reader of the lesson gets now (the shared cache's check). */
function lessonCheck(reading: Reading, id: string) {
  return () => reading.lessonBodyAtOnce(id)
}

/**
 * Whether the caller may read the lesson, decided at once from what this process holds, and would get it with the
 * headers stored (public as a preview, else private): the shared cache's admit. A course's status changes whether
 * a lesson is a preview without changing its cached body, so the stored headers are checked too.
 */
function lessonAdmit(reading: Reading, id: string, preview: boolean) {
  return (caller: Principal | null) => reading.mayReadLessonAtOnce(caller, id, preview)
}

export function lessonRoutes(app: EduApp, { reading, authoring }: { reading: Reading; authoring: Authoring }) {
  const tags = ['courses']
  const signedIn = app.auth.require()

  app.get('/lessons/:id', {
    schema: {
      operationId: 'getLesson',
      tags, summary: 'A lesson with its body: enrolled students, the owner, admins; anyone for a preview lesson of a published course',
      description: 'Preview lessons of published courses are open to anyone. Every other lesson needs a bearer token of an enrolled student, '
        + 'the course owner or an admin: without a token the answer is 401, with a token that may not read it 403.',
      security: OPTIONAL_BEARER,
      params: IdParams,
      response: {
        200: LessonView, 304: NoContent,
        401: problemResponse('Not a preview lesson, and no bearer token'), 403: problemResponse('Not enrolled in its course'), 404: problemResponse('No lesson with this id (or a lesson of a draft of someone else)'),
      },
    },
  }, (request, reply) => {
    const { id } = request.params
    const cached = reading.lessonAtOnce(id, request.user)
    return answerRead(request, reply, cached, () => reading.lesson(id, request.user), lessonCheck(reading, id), cached && lessonAdmit(reading, id, cached.public))
  })

  app.patch('/lessons/:id', {
    preHandler: signedIn,
    schema: { operationId: 'updateLesson', tags, summary: 'Edit a lesson (owner, admin); the body is markdown, served sanitized as bodyHtml', params: IdParams, body: UpdateLessonBody, response: { 200: LessonView } },
  }, async (request) => {
    return authoring.updateLesson(app.auth.principal(request), request.params.id, request.body)
  })

  app.delete('/lessons/:id', {
    preHandler: signedIn,
    schema: { operationId: 'deleteLesson', tags, summary: 'Delete a lesson; later lessons move up (owner, admin)', params: IdParams, response: { 204: NoContent } },
  }, async (request, reply) => {
    await authoring.deleteLesson(app.auth.principal(request), request.params.id)
    return reply.code(204).send(null)
  })
}
