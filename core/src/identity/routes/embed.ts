import type { EduApp } from '../../plugin/types.ts'
import type { Auth } from '../auth.ts'
import type { AccountLimiter } from '../limits.ts'
import type { EmbedService } from '../embed.ts'
import { EmbedSession, EmbedSessionBody } from '../schemas.ts'

/** `POST /embed/sessions`: a school's backend mints a student token for its widgets (CONTRACT.md, Embedding). */
export async function embedRoutes(app: EduApp, { embed, auth, newStudents }: { embed: EmbedService; auth: Auth; newStudents: AccountLimiter }) {
  app.post('/embed/sessions', {
    preHandler: auth.requireApiKey('embed'),
    schema: {
      operationId: 'createEmbedSession',
      tags: ['embedding'],
      summary: "A short-lived student token for a school's own user; the student is created on first use",
      description: 'New students per key are limited (`auth.embedNewStudentLimit`, default 2,000 per 10 minutes): one over gets 429 with `Retry-After`; sessions of existing students are not counted.',
      body: EmbedSessionBody,
      response: { 201: EmbedSession },
    },
  }, async (request, reply) => reply.code(201).send(await embed.openSession(auth.principal(request).apiKey!, request.body, () => newStudents.count(request))))
}
