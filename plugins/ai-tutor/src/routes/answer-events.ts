import { Readable } from 'node:stream'
import type { FastifyBaseLogger } from 'fastify'
import { PROVIDER_FAILURE_TITLES } from '../errors.ts'
import type { AnswerStream } from '../tutor/tutor.ts'

/**
 * An answer as Server-Sent Events (WHATWG HTML §9.2): `delta` events carry text as it is generated, `done` the
 * whole answer. A failure after the first event ends the stream with an `error` event holding problem details:
 * a provider failure (502, 503, 504) with its code and detail, as the JSON route answers it; anything else as a
 * 500 `EDU_INTERNAL` without detail (logged here), as the engine answers unexpected errors.
 */
export function answerEvents(stream: AnswerStream, log: FastifyBaseLogger): Readable {
  return Readable.from((async function* () {
    try {
      for await (const chunk of stream) {
        if ('text' in chunk) yield `event: delta\ndata: ${JSON.stringify({ text: chunk.text })}\n\n`
        else yield `event: done\ndata: ${JSON.stringify(chunk.done)}\n\n`
      }
    } catch (error) {
      yield `event: error\ndata: ${JSON.stringify(problemOf(error, log))}\n\n`
    }
  })())
}

function problemOf(error: unknown, log: FastifyBaseLogger) {
  const e = error as { statusCode?: number; code?: string; message?: string }
  const title = e.code ? PROVIDER_FAILURE_TITLES[e.code] : undefined
  if (title) return { type: 'about:blank', title, status: e.statusCode ?? 503, code: e.code, detail: e.message }
  log.error({ err: error }, 'ai-tutor: the answer stream failed')
  return { type: 'about:blank', title: 'Internal Server Error', status: 500, code: 'EDU_INTERNAL', detail: 'An unexpected error occurred' }
}
