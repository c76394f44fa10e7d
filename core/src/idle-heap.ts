import { performance } from 'node:perf_hooks'
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Type, type Static } from 'typebox'
import { checkConfigOption } from './config-option.ts'

/**
 * When the engine has gone quiet while it holds many connections (thousands of notification streams opened),
 * V8 keeps the old generation it grew for them committed, and the burst's last garbage in it: with 10,000
 * streams held, a memory-reducing collection gives back 30–40 MB of RSS. V8's memory reducer would run one,
 * but it judges the allocation rate only at collections, and an engine whose streams wait quietly collects
 * nothing; Node has no call to tell V8 the process is idle (browsers do). So the engine looks at its event
 * loop every `intervalMs` (a timer, nothing per request) and, once the loop has been quiet for `quietChecks`
 * looks in a row, it holds at least `minConnections` open connections and the committed heap has grown by
 * `minGrowthBytes` since the last such collection (or the start), asks V8 for one memory-reducing
 * collection: what V8 runs before giving up on an allocation (garbage collected, pages compacted and returned
 * to the system).
 *
 * Why only with connections held: a memory-reducing collection does not retain the maps (object shapes) that
 * only optimized code still refers to (V8's `RetainMaps` is off when reducing memory), and on an engine with
 * no request in flight that is most of the request path's shapes: V8 deoptimizes ~180 functions ("embedded
 * weak objects cleared") and the next seconds of load re-optimize them, several µs of CPU a request for up to
 * 10 s. After a burst of short requests V8's own memory reducer compacts the heap (the burst's collections
 * arm it); what it leaves committed is the heap grown for connections that stay open. docs/deployment.md,
 * "The engine process"; figures in docs/benchmarks.md.
 */
export const IdleReclaimOptionsSchema = Type.Object({
  intervalMs: Type.Optional(Type.Integer({ minimum: 1, description: 'How often the event loop and the heap are looked at, ms. Default 1000.' })),
  quietChecks: Type.Optional(Type.Integer({ minimum: 1, description: 'Quiet looks in a row before a collection. Default 3 (3 s at the default interval).' })),
  maxUtilization: Type.Optional(Type.Number({ minimum: 0, maximum: 1,
    description: 'The loop is quiet when busy less than this share (0–1) of a look\'s interval. Default 0.05 (an idle engine holding streams: under 0.01).' })),
  minGrowthBytes: Type.Optional(Type.Integer({ minimum: 0,
    description: 'Growth of the committed heap (young generation left out) since the last collection, bytes, worth another. Default 16 MiB.' })),
  minGapMs: Type.Optional(Type.Integer({ minimum: 0, description: 'Least time between two collections, ms. Default 10000.' })),
  minConnections: Type.Optional(Type.Integer({ minimum: 0,
    description: 'Open connections the server must hold for a collection (streams, mostly). Default 1000; 0 collects without any.' })),
}, { additionalProperties: false })

/** `memory.idleReclaim` as an object (`IdleReclaimOptionsSchema`: each field's unit and default). */
export type IdleReclaimOptions = Static<typeof IdleReclaimOptionsSchema>

/** `memory.idleReclaim` in edu.config.ts that `IdleReclaimOptionsSchema` refuses: the message is one line naming the field. */
export class IdleReclaimConfigError extends Error {
  override name = 'IdleReclaimConfigError'
}

/**
 * `memory.idleReclaim` of edu.config.ts, checked: undefined or true (the defaults: `{}`), false (off: undefined),
 * or options `IdleReclaimOptionsSchema` accepts. Anything else throws an `IdleReclaimConfigError` naming the first
 * field at fault, e.g. `memory.idleReclaim.minConnections in edu.config.ts must be integer; got "lots"`.
 */
export function idleReclaimConfig(value: unknown): IdleReclaimOptions | undefined {
  if (value === undefined || value === true) return {}
  if (value === false) return undefined
  return checkConfigOption('memory.idleReclaim', IdleReclaimOptionsSchema, value, 'true, false or an object of options', (line) => new IdleReclaimConfigError(line))
}

/** What one look decided: `busy` (the loop worked), `waiting` (quiet, not long enough), `recent` (a collection less than `minGapMs` ago), `few-connections` (fewer than `minConnections` open), `small` (the heap has not grown enough), `collecting`, `collected`. */
export type IdleCheck = 'busy' | 'waiting' | 'recent' | 'few-connections' | 'small' | 'collecting' | 'collected'

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
 * Runs one memory-reducing collection after a burst, when the engine is idle and holds many connections (see
 * IdleReclaimOptions). `start()` begins looking (an unreferenced timer: it never keeps the process alive),
 * `stop()` ends it; `collect()` runs one at once (the engine's start, before it listens). `onCollected` hears
 * each collection the looks run (the engine logs it); `openConnections` says how many connections the server holds
 * (`server.getConnections`); without it the connection count is not looked at.
 */
export class IdleHeapReclaimer {
  readonly #interval: number
  readonly #quietChecks: number
  readonly #maxUtilization: number
  readonly #minGrowth: number
  readonly #minGap: number
  readonly #minConnections: number
  readonly #openConnections: () => number | Promise<number>
  readonly #onCollected: (collection: IdleCollection) => void
  #timer: NodeJS.Timeout | undefined
  #lastLoop = performance.eventLoopUtilization()
  #quiet = 0
  #lastCollection = -Infinity
  #collecting = false
  /** The committed heap after the last collection, or lower if V8 shrank it since (0 before the first). */
  #baseline = 0
  #collections = 0

  constructor(options: IdleReclaimOptions = {}, onCollected: (collection: IdleCollection) => void = () => {}, openConnections?: () => number | Promise<number>) {
    this.#interval = options.intervalMs ?? 1000
    this.#quietChecks = options.quietChecks ?? 3
    this.#maxUtilization = options.maxUtilization ?? 0.05
    this.#minGrowth = options.minGrowthBytes ?? 16 * 1024 * 1024
    this.#minGap = options.minGapMs ?? 10_000
    this.#minConnections = openConnections ? (options.minConnections ?? 1000) : 0
    this.#openConnections = openConnections ?? (() => 0)
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

  /** One look (the timer's): how busy the loop was since the last look, the connections held, then the heap's growth; collects when all say so. */
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
    if (this.#minConnections > 0 && (await this.#openConnections()) < this.#minConnections) return 'few-connections'
    const before = oldHeap()
    // V8 shrinks the heap on its own too: growth counts from the lowest it has been since.
    this.#baseline = Math.min(this.#baseline, before.committed)
    if (before.committed - this.#baseline < this.#minGrowth) return 'small'
    this.#onCollected(await this.collect())
    return 'collected'
  }

  /** One memory-reducing collection now, whatever the loop and the heap (`onCollected` is not told); resolves with what it gave back. */
  async collect(): Promise<IdleCollection> {
    const before = oldHeap()
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
    const collection: IdleCollection = {
      committedBefore: before.committed,
      committedAfter: after.committed,
      usedBefore: before.used,
      usedAfter: after.used,
      durationMs: Math.round(performance.now() - started),
      cpuMs: Math.round((cpuUsed.user + cpuUsed.system) / 1000),
    }
    return collection
  }
}
