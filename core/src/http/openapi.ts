import type { FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
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
      security: [{ bearer: [] }],
    },
  })
  // Every route documents its errors as problem+json.
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide || route.url.startsWith('/docs')) return
    const response = (route.schema?.response ?? {}) as Record<string, unknown>
    route.schema = { ...route.schema, response: { ...response, '4XX': { ...ProblemSchema, description: 'Problem details' }, '5XX': { ...ProblemSchema, description: 'Problem details' } } }
  })
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}
