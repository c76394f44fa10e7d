import { readFile } from 'node:fs/promises'
import { createTestEngine, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import config from '../edu.config.ts'

// The dashboard and the alert rules name metrics by string: this keeps them honest as the engine changes.
const here = new URL('.', import.meta.url)
const read = (path: string) => readFile(new URL(path, here), 'utf8')

const METRIC = /\b((?:edu|process|nodejs)_[a-z0-9_]+)\b/g
const RECORDED = /\b(edu:[a-z0-9_:]+)\b/g
const SUFFIX = /_(bucket|count|sum|total)$/

/** Metric families named in a text, histogram and counter suffixes taken off. */
function families(text: string): Set<string> {
  return new Set([...text.matchAll(METRIC)].map((m) => m[1]!.replace(SUFFIX, '')))
}

describe('dashboard and alert rules', () => {
  let engine: TestEngine
  let exposed: Set<string>
  let dashboard: string
  let rules: string

  beforeAll(async () => {
    engine = await createTestEngine({ plugins: config.plugins })
    const res = await engine.inject({ method: 'GET', url: '/metrics' })
    expect(res.statusCode).toBe(200)
    exposed = new Set([...res.body.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!.replace(SUFFIX, '')))
    dashboard = await read('grafana/dashboards/eduplatform.json')
    rules = await read('prometheus/rules/eduplatform.yml')
  })
  afterAll(() => engine?.close())

  it('use only metrics the engine exposes', () => {
    const named = new Set([...families(dashboard), ...families(rules)])
    expect(named.size).toBeGreaterThanOrEqual(10)
    const missing = [...named].filter((name) => !exposed.has(name) && !exposed.has(`${name}_total`))
    expect(missing).toEqual([])
  })

  it('use only recording rules that the rules file defines', () => {
    const defined = new Set([...rules.matchAll(/^\s*- record: (\S+)$/gm)].map((m) => m[1]))
    expect([...defined].sort()).toEqual([
      'edu:cache_hit_ratio:rate5m',
      'edu:http_error_ratio:rate5m',
      'edu:http_request_duration_seconds:p99_5m',
      'edu:http_request_duration_seconds_bucket:rate5m',
      'edu:http_requests:rate5m',
    ])
    const used = new Set([...dashboard.matchAll(RECORDED), ...rules.matchAll(RECORDED)].map((m) => m[1]))
    expect([...used].filter((name) => !defined.has(name))).toEqual([])
  })

  it('time checkouts from the database pool', async () => {
    await engine.inject({ method: 'GET', url: '/health/ready' })
    const res = await engine.inject({ method: 'GET', url: '/metrics' })
    const count = Number(/^edu_db_pool_wait_seconds_count (\d+)$/m.exec(res.body)?.[1])
    expect(count).toBeGreaterThan(0)
  })
})
