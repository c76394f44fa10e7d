import { describe, expect, it } from 'vitest'
import { CompletionQueue } from '../src/completion-queue.ts'

/** A run function whose batches finish when the test says so. */
function gated() {
  const batches: number[][] = []
  const gates: Array<() => void> = []
  const run = (items: number[]) => {
    batches.push(items)
    return new Promise<number[]>((resolve, reject) => {
      gates.push(() => (items.includes(-1) ? reject(new Error(`bad item in ${items}`)) : resolve(items.map((n) => n * 10))))
    })
  }
  const release = async () => {
    gates.shift()!()
    await new Promise((r) => setTimeout(r, 0))
  }
  return { batches, run, release }
}

describe('CompletionQueue', () => {
  it('runs a lone item at once, and groups what arrives while the groups in flight run', async () => {
    const g = gated()
    const queue = new CompletionQueue(g.run, { maxInFlight: 1, maxBatch: 3 })
    const results = [queue.add(1)]
    expect(g.batches).toEqual([[1]])
    results.push(queue.add(2), queue.add(3), queue.add(4), queue.add(5))
    expect(g.batches).toEqual([[1]])
    await g.release()
    expect(g.batches).toEqual([[1], [2, 3, 4]])
    await g.release()
    expect(g.batches).toEqual([[1], [2, 3, 4], [5]])
    await g.release()
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50])
  })

  it('keeps at most maxInFlight groups running', async () => {
    const g = gated()
    const queue = new CompletionQueue(g.run, { maxInFlight: 2 })
    const results = [1, 2, 3, 4].map((n) => queue.add(n))
    expect(g.batches).toEqual([[1], [2]])
    await g.release()
    expect(g.batches).toEqual([[1], [2], [3, 4]])
    await g.release()
    await g.release()
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40])
  })

  it('retries a failed group item by item, so only the bad item fails', async () => {
    const g = gated()
    const queue = new CompletionQueue(g.run, { maxInFlight: 1 })
    const first = queue.add(1)
    const rest = [2, -1, 3].map((n) => queue.add(n).then((v) => ({ ok: v }), (e: Error) => ({ error: e.message })))
    await g.release()
    await g.release() // the group [2, -1, 3] fails…
    expect(g.batches.slice(2)).toEqual([[2], [-1], [3]]) // …and each item runs alone
    await g.release()
    await g.release()
    await g.release()
    expect(await first).toBe(10)
    expect(await Promise.all(rest)).toEqual([{ ok: 20 }, { error: 'bad item in -1' }, { ok: 30 }])
  })

  it('hands a run that throws at once to the items, not to the process', async () => {
    const queue = new CompletionQueue<number, number>((items) => {
      if (items.includes(-1)) throw new Error('refused')
      return Promise.resolve(items.map((n) => n + 1))
    }, { maxInFlight: 1 })
    const results = await Promise.allSettled([queue.add(1), queue.add(-1), queue.add(2)])
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([2, 'refused', 3])
  })
})
