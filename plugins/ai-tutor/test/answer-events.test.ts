import type { FastifyBaseLogger } from 'fastify'
import { describe, expect, it } from 'vitest'
import { ProviderTimeout } from '../src/errors.ts'
import { answerEvents } from '../src/routes/answer-events.ts'
import type { AnswerStream } from '../src/tutor/tutor.ts'

/** A logger that keeps what is logged at `error`, to show what the server keeps for itself. */
function keepingLogger() {
  const errors: Array<{ obj: unknown; msg: unknown }> = []
  const log = { error: (obj: unknown, msg: unknown) => errors.push({ obj, msg }) } as unknown as FastifyBaseLogger
  return { log, errors }
}

async function eventsOf(stream: AnswerStream, log: FastifyBaseLogger) {
  let text = ''
  for await (const piece of answerEvents(stream, log)) text += String(piece)
  return text.trim().split('\n\n').map((block) => {
    const [event, data] = block.split('\n')
    return { event: event!.slice('event: '.length), data: JSON.parse(data!.slice('data: '.length)) }
  })
}

async function* failingAfterOnePiece(error: Error): AnswerStream {
  yield { text: 'Water ' }
  throw error
}

describe('the answer as Server-Sent Events', () => {
  it('ends with a provider failure as its problem, code and detail included', async () => {
    const { log, errors } = keepingLogger()
    const events = await eventsOf(failingAfterOnePiece(new ProviderTimeout(20000)), log)
    expect(events).toEqual([
      { event: 'delta', data: { text: 'Water ' } },
      { event: 'error', data: { type: 'about:blank', title: 'Gateway Timeout', status: 504, code: 'EDU_AI_TIMEOUT', detail: 'The AI provider did not answer within 20000 ms' } },
    ])
    expect(errors).toEqual([])
  })

  it('ends with any other failure as a 500 without its detail, which is logged and not sent', async () => {
    const { log, errors } = keepingLogger()
    const cause = new Error('connect ECONNREFUSED 10.0.0.7:6379 (cache.internal)')
    const events = await eventsOf(failingAfterOnePiece(cause), log)
    expect(events).toEqual([
      { event: 'delta', data: { text: 'Water ' } },
      { event: 'error', data: { type: 'about:blank', title: 'Internal Server Error', status: 500, code: 'EDU_INTERNAL', detail: 'An unexpected error occurred' } },
    ])
    expect(JSON.stringify(events)).not.toContain('10.0.0.7')
    expect(errors).toEqual([{ obj: { err: cause }, msg: 'ai-tutor: the answer stream failed' }])
  })
})
