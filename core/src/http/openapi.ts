import type { FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { REQUIRES_AUTH } from '../identity/auth.ts'
import { ProblemSchema } from './problem.ts'

export async function registerOpenApi(app: FastifyInstance, version: string) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'EduPlatform API',
        version,
        description: 'Headless learning engine. Errors are application/problem+json (RFC 9457). Lists are `{ items, nextCursor }` with `?limit=` and `?cursor=`.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A JWT access token, or an integrator API key' } },
      },
    },
  })
  // Every route documents its errors as problem+json, and its credential when a guard requires one.
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide || route.url.startsWith('/docs')) return
    const response = (route.schema?.response ?? {}) as Record<string, unknown>
    const handlers = [route.preHandler ?? []].flat() as Array<{ [REQUIRES_AUTH]?: boolean }>
    const secured = handlers.some((h) => h?.[REQUIRES_AUTH])
    route.schema = {
      ...route.schema,
      ...(secured ? { security: [{ bearer: [] }] } : {}),
      response: { ...response, '4XX': { ...ProblemSchema, description: 'Problem details' }, '5XX': { ...ProblemSchema, description: 'Problem details' } },
    }
  })
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
