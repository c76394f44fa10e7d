import type { EduApp } from '@eduplatform/core'
import type { EnrollmentService } from '../service.ts'
import { CourseProgress, IdParams, LessonCompletion } from '../schemas.ts'

export function progressRoutes(app: EduApp, service: EnrollmentService) {
  const tags = ['enrollment']
  const student = app.auth.require('student')

  app.post('/progress/lessons/:id/complete', {
    preHandler: student,
    schema: {
      operationId: 'completeLesson',
      tags,
      summary: 'Mark a lesson complete (idempotent); completing the last lesson completes the enrollment',
      params: IdParams,
      response: { 200: LessonCompletion },
    },
  }, async (request) => service.completeLesson(request.user!.id, request.params.id))

  app.get('/progress/courses/:id', {
    preHandler: student,
    schema: { operationId: 'getCourseProgress', tags, summary: 'My progress in a course', params: IdParams, response: { 200: CourseProgress } },
  }, async (request) => service.progress(request.user!.id, request.params.id))
}
