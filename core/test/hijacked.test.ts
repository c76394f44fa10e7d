import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { settleHijackedReply } from '../src/http/hijacked.ts'

let app: FastifyInstance | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

/** A server whose `/stream` hijacks its reply, writes a head and stays open; `settle` says whether it settles the reply. */
async function streamServer(settle: boolean) {
  const responses: Array<{ status: number; open: boolean }> = []
  const open = new Set<import('node:http').ServerResponse>()
  app = Fastify({ logger: false, forceCloseConnections: true })
  app.addHook('onResponse', async (_request, reply) => {
    responses.push({ status: reply.statusCode, open: open.has(reply.raw) })
  })
  app.get('/stream', async (_request, reply) => {
    reply.hijack()
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' })
    reply.raw.write(': open\n\n')
    open.add(reply.raw)
    reply.raw.once('close', () => open.delete(reply.raw))
    if (settle) settleHijackedReply(reply)
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const connect = () => new Promise<{ close(): Promise<void> }>((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path: '/stream', agent: false }, (res) => {
      res.once('data', () => resolve({
        close: () => new Promise((done) => {
          res.once('close', () => done())
          req.destroy()
        }),
      }))
    })
    req.on('error', reject)
    req.end()
  })
  return { responses, open, connect }
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
}

describe('settleHijackedReply', () => {
  it('runs the onResponse hooks once, with the status written, while the stream stays open', async () => {
    const server = await streamServer(true)
    const stream = await server.connect()
    expect(server.responses).toEqual([{ status: 200, open: true }])
    await stream.close()
    await until(() => server.open.size === 0)
    expect(server.open.size).toBe(0)
    expect(server.responses).toEqual([{ status: 200, open: true }])
  })

  it('without it, the hooks have not run while the stream is open', async () => {
    const server = await streamServer(false)
    const stream = await server.connect()
    expect(server.open.size).toBe(1)
    expect(server.responses).toEqual([])
    await stream.close()
  })
})
