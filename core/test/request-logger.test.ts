import Fastify, { LogController } from 'fastify'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { LazyRequestLogger, lazyRequestLogger } from '../src/http/request-logger.ts'

/** A Fastify app logging JSON lines at `level` into an array, with the engine's request logger factory. */
function appLoggingTo(level: string) {
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  })
  const app = Fastify({ logger: { level, stream }, logController: new LogController({ disableRequestLogging: true }), childLoggerFactory: lazyRequestLogger })
  app.get('/quiet', async (request) => ({ lazy: request.log instanceof LazyRequestLogger }))
  app.get('/logs', async (request) => {
    request.log.debug('below the level')
    request.log.info({ step: 1 }, 'at the level')
    request.log.child({ part: 'inner' }).warn('from a child')
    return { id: request.id }
  })
  app.get('/chatty', { logLevel: 'debug' }, async (request) => {
    request.log.debug('the route asked for debug')
    return { id: request.id }
  })
  return { app, lines }
}

describe('the request logger, made on first use', () => {
  it("writes a request's lines with its request id, as Fastify's own child logger does", async () => {
    const { app, lines } = appLoggingTo('info')
    const res = await app.inject({ method: 'GET', url: '/logs' })
    const id = res.json().id
    expect(lines.map((l) => [l.reqId, l.msg, l.level])).toEqual([
      [id, 'at the level', 30],
      [id, 'from a child', 40],
    ])
    expect(lines[0]!.step).toBe(1)
    expect(lines[1]!.part).toBe('inner')
    await app.close()
  })

  it('writes nothing for a request that logs nothing, or below the level', async () => {
    const { app, lines } = appLoggingTo('warn')
    expect((await app.inject({ method: 'GET', url: '/quiet' })).json()).toEqual({ lazy: true })
    await app.inject({ method: 'GET', url: '/logs' })
    expect(lines.map((l) => l.msg)).toEqual(['from a child'])
    await app.close()
  })

  it("keeps a route's own log level", async () => {
    const { app, lines } = appLoggingTo('info')
    const res = await app.inject({ method: 'GET', url: '/chatty' })
    expect(lines).toEqual([expect.objectContaining({ reqId: res.json().id, msg: 'the route asked for debug', level: 20 })])
    await app.close()
  })
})
