import { performance } from 'node:perf_hooks'
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/**
 * When the engine has gone quiet after a burst (thousands of notification streams opened, a spike of
 * requests), V8 keeps the old generation it grew for it committed, and the burst's last garbage in it: with
 * 10,000 streams held, a memory-reducing collection gives back 30–40 MB of RSS. V8's memory reducer would
 * run one, but it judges the allocation rate only at collections, and an idle engine collects nothing; Node
 * has no call to tell V8 the process is idle (browsers do). So the engine looks at its event loop every
 * `intervalMs` (a timer, nothing per request) and, once the loop has been quiet for `quietChecks` looks in a
 * row and the committed heap has grown by `minGrowthBytes` since the last such collection (or the start),
 * asks V8 for one memory-reducing collection: what V8 runs before giving up on an allocation (garbage
 * collected, pages compacted and returned to the system). docs/deployment.md, "The engine process";
 * figures in docs/benchmarks.md.
 */
export interface IdleReclaimOptions {
  /** How often the event loop and the heap are looked at, ms. Default 1000. */
  intervalMs?: number
  /** Quiet looks in a row before a collection. Default 3 (3 s at the default interval). */
  quietChecks?: number
  /** The loop is quiet when busy less than this share (0–1) of a look's interval. Default 0.05 (an idle engine holding streams: under 0.01). */
  maxUtilization?: number
  /** Growth of the committed heap (young generation left out) since the last collection, bytes, worth another. Default 16 MiB. */
  minGrowthBytes?: number
  /** Least time between two collections, ms. Default 10000. */
  minGapMs?: number
}

/** What one look decided: `busy` (the loop worked), `waiting` (quiet, not long enough), `recent` (a collection less than `minGapMs` ago), `small` (the heap has not grown enough), `collecting`, `collected`. */
export type IdleCheck = 'busy' | 'waiting' | 'recent' | 'small' | 'collecting' | 'collected'

/** One memory-reducing collection, as it went. */
export interface IdleCollection {
  /** Committed heap before and after (young generation left out), bytes. */
  committedBefore: number
  committedAfter: number
  /** Used heap before and after (young generation left out), bytes. */
  usedBefore: number
  usedAfter: number
  /** Wall time, ms (the collection stops JavaScript meanwhile). */
  durationMs: number
  /** CPU time the process used meanwhile, ms. */
  cpuMs: number
}

type GcFunction = (options: { type: 'major'; execution: 'async'; flavor: 'last-resort' }) => Promise<void>

let exposed: GcFunction | undefined

/**
 * V8's `gc` function, without `--expose-gc` on the command line: the flag is set for the creation of one
 * fresh context, which carries the function, and cleared again, so no other code sees a global `gc` (what
 * Jest does for `--logHeapUsage`). The process's own `gc` when Node runs with `--expose-gc`.
 */
export function exposedGc(): GcFunction {
  if (exposed) return exposed
  const own = (globalThis as { gc?: unknown }).gc
  if (typeof own === 'function') return (exposed = own as GcFunction)
  setFlagsFromString('--expose-gc')
  try {
    exposed = runInNewContext('gc') as GcFunction
  } finally {
    setFlagsFromString('--no-expose-gc')
  }
  return exposed
}

/** Committed and used bytes of V8's heap outside the young generation (whose size is set by --max-semi-space-size). */
export function oldHeap(): { committed: number; used: number } {
  let committed = 0
  let used = 0
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name === 'new_space' || space.space_name === 'new_large_object_space') continue
    committed += space.space_size
    used += space.space_used_size
  }
  return { committed, used }
}

/**
 * Runs one memory-reducing collection after a burst, when the engine is idle (see IdleReclaimOptions).
 * `start()` begins looking (an unreferenced timer: it never keeps the process alive), `stop()` ends it.
 * `onCollected` hears each collection (the engine logs it).
 */
export class IdleHeapReclaimer {
  readonly #interval: number
  readonly #quietChecks: number
  readonly #maxUtilization: number
  readonly #minGrowth: number
  readonly #minGap: number
  readonly #onCollected: (collection: IdleCollection) => void
  #timer: NodeJS.Timeout | undefined
  #lastLoop = performance.eventLoopUtilization()
  #quiet = 0
  #lastCollection = -Infinity
  #collecting = false
  /** The committed heap after the last collection, or lower if V8 shrank it since (0 before the first). */
  #baseline = 0
  #collections = 0

  constructor(options: IdleReclaimOptions = {}, onCollected: (collection: IdleCollection) => void = () => {}) {
    this.#interval = options.intervalMs ?? 1000
    this.#quietChecks = options.quietChecks ?? 3
    this.#maxUtilization = options.maxUtilization ?? 0.05
    this.#minGrowth = options.minGrowthBytes ?? 16 * 1024 * 1024
    this.#minGap = options.minGapMs ?? 10_000
    this.#onCollected = onCollected
  }

  /** Collections run so far. */
  get collections(): number {
    return this.#collections
  }

  start(): this {
    if (this.#timer) return this
    this.#lastLoop = performance.eventLoopUtilization()
    this.#timer = setInterval(() => void this.check(), this.#interval).unref()
    return this
  }

  stop(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }

  /** One look (the timer's): how busy the loop was since the last look, then the heap's growth; collects when both say so. */
  async check(): Promise<IdleCheck> {
    const loop = performance.eventLoopUtilization()
    const busy = performance.eventLoopUtilization(loop, this.#lastLoop).utilization
    this.#lastLoop = loop
    if (this.#collecting) return 'collecting'
    if (busy > this.#maxUtilization) {
      this.#quiet = 0
      return 'busy'
    }
    if (++this.#quiet < this.#quietChecks) return 'waiting'
    if (performance.now() - this.#lastCollection < this.#minGap) return 'recent'
    const before = oldHeap()
    // V8 shrinks the heap on its own too: growth counts from the lowest it has been since.
    this.#baseline = Math.min(this.#baseline, before.committed)
    if (before.committed - this.#baseline < this.#minGrowth) return 'small'
    this.#collecting = true
    const started = performance.now()
    const cpu = process.cpuUsage()
    try {
      await exposedGc()({ type: 'major', execution: 'async', flavor: 'last-resort' })
    } finally {
      this.#collecting = false
      this.#quiet = 0
      this.#lastCollection = performance.now()
      // What the collection took is not the next look's business.
      this.#lastLoop = performance.eventLoopUtilization()
    }
    this.#collections += 1
    const cpuUsed = process.cpuUsage(cpu)
    const after = oldHeap()
    this.#baseline = after.committed
    this.#onCollected({
      committedBefore: before.committed,
      committedAfter: after.committed,
      usedBefore: before.used,
      usedAfter: after.used,
      durationMs: Math.round(performance.now() - started),
      cpuMs: Math.round((cpuUsed.user + cpuUsed.system) / 1000),
    })
    return 'collected'
  }
}
