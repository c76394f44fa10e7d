// A headless client of the REST API, typed by @eduplatform/client (generated from the OpenAPI document):
//   npx node examples/headless-client.ts [engine origin]     (default http://127.0.0.1:3000; `npx node` is the project's
//   Node 24, which runs TypeScript as it is: the system `node` may be older)
import { createEduClient } from '@eduplatform/client'

/** The first page of the published catalogue, cheapest first, as "title — price" lines. */
export async function catalogueLines(baseUrl: string, limit = 10): Promise<string[]> {
  const api = createEduClient({ baseUrl })
  const { data, error } = await api.GET('/api/v1/courses', { params: { query: { sort: 'price_asc', limit } } })
  if (error) throw new Error(`${error.status} ${error.title}: ${error.detail ?? ''}`)
  return data.items.map((c) => {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency: c.currency }).resolvedOptions().maximumFractionDigits ?? 2
    const price = c.isFree ? 'free' : new Intl.NumberFormat('en', { style: 'currency', currency: c.currency }).format(c.priceCents / 10 ** digits)
    return `${c.title} — ${price} (${c.lessonCount} lessons, by ${c.teacher.name})`
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await catalogueLines(process.argv[2] ?? 'http://127.0.0.1:3000')) console.log(line)
}
