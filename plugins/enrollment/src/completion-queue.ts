/**
 * Groups work that arrives while earlier groups are running: the first item of a quiet moment runs
 * alone and at once; under load, items queue while at most `maxInFlight` groups run, and each finished
 * group starts the next with everything queued (up to `maxBatch`). Throughput grows with load, and no
 * item waits for a timer. When a group fails as a whole, its items are retried one by one, so one bad
 * item fails alone.
 */
interface Entry<In, Out> {
  item: In
  resolve(out: Out): void
  reject(error: unknown): void
}

export class CompletionQueue<In, Out> {
  readonly #run: (items: In[]) => Promise<Out[]>
  readonly #maxInFlight: number
  readonly #maxBatch: number
  #queue: Array<Entry<In, Out>> = []
  #inFlight = 0

  constructor(run: (items: In[]) => Promise<Out[]>, options: { maxInFlight?: number; maxBatch?: number } = {}) {
    this.#run = run
    this.#maxInFlight = options.maxInFlight ?? 2
    this.#maxBatch = options.maxBatch ?? 64
  }

  /** Resolves with this item's result (the `run` result at the item's index). */
  add(item: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject })
      this.#drain()
    })
  }

  #drain(): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch)
      this.#inFlight += 1
      this.#settle(batch).finally(() => {
        this.#inFlight -= 1
        this.#drain()
      })
    }
  }

  async #settle(batch: Array<Entry<In, Out>>): Promise<void> {
    try {
      const results = await this.#call(batch.map((entry) => entry.item))
      batch.forEach((entry, i) => entry.resolve(results[i]!))
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error)
      await Promise.all(batch.map((entry) => this.#call([entry.item]).then(([out]) => entry.resolve(out!), entry.reject)))
    }
  }

  /** `run`, started at once, with a synchronous throw turned into a rejection that reaches the items. */
  #call(items: In[]): Promise<Out[]> {
    try {
      return this.#run(items)
    } catch (error) {
      return Promise.reject(error)
    }
  }
}
