import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, waitUntil, type TestEngine } from '../src/testing/index.ts'
import { IdleHeapReclaimer, oldHeap, type IdleCheck, type IdleCollection } from '../src/idle-heap.ts'

const quietly = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The next look that finds the loop quiet. What a burst leaves (V8 finishing its marking and sweeping on the
 * main thread, on a loaded machine) can keep a look or two after it busy, so it looks again, up to 30 times.
 */
async function nextQuietLook(reclaimer: IdleHeapReclaimer): Promise<IdleCheck> {
  for (let look = 0; look < 30; look++) {
    await quietly(200)
    const result = await reclaimer.check()
    if (result !== 'busy') return result
  }
  throw new Error('the event loop never went quiet')
}

// A test process's loop is never as quiet as an idle engine's: a look is quiet below half busy here (requests flowing keep it near 1).
const TEST_QUIET = 0.5

/** Keeps the event loop busy, as a stream of requests does, with `app.inject` to a real route. */
async function serve(engine: TestEngine, requests: number): Promise<void> {
  for (let sent = 0; sent < requests; sent += 20) {
    const replies = await Promise.all(Array.from({ length: 20 }, () => engine.inject({ method: 'GET', url: '/health/live' })))
    for (const reply of replies) expect(reply.statusCode).toBe(200)
  }
}

describe('IdleHeapReclaimer', () => {
  let engine: TestEngine
  beforeAll(async () => {
    engine = await createTestEngine()
  })
  afterAll(async () => {
    await engine?.app.close()
  })

  it('never collects while requests flow, and collects once the engine has gone quiet after they stop', async () => {
    const collections: IdleCollection[] = []
    const reclaimer = new IdleHeapReclaimer({ quietChecks: 2, maxUtilization: TEST_QUIET, minGrowthBytes: 1, minGapMs: 0 }, (c) => collections.push(c))
    for (let look = 0; look < 5; look++) {
      await serve(engine, 200)
      expect(await reclaimer.check()).toBe('busy')
    }
    expect(reclaimer.collections).toBe(0)

    expect(await nextQuietLook(reclaimer)).toBe('waiting')
    expect(await nextQuietLook(reclaimer)).toBe('collected')
    expect(reclaimer.collections).toBe(1)
    expect(collections).toHaveLength(1)

    // Requests again: the quiet looks start over.
    await serve(engine, 200)
    expect(await reclaimer.check()).toBe('busy')
    expect(reclaimer.collections).toBe(1)
  })

  it('gives back the heap a burst left behind, and waits for the heap to grow again before the next collection', async () => {
    const collections: IdleCollection[] = []
    const reclaimer = new IdleHeapReclaimer({ quietChecks: 1, maxUtilization: TEST_QUIET, minGrowthBytes: 32 * 1024 * 1024, minGapMs: 0 }, (c) => collections.push(c))
    // A burst: about 70 MB of objects that live long enough to reach the old generation, then become garbage.
    let burst: Array<{ n: number; text: string }> | undefined = []
    for (let n = 0; n < 1_200_000; n++) burst.push({ n, text: `item ${n}` })
    await serve(engine, 100)
    const grown = oldHeap()
    expect(burst.length).toBe(1_200_000)
    burst = undefined
    expect(await reclaimer.check()).toBe('busy')
    expect(await nextQuietLook(reclaimer)).toBe('collected')
    const [collection] = collections
    expect(collection!.usedBefore - collection!.usedAfter).toBeGreaterThan(32 * 1024 * 1024)
    expect(collection!.committedBefore - collection!.committedAfter).toBeGreaterThan(32 * 1024 * 1024)
    expect(oldHeap().committed).toBeLessThan(grown.committed - 32 * 1024 * 1024)

    // Quiet again, but the heap has not grown by minGrowthBytes since: nothing to give back.
    expect(await nextQuietLook(reclaimer)).toBe('small')
    expect(reclaimer.collections).toBe(1)
  })

  it('waits minGapMs between two collections', async () => {
    const reclaimer = new IdleHeapReclaimer({ quietChecks: 1, maxUtilization: TEST_QUIET, minGrowthBytes: 1, minGapMs: 3_600_000 })
    expect(await nextQuietLook(reclaimer)).toBe('collected')
    expect(await nextQuietLook(reclaimer)).toBe('recent')
    expect(reclaimer.collections).toBe(1)
  })

  it('collects only while the server holds minConnections open connections, and collect() runs one at once', async () => {
    const collections: IdleCollection[] = []
    const server = engine.app.server
    await engine.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = server.address() as { port: number }
    const connections = () => new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))))
    const reclaimer = new IdleHeapReclaimer({ quietChecks: 1, maxUtilization: TEST_QUIET, minGrowthBytes: 1, minGapMs: 0, minConnections: 3 }, (c) => collections.push(c), connections)
    const sockets: Socket[] = []
    try {
      expect(await nextQuietLook(reclaimer)).toBe('few-connections')
      for (let n = 0; n < 3; n++) {
        const socket = connect(port, '127.0.0.1')
        await new Promise((resolve) => socket.once('connect', resolve))
        sockets.push(socket)
      }
      await waitUntil(async () => (await connections()) === 3, { message: 'three open connections' })
      expect(await nextQuietLook(reclaimer)).toBe('collected')
      expect(collections).toHaveLength(1)

      // collect(): now, without looking, and not told to onCollected (its caller logs it).
      const now = await reclaimer.collect()
      expect(now.committedAfter).toBeGreaterThan(0)
      expect(reclaimer.collections).toBe(2)
      expect(collections).toHaveLength(1)

      for (const socket of sockets.splice(0)) socket.destroy()
      await waitUntil(async () => (await connections()) === 0, { message: 'the connections closed' })
      expect(await nextQuietLook(reclaimer)).toBe('few-connections')
      expect(reclaimer.collections).toBe(2)
    } finally {
      for (const socket of sockets) socket.destroy()
    }
  })

  it('runs from its own timer once started, and not after stop()', async () => {
    const reclaimer = new IdleHeapReclaimer({ intervalMs: 50, quietChecks: 2, maxUtilization: TEST_QUIET, minGrowthBytes: 1, minGapMs: 0 }).start()
    try {
      await waitUntil(() => reclaimer.collections > 0, { message: 'a collection from the timer' })
    } finally {
      reclaimer.stop()
    }
    const stopped = reclaimer.collections
    await quietly(200)
    expect(reclaimer.collections).toBe(stopped)
  })
})
