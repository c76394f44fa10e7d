import type { EduApp } from '@eduplatform/core'
import type { EnrollmentService } from '../service.ts'
import { CourseStudentsPage, EnrollBody, EnrollmentCount, EnrollmentView, IdParams, ListQuery, MyEnrollmentsPage, MyEnrollmentsQuery } from '../schemas.ts'

export function enrollmentRoutes(app: EduApp, service: EnrollmentService) {
  const tags = ['enrollment']
  const student = app.auth.require('student')

  app.post('/enrollments', {
    preHandler: student,
    schema: {
      operationId: 'createEnrollment',
      tags,
      summary: 'Enroll in a published course: free at once, paid after a completed payment (402 otherwise); 409 when already enrolled',
      body: EnrollBody,
      response: { 201: EnrollmentView },
    },
  }, async (request, reply) => reply.code(201).send(await service.enroll(request.user!.id, request.body.courseId)))

  app.get('/enrollments/me', {
    preHandler: student,
    schema: {
      operationId: 'listMyEnrollments',
      tags,
      summary: 'My enrollments, newest first, with course summary and progress; `?courseId=` answers whether I am enrolled in one course without a 403',
      querystring: MyEnrollmentsQuery,
      response: { 200: MyEnrollmentsPage },
    },
  }, async (request) => service.listForStudent(request.user!.id, request.query.limit, request.query.cursor, request.query.courseId))

  app.get('/courses/:id/enrollments/count', {
    schema: { operationId: 'countEnrollments', tags, summary: 'How many students are enrolled (refunded enrollments excluded)', params: IdParams, response: { 200: EnrollmentCount } },
  }, async (request) => ({ count: await service.countForCourse(request.user ?? null, request.params.id) }))

  app.get('/courses/:id/students', {
    preHandler: app.auth.require(['teacher', 'admin']),
    schema: { operationId: 'listCourseStudents', tags, summary: 'Students of a course with their progress; owner teacher or admin', params: IdParams, querystring: ListQuery, response: { 200: CourseStudentsPage } },
  }, async (request) => service.listStudents(request.user!, request.params.id, request.query.limit, request.query.cursor))
}
