import { connect, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { definePlugin } from '../src/index.ts'
import { MAX_WAITING_PER_CONNECTION } from '../src/http/pipelining.ts'
import { createTestEngine, waitUntil, type TestEngine } from '../src/testing/index.ts'

// HTTP/1.1 pipelining over a real socket: a request sent behind another runs in its turn.

let release: () => void = () => {}
let slowStarted = false
const marks: string[] = []
const pipelined = definePlugin({
  name: 'pipelined',
  register(app) {
    app.get('/slow', async () => {
      slowStarted = true
      await new Promise<void>((resolve) => { release = resolve })
      return { slow: true }
    })
    app.post('/mark/:name', async (request) => {
      marks.push((request.params as { name: string }).name)
      return { marked: true }
    })
  },
})

let t: TestEngine
let port: number
beforeAll(async () => {
  t = await createTestEngine({ plugins: [pipelined()] })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  port = (t.app.server.address() as AddressInfo).port
})
afterAll(async () => {
  release()
  await t?.close()
})

/** A connection that collects what the engine sends, and says when the engine closed it. */
function open() {
  const socket = connect(port, '127.0.0.1')
  const state = { received: '', closed: false }
  socket.setEncoding('utf8').on('data', (chunk: string) => { state.received += chunk })
  socket.on('error', () => {})
  socket.on('close', () => { state.closed = true })
  return { socket, state }
}
const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: engine\r\n\r\n`
const post = (path: string) => `POST ${path} HTTP/1.1\r\nHost: engine\r\nContent-Length: 0\r\n\r\n`
const statuses = (text: string) => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]))

describe('HTTP/1.1 pipelining', () => {
  it('answers requests pipelined on one connection, in order', async () => {
    const { socket, state } = open()
    socket.write(get('/health/live') + get('/api/v1/nowhere') + post('/api/v1/mark/in-order'))
    await waitUntil(() => statuses(state.received).length === 3)
    expect(statuses(state.received)).toEqual([200, 404, 200])
    expect(state.received.indexOf('"code":"EDU_ROUTE_NOT_FOUND"')).toBeLessThan(state.received.indexOf('"marked":true'))
    expect(marks).toEqual(['in-order'])
    socket.destroy()
  })

  it('runs a request sent behind a slow one only once that one has been answered', async () => {
    marks.length = 0
    slowStarted = false
    const { socket, state } = open()
    socket.write(get('/api/v1/slow') + post('/api/v1/mark/behind'))
    await waitUntil(() => slowStarted)
    // A request on another connection goes through meanwhile; the one behind the slow one has not run.
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200)
    expect(marks).toEqual([])
    expect(state.received).toBe('')
    release()
    await waitUntil(() => statuses(state.received).length === 2)
    expect(statuses(state.received)).toEqual([200, 200])
    expect(marks).toEqual(['behind'])
    socket.destroy()
  })

  it(`closes a connection with more than ${MAX_WAITING_PER_CONNECTION} requests waiting, and runs none of them`, async () => {
    marks.length = 0
    slowStarted = false
    const { socket, state } = open()
    const waiting = Array.from({ length: MAX_WAITING_PER_CONNECTION + 1 }, (_, i) => post(`/api/v1/mark/w${i}`))
    socket.write(get('/api/v1/slow') + waiting.join(''))
    await waitUntil(() => state.closed)
    expect(state.received).toBe('')
    release()
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200)
    expect(marks).toEqual([])
  })
})
