import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { problemResponse } from './openapi.ts'
import { sendProblem } from './problem.ts'

const Health = Type.Object({ status: Type.String(), checks: Type.Optional(Type.Record(Type.String(), Type.String())) })

export function registerHealth(app: FastifyInstance, checkDatabase: () => Promise<string[]>) {
  const tags = ['operations']
  app.get('/health/live', { schema: { operationId: 'getLiveness', tags, summary: 'The process is up', response: { 200: Health } } }, async () => ({ status: 'ok' }))
  app.get('/health/ready', {
    schema: { operationId: 'getReadiness', tags, summary: 'Database reachable and migrations applied (503 otherwise)', response: { 200: Health, 503: problemResponse('The database is unreachable or migrations are pending') } },
  }, async (_request, reply) => {
    try {
      const pending = await checkDatabase()
      if (pending.length > 0) return sendProblem(reply, { status: 503, code: 'EDU_NOT_READY', detail: `Pending migrations: ${pending.join(', ')}` })
      return { status: 'ok', checks: { database: 'ok', migrations: 'ok' } }
    } catch (error) {
      return sendProblem(reply, { status: 503, code: 'EDU_NOT_READY', detail: `Database unreachable: ${(error as Error).message}` })
    }
  })
}
