import { NoContent, OPTIONAL_BEARER, problemResponse, type EduApp } from '@eduplatform/core'
import type { FastifyReply } from 'fastify'
import type { Authoring } from '../authoring.ts'
import type { Catalog } from '../catalog.ts'
import type { Reading } from '../reading.ts'
import type { CourseRow } from '../views.ts'
import {
  CatalogQuery, CoursePage, CourseView, CreateCourseBody, CurriculumView, IdParams, MineQuery, ModuleOrderBody, SlugParams, UpdateCourseBody,
} from '../schemas.ts'
import { answerRead, sendCached } from './http.ts'

interface Deps {
  catalog: Catalog
  reading: Reading
  authoring: Authoring
}

// The shared cache's checks are made here, apart from the handlers: a closure made inside one would share its scope
// with the handler's other closures, and a stored response would keep that request and its socket alive.

/** What a GET of a catalogue or search page gets now, whoever asks (the shared cache's check). */
function pageCheck(catalog: Catalog, query: CatalogQuery) {
  return () => catalog.pageAtOnce(query)
}

/** What a GET of a published course gets now, whoever asks (the shared cache's check; a draft's is never offered). */
function detailCheck(reading: Reading, id: string) {
  return () => reading.detailAtOnce(id, null)?.body
}

/** What a GET of a published course's curriculum gets now, whoever asks (the shared cache's check). */
function curriculumCheck(reading: Reading, id: string) {
  return () => reading.curriculumAtOnce(id, null)?.body
}

export function courseRoutes(app: EduApp, { catalog, reading, authoring }: Deps) {
  const tags = ['courses']
  const teacher = app.auth.require(['teacher', 'admin'], { verified: true })
  const signedIn = app.auth.require()

  /**
   * The reply to a course write: the course as the write returned it, or else as its manager sees it now
   * (drafts included), fresh from the cache, as the JSON `GET /courses/:id` sends (neither parsed nor serialized again).
   */
  const written = async (id: string, row: CourseRow | undefined, request: { user: Parameters<Reading['detail']>[1] }, reply: FastifyReply) => {
    const json = row ? JSON.stringify((await catalog.views([row]))[0]) : (await reading.detail(id, request.user)).body.json
    return reply.type('application/json; charset=utf-8').send(json)
  }

  app.get('/courses', {
    schema: {
      operationId: 'listCourses',
      tags, summary: 'The catalogue: published courses, filtered, sorted and searched (typo-tolerant)',
      querystring: CatalogQuery, response: { 200: CoursePage, 304: NoContent, 400: problemResponse('A cursor of another sort or query, or minPrice above maxPrice') },
    },
  }, (request, reply) => {
    // A page whose ids and cards this process has cached is sent without a promise.
    const { query } = request
    const found = catalog.pageAtOnce(query)
    if (found) return sendCached(request, reply, found, true, pageCheck(catalog, query))
    return catalog.page(request.query).then((page) => sendCached(request, reply, page))
  })

  app.get('/courses/mine', {
    preHandler: teacher,
    schema: {
      operationId: 'listMyCourses', tags, summary: "The caller's own courses, every status, newest first",
      querystring: MineQuery, response: { 200: CoursePage, 304: NoContent },
    },
  }, async (request, reply) => {
    const page = await catalog.mine(app.auth.principal(request).id, request.query)
    return sendCached(request, reply, page, false)
  })

  app.get('/courses/by-slug/:slug', {
    schema: { operationId: 'getCourseBySlug', tags, summary: 'A course by its slug', security: OPTIONAL_BEARER, params: SlugParams, response: { 200: CourseView } },
  }, async (request, reply) => {
    const found = await reading.detail(await reading.idOfSlug(request.params.slug), request.user)
    return sendCached(request, reply, found.body, found.public)
  })

  app.get('/courses/:id', {
    schema: {
      operationId: 'getCourse', tags, summary: 'A course: teacher, category, price, counts (drafts: owner and admins only)', security: OPTIONAL_BEARER, params: IdParams,
      response: { 200: CourseView, 304: NoContent, 404: problemResponse('No course with this id (or a draft of someone else)') },
    },
  }, (request, reply) => {
    const { id } = request.params
    return answerRead(request, reply, reading.detailAtOnce(id, request.user), () => reading.detail(id, request.user), detailCheck(reading, id))
  })

  app.post('/courses', {
    preHandler: teacher,
    schema: { operationId: 'createCourse', tags, summary: 'Create a draft course (verified teachers)', body: CreateCourseBody, response: { 201: CourseView } },
  }, async (request, reply) => {
    const row = await authoring.createCourse(app.auth.principal(request), request.body)
    return written(row.id, row, request, reply.code(201).header('location', `${app.prefix}/courses/${row.id}`))
  })

  app.patch('/courses/:id', {
    preHandler: signedIn,
    schema: {
      operationId: 'updateCourse',
      tags, summary: 'Edit, publish (needs a lesson), unpublish or archive a course (owner, admin)',
      params: IdParams, body: UpdateCourseBody, response: { 200: CourseView },
    },
  }, async (request, reply) => {
    const row = await authoring.updateCourse(app.auth.principal(request), request.params.id, request.body)
    return written(request.params.id, row, request, reply)
  })

  app.delete('/courses/:id', {
    preHandler: signedIn,
    schema: { operationId: 'deleteCourse', tags, summary: 'Delete a course without enrollments (owner, admin); archive one with enrollments', params: IdParams, response: { 204: NoContent } },
  }, async (request, reply) => {
    await authoring.deleteCourse(app.auth.principal(request), request.params.id)
    return reply.code(204).send(null)
  })

  app.get('/courses/:id/curriculum', {
    schema: {
      operationId: 'getCurriculum', tags, summary: 'Modules with their lessons, in order, without lesson bodies', security: OPTIONAL_BEARER, params: IdParams,
      response: { 200: CurriculumView, 304: NoContent, 404: problemResponse('No course with this id (or a draft of someone else)') },
    },
  }, (request, reply) => {
    const { id } = request.params
    return answerRead(request, reply, reading.curriculumAtOnce(id, request.user), () => reading.curriculum(id, request.user), curriculumCheck(reading, id))
  })

  app.put('/courses/:id/modules/order', {
    preHandler: signedIn,
    schema: {
      operationId: 'reorderModules',
      tags, summary: 'Reorder the modules: list every module of the course once, in the new order (owner, admin)',
      params: IdParams, body: ModuleOrderBody, response: { 200: CurriculumView },
    },
  }, async (request) => {
    await authoring.reorderModules(app.auth.principal(request), request.params.id, request.body.moduleIds)
    return reading.curriculumView(request.params.id)
  })
}
