import { Counter, Histogram, type Registry } from 'prom-client'
import type { AiProvider } from './providers/provider.ts'

export type Operation = 'summary' | 'quiz' | 'answer'

/**
 * Prometheus metrics of the AI tutor, by provider and model:
 * `edu_ai_provider_calls_total{provider,model,operation,outcome}` (one per attempt; outcome ok, timeout, rate_limited,
 * unavailable, malformed), `edu_ai_provider_latency_seconds{provider,model,operation}`,
 * `edu_ai_cache_lookups_total{provider,model,operation,result}` (hit, miss),
 * `edu_ai_provider_errors_total{provider,model,operation,kind}` and `edu_ai_tokens_total{provider,model,direction}`
 * (input, output; as the provider reports them — the offline provider reports none).
 */
export class AiMetrics {
  readonly calls: Counter
  readonly latency: Histogram
  readonly cache: Counter
  readonly errors: Counter
  readonly tokens: Counter
  /** The result-cache lookups counted so far, by their labels (see `cacheLookups`). */
  readonly #lookups: Array<{ labels: Record<string, string>; count: { n: number } }> = []
  constructor(registry: Registry) {
    const registers = [registry]
    this.calls = new Counter({ name: 'edu_ai_provider_calls_total', help: 'AI provider calls (attempts)', labelNames: ['provider', 'model', 'operation', 'outcome'], registers })
    this.latency = new Histogram({
      name: 'edu_ai_provider_latency_seconds', help: 'AI provider call latency', labelNames: ['provider', 'model', 'operation'], registers,
      buckets: [0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    })
    // Counted in plain numbers on the request path (prom-client's `inc` checks and hashes the labels on every call,
    // bound or not) and handed to prom-client when scraped.
    const lookups = this.#lookups
    this.cache = new Counter({
      name: 'edu_ai_cache_lookups_total', help: 'AI result cache lookups', labelNames: ['provider', 'model', 'operation', 'result'], registers,
      collect() {
        this.reset()
        for (const { labels, count } of lookups) if (count.n > 0) this.inc(labels, count.n)
      },
    })
    this.errors = new Counter({ name: 'edu_ai_provider_errors_total', help: 'AI requests that failed after retries', labelNames: ['provider', 'model', 'operation', 'kind'], registers })
    this.tokens = new Counter({ name: 'edu_ai_tokens_total', help: 'Tokens reported by the AI provider', labelNames: ['provider', 'model', 'direction'], registers })
  }

  /**
   * The result-cache lookup counters (`edu_ai_cache_lookups_total`) of one provider and operation, a hit's and
   * a miss's, with their labels bound: counting one costs no label hashing (keep them, call `inc()`).
   */
  cacheLookups(provider: Pick<AiProvider, 'identifier' | 'model'>, operation: Operation): Record<'hit' | 'miss', { inc(): void }> {
    const counter = (result: 'hit' | 'miss') => {
      const count = { n: 0 }
      this.#lookups.push({ labels: { provider: provider.identifier, model: provider.model, operation, result }, count })
      return { inc: () => void (count.n += 1) }
    }
    return { hit: counter('hit'), miss: counter('miss') }
  }
}
