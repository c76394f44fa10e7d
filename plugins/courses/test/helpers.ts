import type { Actor, TestEngine } from '@eduplatform/core/testing'

export const API = '/api/v1'

export interface CourseInput {
  title?: string
  description?: string
  category?: string
  level?: string
  priceCents?: number
  tags?: string[]
}

/** Creates a course with `modules` × `lessons` (the first lesson a preview) and optionally publishes it. */
export async function makeCourse(
  owner: Actor,
  input: CourseInput = {},
  opts: { modules?: number; lessons?: number; publish?: boolean } = {},
) {
  const res = await owner.inject({ method: 'POST', url: `${API}/courses`, payload: { title: 'A course', ...input } })
  if (res.statusCode !== 201) throw new Error(`create course: ${res.statusCode} ${res.body}`)
  const course = res.json()
  const modules: Array<{ id: string; lessons: string[] }> = []
  for (let m = 0; m < (opts.modules ?? 1); m++) {
    const mod = await owner.inject({ method: 'POST', url: `${API}/courses/${course.id}/modules`, payload: { title: `Module ${m + 1}` } })
    if (mod.statusCode !== 201) throw new Error(`create module: ${mod.statusCode} ${mod.body}`)
    const lessons: string[] = []
    for (let l = 0; l < (opts.lessons ?? 2); l++) {
      const les = await owner.inject({
        method: 'POST', url: `${API}/modules/${mod.json().id}/lessons`,
        payload: { title: `Lesson ${m + 1}.${l + 1}`, body: `# Lesson ${l + 1}\n\nSome *text*.`, isPreview: m === 0 && l === 0, durationMinutes: 5 },
      })
      if (les.statusCode !== 201) throw new Error(`create lesson: ${les.statusCode} ${les.body}`)
      lessons.push(les.json().id)
    }
    modules.push({ id: mod.json().id, lessons })
  }
  if (opts.publish ?? true) {
    const pub = await owner.inject({ method: 'PATCH', url: `${API}/courses/${course.id}`, payload: { status: 'published' } })
    if (pub.statusCode !== 200) throw new Error(`publish: ${pub.statusCode} ${pub.body}`)
  }
  return { id: course.id as string, slug: course.slug as string, modules }
}

export function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): { status: number; title: string } }, status: number) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${JSON.stringify(res.json())}`)
  if (!String(res.headers['content-type']).includes('application/problem+json')) throw new Error(`not problem+json: ${res.headers['content-type']}`)
  const body = res.json()
  if (body.status !== status || typeof body.title !== 'string') throw new Error(`bad problem body ${JSON.stringify(body)}`)
}

export type { Actor, TestEngine }
