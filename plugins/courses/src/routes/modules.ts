import { NoContent, type EduApp } from '@eduplatform/core'
import type { Authoring } from '../authoring.ts'
import { ModuleNotFound } from '../errors.ts'
import type { Reading } from '../reading.ts'
import {
  CreateLessonBody, CreateModuleBody, IdParams, LessonOrderBody, LessonView, ModuleView, UpdateModuleBody,
} from '../schemas.ts'

export function moduleRoutes(app: EduApp, { reading, authoring }: { reading: Reading; authoring: Authoring }) {
  const tags = ['courses']
  const signedIn = app.auth.require()

  const moduleOf = async (courseId: string, moduleId: string): Promise<ModuleView> => {
    const module = await reading.moduleView(courseId, moduleId)
    if (!module) throw new ModuleNotFound(moduleId)
    return module
  }

  app.post('/courses/:id/modules', {
    preHandler: signedIn,
    schema: { operationId: 'createModule', tags, summary: 'Add a module at the end of the course (owner, admin)', params: IdParams, body: CreateModuleBody, response: { 201: ModuleView } },
  }, async (request, reply) => {
    return reply.code(201).send(await authoring.createModule(app.auth.principal(request), request.params.id, request.body))
  })

  app.patch('/modules/:id', {
    preHandler: signedIn,
    schema: { operationId: 'updateModule', tags, summary: 'Rename or describe a module (owner, admin)', params: IdParams, body: UpdateModuleBody, response: { 200: ModuleView } },
  }, async (request) => {
    const { courseId, view } = await authoring.updateModule(app.auth.principal(request), request.params.id, request.body)
    return view ?? moduleOf(courseId, request.params.id)
  })

  app.delete('/modules/:id', {
    preHandler: signedIn,
    schema: { operationId: 'deleteModule', tags, summary: 'Delete a module and its lessons (owner, admin)', params: IdParams, response: { 204: NoContent } },
  }, async (request, reply) => {
    await authoring.deleteModule(app.auth.principal(request), request.params.id)
    return reply.code(204).send(null)
  })

  app.put('/modules/:id/lessons/order', {
    preHandler: signedIn,
    schema: {
      operationId: 'reorderLessons',
      tags, summary: 'Reorder the lessons of a module: list each of them once, in the new order (owner, admin)',
      params: IdParams, body: LessonOrderBody, response: { 200: ModuleView },
    },
  }, async (request) => {
    const courseId = await authoring.reorderLessons(app.auth.principal(request), request.params.id, request.body.lessonIds)
    return moduleOf(courseId, request.params.id)
  })

  app.post('/modules/:id/lessons', {
    preHandler: signedIn,
    schema: { operationId: 'createLesson', tags, summary: 'Add a lesson at the end of a module (owner, admin)', params: IdParams, body: CreateLessonBody, response: { 201: LessonView } },
  }, async (request, reply) => {
    const { view } = await authoring.createLesson(app.auth.principal(request), request.params.id, request.body)
    return reply.code(201).send(view)
  })

}
