import type { EduApp } from '@eduplatform/core'
import type { Authoring } from '../authoring.ts'
import type { Reading } from '../reading.ts'
import { CategoryList, CategoryView, CreateCategoryBody, SlugParams, UpdateCategoryBody } from '../schemas.ts'
import { sendCached } from './http.ts'

export function categoryRoutes(app: EduApp, { reading, authoring }: { reading: Reading; authoring: Authoring }) {
  const tags = ['courses']
  const adminOnly = app.auth.require('admin')

  app.get('/categories', {
    schema: { operationId: 'listCategories', tags, summary: 'Course categories, in display order', response: { 200: CategoryList } },
  }, async (request, reply) => sendCached(request, reply, await reading.categories()))

  app.post('/categories', {
    preHandler: adminOnly,
    schema: { operationId: 'createCategory', tags, summary: 'Add a category (admins)', body: CreateCategoryBody, response: { 201: CategoryView } },
  }, async (request, reply) => reply.code(201).send(await authoring.createCategory(request.body)))

  app.patch('/categories/:slug', {
    preHandler: adminOnly,
    schema: { operationId: 'updateCategory', tags, summary: 'Rename, describe or move a category (admins)', params: SlugParams, body: UpdateCategoryBody, response: { 200: CategoryView } },
  }, async (request) => authoring.updateCategory(request.params.slug, request.body))

}
