import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestEngine, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '../src/index.ts'
import { API } from './helpers.ts'

let t: TestEngine
beforeAll(async () => { t = await createTestEngine({ plugins: [courses()], config: { demo: true } }) })
afterAll(async () => t?.close())

it('loads a published demo catalogue: 12+ courses over 4+ categories, free and paid, modules, lessons, one preview each', async () => {
  const items = (await t.inject({ method: 'GET', url: `${API}/courses?limit=100` })).json().items as Array<{ id: string; category: { slug: string }; priceCents: number; lessonCount: number; moduleCount: number; teacher: { name: string } }>
  expect(items.length).toBeGreaterThanOrEqual(12)
  expect(new Set(items.map((i) => i.category.slug)).size).toBeGreaterThanOrEqual(4)
  expect(items.some((i) => i.priceCents === 0)).toBe(true)
  expect(items.some((i) => i.priceCents > 0)).toBe(true)
  for (const item of items) {
    expect(item.moduleCount).toBeGreaterThanOrEqual(2)
    expect(item.lessonCount).toBeGreaterThanOrEqual(6)
    const curriculum = (await t.inject({ method: 'GET', url: `${API}/courses/${item.id}/curriculum` })).json()
    const previews = curriculum.modules.flatMap((m: { lessons: Array<{ id: string; isPreview: boolean }> }) => m.lessons.filter((l) => l.isPreview))
    expect(previews).toHaveLength(1)
    const lesson = (await t.inject({ method: 'GET', url: `${API}/lessons/${previews[0].id}` })).json()
    expect(lesson.bodyHtml).toContain('<h2>')
    expect(lesson.bodyHtml).toContain('rel="noopener nofollow"')
  }
  const found = (await t.inject({ method: 'GET', url: `${API}/courses?q=kubernetis%20netwrking` })).json().items
  expect(found[0].title).toBe('Kubernetes Networking in Practice')
}, 60_000)
