import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, seedCourse, startHarness, eventually, type Harness } from './harness.ts'

// What a host page may get wrong, and what the widgets do then: never fail, never run what they show.

describe.runIf(hasChromium)('widgets given bad input by the host page', () => {
  let h: Harness
  let paid: Awaited<ReturnType<typeof seedCourse>>

  beforeAll(async () => {
    h = await startHarness()
    paid = await seedCourse(h, { title: 'Paid Geometry', priceCents: 123456, currency: 'USD', lessons: [{ title: 'Only', isPreview: true }] })
  })
  afterAll(async () => h?.close())

  it('reads a lang written with underscores (en_US, ru_RU) as the language it names', async () => {
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-course-card course-id="${paid.courseId}"></edu-course-card>
      <div lang="en_US"><edu-course-card course-id="${paid.courseId}"></edu-course-card></div>`, { lang: 'ru_RU' }))
    await eventually(() => page.locator('edu-course-card').nth(0).locator('[part="action"]').textContent()).toBe('Купить за 1\u00a0234,56\u00a0$')
    await eventually(() => page.locator('edu-course-card').nth(1).locator('[part="action"]').textContent()).toBe('Buy for $1,234.56')
  })

  it('shows a page whose lang is no language tag in the browser\'s language, instead of failing to render', async () => {
    const page = await h.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(h.site.page(`<edu-course-card course-id="${paid.courseId}"></edu-course-card>
      <edu-lesson-player lesson-id="${paid.lessonIds[0]}" lang="xx-<b>"></edu-lesson-player>`, { lang: '!!!' }))
    // Headless Chromium's own language is en-US.
    await eventually(() => page.locator('edu-course-card [part="action"]').textContent()).toBe('Buy for $1,234.56')
    await eventually(() => page.locator('edu-lesson-player [part="title"]').textContent()).toBe('Only')
    expect(errors).toEqual([])
  })
})
