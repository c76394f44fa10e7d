import Fastify from 'fastify'
import type { ServerResponse } from 'node:http'

// The ceiling for the notifications stream: bare Fastify holding SSE streams (hijacked replies, as the
// engine does), one timer writing a heartbeat to all of them every 15 s (the engine's default), and a frame
// written to one of them when asked, with no database, auth or fan-out.
const streams = new Map<string, ServerResponse>()
const app = Fastify({ logger: false })
app.get<{ Params: { id: string } }>('/stream/:id', (request, reply) => {
  reply.hijack()
  reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' })
  reply.raw.write('retry: 3000\n\n')
  streams.set(request.params.id, reply.raw)
  request.raw.on('close', () => streams.delete(request.params.id))
})
app.post<{ Params: { id: string } }>('/emit/:id', async (request) => {
  streams.get(request.params.id)?.write(`id: ${Date.now()}\nevent: notification\ndata: {"id":"${request.params.id}"}\n\n`)
  return { ok: true }
})
setInterval(() => {
  for (const stream of streams.values()) stream.write(': heartbeat\n\n')
}, 15_000).unref()
await app.listen({ port: Number(process.env.PORT ?? 3304), host: '127.0.0.1' })
console.log('listening')
