import type { Registry } from 'prom-client'

/** One series: the requests of one route, method and status. */
interface Series {
  labels: { method: string; route: string; status_code: number }
  /** Requests per bucket (not cumulative), by index of `RequestDurations.buckets`; the last counts those above every bound. */
  counts: Float64Array
  /** Seconds, all requests together. */
  sum: number
  count: number
}

/**
 * `edu_http_request_duration_seconds`: a Prometheus histogram of request durations (seconds) by `method`, `route`
 * and `status_code`, registered in a prom-client registry like its own metrics: the same exposition (`_bucket`
 * with `le`, `_sum`, `_count`), summed across `EDU_WORKERS` by `AggregatorRegistry`, cleared by `resetMetrics()`.
 *
 * Its own code rather than prom-client's `Histogram` because it is observed on every request: `Histogram#observe`
 * validates the label object, builds a string key from it and counts the bucket under its bound turned into a
 * string, ~0.5-1.5 µs a request; here a request finds its series through three map lookups (route, method, status)
 * and counts a bucket by index.
 */
export class RequestDurations {
  readonly name = 'edu_http_request_duration_seconds'
  readonly help = 'HTTP request duration by route, method and status'
  readonly type = 'histogram'
  readonly aggregator = 'sum'
  readonly labelNames = ['method', 'route', 'status_code']
  /** Upper bounds of the buckets, seconds, ascending. */
  readonly buckets: readonly number[]
  private series = new Map<string, Map<string, Map<number, Series>>>()

  constructor(buckets: readonly number[], registers: Registry[]) {
    this.buckets = [...buckets].sort((a, b) => a - b)
    for (const registry of registers) registry.registerMetric(this as never)
  }

  /** Counts one request that took `seconds`. */
  observe(method: string, route: string, statusCode: number, seconds: number) {
    let byMethod = this.series.get(route)
    if (!byMethod) this.series.set(route, (byMethod = new Map()))
    let byStatus = byMethod.get(method)
    if (!byStatus) byMethod.set(method, (byStatus = new Map()))
    let series = byStatus.get(statusCode)
    if (!series) {
      series = { labels: { method, route, status_code: statusCode }, counts: new Float64Array(this.buckets.length + 1), sum: 0, count: 0 }
      byStatus.set(statusCode, series)
    }
    let i = 0
    while (i < this.buckets.length && seconds > this.buckets[i]!) i++
    series.counts[i]! += 1
    series.sum += seconds
    series.count += 1
  }

  /** Forgets every series (prom-client's `Registry#resetMetrics`). */
  reset() {
    this.series = new Map()
  }

  /** The figures in prom-client's form for a histogram (what `Histogram#get` returns), for the registry to print or aggregate. */
  async get() {
    const values: Array<{ labels: Record<string, string | number>; value: number; metricName: string }> = []
    for (const byMethod of this.series.values()) {
      for (const byStatus of byMethod.values()) {
        for (const { labels, counts, sum, count } of byStatus.values()) {
          let cumulative = 0
          this.buckets.forEach((bound, i) => {
            cumulative += counts[i]!
            values.push({ labels: { le: bound, ...labels }, value: cumulative, metricName: `${this.name}_bucket` })
          })
          values.push({ labels: { le: '+Inf', ...labels }, value: count, metricName: `${this.name}_bucket` })
          values.push({ labels: { ...labels }, value: sum, metricName: `${this.name}_sum` })
          values.push({ labels: { ...labels }, value: count, metricName: `${this.name}_count` })
        }
      }
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator }
  }
}
