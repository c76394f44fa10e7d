import { setTimeout as sleep } from 'node:timers/promises'
import { ProviderMalformed, ProviderTimeout, ProviderUnavailable } from '../errors.ts'
import type { AiMetrics, Operation } from '../metrics.ts'
import { ProviderFailure, type AiProvider, type Usage } from '../providers/provider.ts'

export interface RetryPolicy {
  /** Timeout of one attempt (ms). */
  timeoutMs: number
  /** Attempts after the first. */
  retries: number
  /** First backoff (ms), doubled per retry, capped at 8×. */
  backoffMs: number
}

/** Backoff before retry `n` (1-based): "full jitter" exponential backoff (AWS Architecture Blog, 2015). */
export function backoff(policy: RetryPolicy, n: number): number {
  const cap = policy.backoffMs * 8
  return Math.random() * Math.min(cap, policy.backoffMs * 2 ** (n - 1))
}

function asFailure(error: unknown, signal: AbortSignal): ProviderFailure {
  if (error instanceof ProviderFailure) return error
  if (signal.aborted) return new ProviderFailure('timeout', 'the call timed out')
  return new ProviderFailure('unavailable', error instanceof Error ? error.message : 'unknown error')
}

/** The HTTP error for a failure that outlived its retries: 502 malformed, 504 timeout, 503 otherwise. */
export function httpErrorOf(failure: ProviderFailure, policy: RetryPolicy): Error {
  if (failure.kind === 'malformed') return new ProviderMalformed(failure.message)
  if (failure.kind === 'timeout') return new ProviderTimeout(policy.timeoutMs)
  return Object.assign(new ProviderUnavailable(failure.message), { headers: { 'retry-after': '30' } })
}

type Labels = { provider: string; model: string; operation: Operation }

/** Counts a failed attempt; throws its HTTP error when it is the last one (or not worth retrying). */
function failed(metrics: AiMetrics, labels: Labels, policy: RetryPolicy, error: unknown, signal: AbortSignal, last: boolean): void {
  const failure = asFailure(error, signal)
  metrics.calls.inc({ ...labels, outcome: failure.kind })
  if (failure.retryable && !last) return
  metrics.errors.inc({ ...labels, kind: failure.kind })
  throw httpErrorOf(failure, policy)
}

/**
 * Calls a provider with a timeout on every attempt and bounded retries with backoff; counts attempts, latency,
 * tokens and final errors. Throws the HTTP error (502/503/504) once retries are spent.
 */
export async function callProvider<T>(
  provider: AiProvider, operation: Operation, policy: RetryPolicy, metrics: AiMetrics,
  attempt: (signal: AbortSignal) => Promise<{ value: T; usage?: Usage }>,
): Promise<T> {
  const labels: Labels = { provider: provider.identifier, model: provider.model, operation }
  for (let n = 0; ; n++) {
    const signal = AbortSignal.timeout(policy.timeoutMs)
    const stop = metrics.latency.startTimer(labels)
    try {
      const { value, usage } = await attempt(signal)
      stop()
      metrics.calls.inc({ ...labels, outcome: 'ok' })
      countUsage(metrics, provider, usage)
      return value
    } catch (error) {
      stop()
      failed(metrics, labels, policy, error, signal, n >= policy.retries)
      await sleep(backoff(policy, n + 1))
    }
  }
}

export function countUsage(metrics: AiMetrics, provider: AiProvider, usage: Usage | undefined): void {
  if (!usage) return
  metrics.tokens.inc({ provider: provider.identifier, model: provider.model, direction: 'input' }, usage.inputTokens)
  metrics.tokens.inc({ provider: provider.identifier, model: provider.model, direction: 'output' }, usage.outputTokens)
}

/**
 * Opens a streamed provider call: retried like `callProvider` until the first chunk arrives (nothing has been
 * sent yet), then passed on as it comes; a failure after that is thrown from the iterator as the HTTP error.
 * The whole stream shares one timeout.
 */
export async function streamProvider<C extends object>(
  provider: AiProvider, operation: Operation, policy: RetryPolicy, metrics: AiMetrics,
  start: (signal: AbortSignal) => AsyncIterable<C>, usageOf: (chunk: C) => Usage | undefined,
): Promise<AsyncGenerator<C>> {
  const labels: Labels = { provider: provider.identifier, model: provider.model, operation }
  for (let n = 0; ; n++) {
    const signal = AbortSignal.timeout(policy.timeoutMs)
    const stop = metrics.latency.startTimer(labels)
    const iterator = start(signal)[Symbol.asyncIterator]()
    let first: IteratorResult<C>
    try {
      first = await iterator.next()
    } catch (error) {
      stop()
      failed(metrics, labels, policy, error, signal, n >= policy.retries)
      await sleep(backoff(policy, n + 1))
      continue
    }
    return (async function* relay() {
      try {
        let next = first
        while (!next.done) {
          countUsage(metrics, provider, usageOf(next.value))
          yield next.value
          next = await iterator.next()
        }
        stop()
        metrics.calls.inc({ ...labels, outcome: 'ok' })
      } catch (error) {
        stop()
        failed(metrics, labels, policy, error, signal, true)
      } finally {
        await iterator.return?.()
      }
    })()
  }
}
