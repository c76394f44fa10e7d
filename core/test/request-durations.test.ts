import { AggregatorRegistry, Histogram, Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { RequestDurations } from '../src/http/request-durations.ts'

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
const OBSERVED: Array<[string, string, number, number]> = [
  ['GET', '/health/live', 200, 0.0004],
  ['GET', '/health/live', 200, 0.001], // on a bound: counted in that bucket (le = less than or equal)
  ['GET', '/health/live', 200, 0.02],
  ['GET', '/health/live', 304, 0.003],
  ['POST', '/api/v1/auth/login', 401, 7], // above every bound: +Inf only
  ['GET', 'unmatched', 404, 0.0001],
]

/** The series lines of a metric in a registry's exposition, with the metric's name replaced by `m`. */
async function seriesOf(registry: { metrics(): Promise<string> }, name: string): Promise<string[]> {
  const text = await registry.metrics()
  return text.split('\n').filter((line) => line.startsWith(`${name}_`)).map((line) => `m${line.slice(name.length)}`)
}

describe('RequestDurations', () => {
  it('prints what prom-client\'s Histogram prints for the same observations', async () => {
    const ours = new Registry()
    const theirs = new Registry()
    const durations = new RequestDurations(BUCKETS, [ours])
    const histogram = new Histogram({ name: 'h', help: 'h', labelNames: ['method', 'route', 'status_code'], buckets: BUCKETS, registers: [theirs] })
    for (const [method, route, status, seconds] of OBSERVED) {
      durations.observe(method, route, status, seconds)
      histogram.observe({ method, route, status_code: status }, seconds)
    }
    const lines = await seriesOf(ours, 'edu_http_request_duration_seconds')
    expect(lines).toEqual(await seriesOf(theirs, 'h'))
    expect(lines).toContain('m_bucket{le="0.001",method="GET",route="/health/live",status_code="200"} 2')
    expect(lines).toContain('m_bucket{le="2.5",method="POST",route="/api/v1/auth/login",status_code="401"} 0')
    expect(lines).toContain('m_bucket{le="+Inf",method="POST",route="/api/v1/auth/login",status_code="401"} 1')
    expect(lines).toContain('m_count{method="GET",route="/health/live",status_code="200"} 3')
    expect(await ours.metrics()).toContain('# TYPE edu_http_request_duration_seconds histogram')
  })

  it('sums across workers as a prom-client histogram does, and is cleared by resetMetrics', async () => {
    const workers = [new Registry(), new Registry()]
    const durations = workers.map((registry) => new RequestDurations(BUCKETS, [registry]))
    durations[0]!.observe('GET', '/health/live', 200, 0.002)
    durations[1]!.observe('GET', '/health/live', 200, 0.004)
    durations[1]!.observe('GET', '/health/live', 500, 0.3)
    const total = AggregatorRegistry.aggregate(await Promise.all(workers.map((r) => r.getMetricsAsJSON())))
    const lines = await seriesOf(total, 'edu_http_request_duration_seconds')
    expect(lines).toContain('m_count{method="GET",route="/health/live",status_code="200"} 2')
    expect(lines).toContain('m_sum{method="GET",route="/health/live",status_code="200"} 0.006')
    expect(lines).toContain('m_bucket{le="0.0025",method="GET",route="/health/live",status_code="200"} 1')
    expect(lines).toContain('m_count{method="GET",route="/health/live",status_code="500"} 1')
    workers[1]!.resetMetrics()
    expect(await seriesOf(workers[1]!, 'edu_http_request_duration_seconds')).toEqual([])
  })
})
