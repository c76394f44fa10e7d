import { describe, expect, it } from 'vitest'
import { createTestEngine } from '../src/testing/index.ts'
import { slow, slowArrivals, slowReleases } from './fixtures/plugins.ts'

/** True once the engine no longer serves new requests: refused connection, or a 503 while it drains. */
async function refusesNewRequests(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health/live`)
    await res.arrayBuffer()
    return res.status === 503
  } catch {
    return true
  }
}

describe('graceful shutdown over a real socket', () => {
  it('finishes in-flight requests, then refuses new connections', async () => {
    const t = await createTestEngine({ plugins: [slow()] })
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = t.app.server.address() as { port: number }
    const arrived = new Promise<void>((resolve) => slowArrivals.push(resolve))
    const inFlight = fetch(`http://127.0.0.1:${port}/api/v1/slow`)
    await arrived
    const closing = t.close()
    // The held request is released only once shutdown has visibly begun, so it is in flight across it.
    while (!(await refusesNewRequests(port))) await new Promise((r) => setTimeout(r, 5))
    for (const release of slowReleases.splice(0)) release()
    const res = await inFlight
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ done: true })
    await closing
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } })
  })
})
