import { pathToFileURL } from 'node:url'
import { catalogue, engineUrl, type CourseItem } from './lib/api.ts'
import { load, sequential, table, type LoadResult } from './lib/load.ts'

/**
 * Courses hot paths against a running engine on the seeded database (`EDU_URL`, default
 * http://127.0.0.1:3000): typo search with one filter (one client, p50/p99), and warm course
 * detail and curriculum at 50 connections. `node bench/courses.ts` prints the table.
 */
export interface CoursesBenchOptions {
  url?: string
  /** Search requests, one client (default 500). */
  searches?: number
  connections?: number
  durationSeconds?: number
}

/** Two typos in the two longest words of a title: a swapped pair and a dropped letter. */
export function typoOf(title: string): string {
  const words = title.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').split(/\s+/).filter((w) => w.length > 3)
  const [a, b] = [...words].sort((x, y) => y.length - x.length)
  const swap = (w: string) => w.slice(0, 2) + w[3] + w[2] + w.slice(4)
  const drop = (w: string) => w.slice(0, -2) + w.slice(-1)
  return [a ? swap(a) : '', b ? drop(b) : ''].filter(Boolean).join(' ') || title
}

/** Typo search with one filter (level or category), one client: each query distinct (uncached), then the same queries again (cached). */
export async function measureCourseSearch(options: CoursesBenchOptions = {}): Promise<LoadResult[]> {
  const url = engineUrl(options.url)
  const count = options.searches ?? 500
  const courses = await catalogue(url, 'sort=popular', count)
  // A price ceiling no course reaches, different on every run and every request: the same results under keys the cache has not seen.
  const ceiling = 100_000_000 - (Date.now() % 100_000)
  const paths = courses.map((c, i) => {
    const filter = i % 2 === 0 || !c.category ? `level=${c.level}` : `category=${c.category.slug}`
    return `/api/v1/courses?q=${encodeURIComponent(typoOf(c.title))}&${filter}&maxPrice=${ceiling - i}`
  })
  // Seeded titles repeat ("Kubernetes Networking Crash Course" several times), so count a page
  // holding a course of the same title as found.
  let found = 0
  const cold = await sequential('GET /courses?q=<typo>&<filter> (distinct, uncached)', paths.length, async (i) => {
    const res = await fetch(url + paths[i]!)
    if (res.ok) {
      const body = (await res.clone().json()) as { items: CourseItem[] }
      if (body.items.some((item) => item.title === courses[i]!.title)) found += 1
    }
    return res
  })
  const warm = await sequential('GET /courses?q=<typo>&<filter> (repeated, cached)', paths.length, (i) => fetch(url + paths[i]!))
  cold.name += ` — same title on page 1 for ${Math.round((found / paths.length) * 100)}%`
  return [cold, warm]
}

/** Warm course detail and curriculum at 50 connections, cycling over 200 courses. */
export async function measureCourseReads(options: CoursesBenchOptions = {}): Promise<LoadResult[]> {
  const url = engineUrl(options.url)
  const ids = (await catalogue(url, 'sort=popular', 200)).map((c) => c.id)
  const results: LoadResult[] = []
  for (const [name, path] of [['GET /courses/:id', (id: string) => `/api/v1/courses/${id}`], ['GET /courses/:id/curriculum', (id: string) => `/api/v1/courses/${id}/curriculum`]] as const) {
    await Promise.all(ids.map((id) => fetch(url + path(id)).then((r) => r.arrayBuffer())))
    results.push(await load({
      name: `${name} (warm, ${options.connections ?? 50} connections)`,
      url,
      connections: options.connections ?? 50,
      durationSeconds: options.durationSeconds ?? Number(process.env.BENCH_SECONDS ?? 10),
      requests: ids.map((id) => ({ method: 'GET', path: path(id) })),
    }))
  }
  return results
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = [...(await measureCourseSearch()), ...(await measureCourseReads())]
  console.log(table(results))
}
