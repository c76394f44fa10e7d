import { Type } from 'typebox'
import { ListQueryProps, Page } from '../../db/pagination.ts'
import type { EduApp } from '../../plugin/types.ts'
import type { ApiKeyService } from '../api-keys.ts'
import type { Auth } from '../auth.ts'
import { ApiKeyView, CreateApiKeyBody, CreatedApiKey, IdParams, UserView } from '../schemas.ts'
import type { IdentityService } from '../service.ts'

export async function adminRoutes(app: EduApp, { identity, apiKeys, auth }: { identity: IdentityService; apiKeys: ApiKeyService; auth: Auth }) {
  const tags = ['admin']
  const adminOnly = auth.require('admin')
  // Keys never manage keys, whatever their scopes: a key that could make keys could outlive its revocation.
  const adminUserOnly = auth.require('admin', { apiKeys: false })

  app.get('/admin/teachers/pending', {
    preHandler: adminOnly,
    schema: {
      operationId: 'listPendingTeachers',
      tags, summary: 'Teachers waiting for verification, oldest first',
      querystring: Type.Object(ListQueryProps),
      response: { 200: Page(Type.Intersect([UserView, Type.Object({ createdAt: Type.String({ format: 'date-time' }) })])) },
    },
  }, async (request) => identity.listPendingTeachers(request.query.limit, request.query.cursor))

  app.patch('/admin/users/:id/verify', {
    preHandler: adminOnly,
    schema: { operationId: 'verifyTeacher', tags, summary: 'Verify a teacher, allowing them to create courses', params: IdParams, response: { 200: UserView } },
  }, async (request) => identity.verifyTeacher(request.params.id))

  app.post('/admin/api-keys', {
    preHandler: adminUserOnly,
    schema: { operationId: 'createApiKey', tags, summary: 'Create an integrator API key; the secret is shown once', body: CreateApiKeyBody, response: { 201: CreatedApiKey } },
  }, async (request, reply) => reply.code(201).send(await apiKeys.create(request.body, auth.principal(request).id)))

  app.get('/admin/api-keys', {
    preHandler: adminUserOnly,
    schema: { operationId: 'listApiKeys', tags, summary: 'Active API keys, newest first', querystring: Type.Object(ListQueryProps), response: { 200: Page(ApiKeyView) } },
  }, async (request) => apiKeys.list(request.query.limit, request.query.cursor))

  app.delete('/admin/api-keys/:id', {
    preHandler: adminUserOnly,
    schema: { operationId: 'revokeApiKey', tags, summary: 'Revoke an API key', params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await apiKeys.revoke(request.params.id)
    return reply.code(204).send(null)
  })
}
