import cluster from 'node:cluster'
import { AggregatorRegistry, type Registry } from 'prom-client'

/** IPC message types between a worker's `/metrics` and its primary. */
const REQUEST = 'edu:cluster-metrics-request'
const REPLY = 'edu:cluster-metrics-reply'
/** How long a worker waits for the primary (prom-client gives up on silent workers after 5 s). */
const TIMEOUT_MS = 6000

interface MetricsRequest { type: typeof REQUEST; id: number }
interface MetricsReply { type: typeof REPLY; id: number; text?: string; error?: string }

/**
 * The primary of `EDU_WORKERS`: answers a worker's request for the metrics of all workers, gathered and
 * aggregated by prom-client's `AggregatorRegistry` (counters and histograms summed; each gauge as its
 * `aggregator` option says, summed unless set). The primary serves no HTTP itself, so any worker's
 * `/metrics` asks it.
 */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry()
  cluster.on('message', (worker, message: MetricsRequest) => {
    if (message?.type !== REQUEST) return
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: REPLY, id: message.id, text } satisfies MetricsReply),
      (error: Error) => worker.send({ type: REPLY, id: message.id, error: error.message } satisfies MetricsReply),
    )
  })
}

/**
 * A worker of `EDU_WORKERS`: makes `registry` the one its primary gathers, and returns what its
 * `/metrics` answers: the Prometheus text of every worker together, from the primary. Rejects when the
 * primary does not answer in time.
 */
export function clusterMetricsReader(registry: Registry): () => Promise<string> {
  AggregatorRegistry.setRegistries([registry])
  // Constructing one installs the worker's listener for the primary's requests.
  new AggregatorRegistry()
  const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>()
  let next = 0
  process.on('message', (message: MetricsReply) => {
    if (message?.type !== REPLY) return
    const waiting = pending.get(message.id)
    if (!waiting) return
    pending.delete(message.id)
    clearTimeout(waiting.timer)
    if (message.text !== undefined) waiting.resolve(message.text)
    else waiting.reject(new Error(`The workers' metrics could not be gathered: ${message.error}`))
  })
  return () => new Promise<string>((resolve, reject) => {
    const id = next++
    const timer = setTimeout(() => {
      pending.delete(id)
      reject(new Error("The primary did not answer with the workers' metrics"))
    }, TIMEOUT_MS)
    pending.set(id, { resolve, reject, timer })
    process.send!({ type: REQUEST, id } satisfies MetricsRequest)
  })
}
