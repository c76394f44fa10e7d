import { SEED_PASSWORD } from '../seed/users.ts'

/** The engine a benchmark talks to: `EDU_URL`, or the default `npm start` address. */
export const engineUrl = (url?: string) => url ?? process.env.EDU_URL ?? 'http://127.0.0.1:3000'

export async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`)
  return res.json() as Promise<T>
}

/** Emails of seeded accounts: teachers have indexes divisible by ten, students the others; from index `first` on. */
export function seededEmails(kind: 'student' | 'teacher', count: number, first = 1): string[] {
  const emails: string[] = []
  for (let i = first; emails.length < count; i++) if ((i % 10 === 0) === (kind === 'teacher')) emails.push(`${kind}${i}@seed.edu`)
  return emails
}

/** Access tokens for seeded accounts, eight sign-ins at a time. */
export async function signIn(url: string, emails: string[]): Promise<string[]> {
  const tokens: string[] = []
  for (let i = 0; i < emails.length; i += 8) {
    tokens.push(...(await Promise.all(emails.slice(i, i + 8).map((email) =>
      fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: SEED_PASSWORD }) })
        .then((r) => json<{ accessToken: string }>(r)).then((s) => s.accessToken)))))
  }
  return tokens
}

export interface CourseItem {
  id: string
  title: string
  level: string
  category: { slug: string } | null
}

/** `count` published courses from the catalogue (`query` adds filters or a sort), walking its pages. */
export async function catalogue(url: string, query: string, count: number): Promise<CourseItem[]> {
  const items: CourseItem[] = []
  let cursor: string | null = null
  while (items.length < count) {
    const page: { items: CourseItem[]; nextCursor: string | null } = await json(await fetch(`${url}/api/v1/courses?${query}&limit=100${cursor ? `&cursor=${cursor}` : ''}`))
    items.push(...page.items)
    if (!page.nextCursor) break
    cursor = page.nextCursor
  }
  if (items.length === 0) throw new Error('The catalogue is empty: seed it first (npm run seed)')
  return items.slice(0, count)
}

/** A course's lesson ids in curriculum order, each course fetched once. */
export function lessonIdsLoader(url: string): (courseId: string) => Promise<string[]> {
  const lessonsOf = new Map<string, Promise<string[]>>()
  return (courseId) => {
    if (!lessonsOf.has(courseId)) {
      lessonsOf.set(courseId, fetch(`${url}/api/v1/courses/${courseId}/curriculum`)
        .then((r) => json<{ modules: Array<{ lessons: Array<{ id: string }> }> }>(r))
        .then((c) => c.modules.flatMap((m) => m.lessons.map((l) => l.id))))
    }
    return lessonsOf.get(courseId)!
  }
}
