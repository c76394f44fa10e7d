import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'

/**
 * Makes `app` listen on a free port of 127.0.0.1 and returns its base URL (`http://127.0.0.1:<port>`), for what
 * only a real socket passes (`app.inject` calls Fastify's handler directly): the shared cache, pipelining.
 */
export async function listenOnLoopback(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

/** `edu_http_shared_cache_hits_total` of the engine at `base` (0 when it has no shared cache). */
export async function sharedCacheHits(base: string): Promise<number> {
  const metrics = await (await fetch(`${base}/metrics`)).text()
  return Number(/^edu_http_shared_cache_hits_total (\d+)$/m.exec(metrics)?.[1] ?? 0)
}

/**
 * GETs `url` `times` times in turn and throws unless every answer has the same status and body; returns them, the
 * body parsed. Default 3: with the shared cache, a route that missed its own cache answers the first, the second
 * is kept, the third is a hit (equal answers do not prove hits: `sharedCacheHits` does).
 */
export async function readAgreeing(url: string, times = 3, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const answers = new Set<string>()
  let last = { status: 0, text: '' }
  for (let i = 0; i < times; i++) {
    const res = await fetch(url, { headers })
    last = { status: res.status, text: await res.text() }
    answers.add(`${last.status} ${last.text}`)
  }
  if (answers.size !== 1) throw new Error(`${url} answered differently: ${[...answers].join(' | ')}`)
  return { status: last.status, body: JSON.parse(last.text) }
}
