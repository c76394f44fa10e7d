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
  /** Cache-lookup counters with their labels bound once: a cached answer's hot path does no label hashing. */
  readonly #lookups = new Map<string, { inc(): void }>()

  constructor(registry: Registry) {
    const registers = [registry]
    this.calls = new Counter({ name: 'edu_ai_provider_calls_total', help: 'AI provider calls (attempts)', labelNames: ['provider', 'model', 'operation', 'outcome'], registers })
    this.latency = new Histogram({
      name: 'edu_ai_provider_latency_seconds', help: 'AI provider call latency', labelNames: ['provider', 'model', 'operation'], registers,
      buckets: [0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    })
    this.cache = new Counter({ name: 'edu_ai_cache_lookups_total', help: 'AI result cache lookups', labelNames: ['provider', 'model', 'operation', 'result'], registers })
    this.errors = new Counter({ name: 'edu_ai_provider_errors_total', help: 'AI requests that failed after retries', labelNames: ['provider', 'model', 'operation', 'kind'], registers })
    this.tokens = new Counter({ name: 'edu_ai_tokens_total', help: 'Tokens reported by the AI provider', labelNames: ['provider', 'model', 'direction'], registers })
  }

  /** Counts one result-cache lookup (`edu_ai_cache_lookups_total`). */
  cacheLookup(provider: Pick<AiProvider, 'identifier' | 'model'>, operation: Operation, hit: boolean): void {
    const result = hit ? 'hit' : 'miss'
    const id = `${provider.identifier}\u0000${provider.model}\u0000${operation}\u0000${result}`
    let counter = this.#lookups.get(id)
    if (!counter) {
      counter = this.cache.labels({ provider: provider.identifier, model: provider.model, operation, result })
      this.#lookups.set(id, counter)
    }
    counter.inc()
  }
}
