import { pathToFileURL } from 'node:url'
import { catalogue, engineUrl } from './lib/api.ts'
import { load, table, WARM_SECONDS, type LoadResult } from './lib/load.ts'

/**
 * Reviews hot paths against a running engine on a seeded database (`EDU_URL`, default
 * http://127.0.0.1:3000): the first page of a course's reviews (newest first, 20 items) and its rating
 * summary, warm (each measured window follows `warmSeconds` of the same load, default BENCH_WARM_SECONDS or 5), at
 * 50 connections, cycling over the 200 most popular courses (the most reviewed). With the
 * engine's process id (`pid`, or EDU_PID), each result carries its CPU µs per request.
 * `node bench/reviews.ts` prints the table.
 */
export async function measureReviewReads(options: { url?: string; connections?: number; durationSeconds?: number; warmSeconds?: number; pid?: number } = {}): Promise<{ results: LoadResult[]; note: string }> {
  const url = engineUrl(options.url)
  const ids = (await catalogue(url, 'sort=popular', 200)).map((c) => c.id)
  // How full the pages are: the reviews the measured courses show.
  const counts = await Promise.all(ids.map(async (id) => ((await (await fetch(`${url}/api/v1/courses/${id}/reviews/summary`)).json()) as { reviewCount: number }).reviewCount))
  const total = counts.reduce((a, b) => a + b, 0)
  const results: LoadResult[] = []
  const routes = [
    ['GET /courses/:id/reviews', (id: string) => `/api/v1/courses/${id}/reviews`],
    ['GET /courses/:id/reviews/summary', (id: string) => `/api/v1/courses/${id}/reviews/summary`],
  ] as const
  for (const [name, path] of routes) {
    const run = (durationSeconds: number, cpuOf?: number) => load({
      name: `${name} (warm, ${options.connections ?? 50} connections)`,
      url,
      connections: options.connections ?? 50,
      durationSeconds,
      requests: ids.map((id) => ({ method: 'GET', path: path(id) })),
      cpuOf,
    })
    // Warm: every page cached, then the same load unmeasured for WARM_SECONDS (the optimized code a collection on the idle engine dropped is compiled again).
    await Promise.all(ids.map((id) => fetch(url + path(id)).then((r) => r.arrayBuffer())))
    await run(options.warmSeconds ?? WARM_SECONDS)
    results.push(await run(options.durationSeconds ?? Number(process.env.BENCH_SECONDS ?? 10), options.pid))
  }
  const note = `${ids.length} courses (most enrolled first) with ${total} visible reviews between them (${Math.min(...counts)}–${Math.max(...counts)} each; a page holds up to 20).`
  return { results, note }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { results, note } = await measureReviewReads({ pid: process.env.EDU_PID ? Number(process.env.EDU_PID) : undefined })
  const cpu = results.map((r) => `${r.name.split(' (')[0]}: ${r.cpuMicrosPerRequest ?? '?'} µs`).join('; ')
  console.log(`${table(results)}\n\n${note}\n\nCPU time of the engine per request: ${cpu}.`)
}
