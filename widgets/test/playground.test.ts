import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtInPlugins } from '../client/scripts/spec.ts'
import { hasChromium, seriousViolations, startHarness, eventually, type Harness } from './harness.ts'

describe.runIf(hasChromium)('the playground at /widgets/ on the demo catalogue', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(builtInPlugins(), { demo: true })
  })
  afterAll(async () => h?.close())

  it('shows the three widgets with their snippets, switches language, and has no serious accessibility issue', async () => {
    const page = await h.newPage()
    await page.route('https://**/*', (route) => route.abort()) // covers and players stay off the network
    await page.goto(`${h.origin}/`)
    await page.getByRole('link', { name: 'Widgets playground' }).click()
    await eventually(() => page.locator('edu-course-card').count()).toBe(2)
    const card = page.locator('edu-course-card').first()
    await eventually(() => card.locator('[part="action"]').textContent()).toBe('Enroll for free')
    await eventually(() => page.locator('edu-lesson-player [part="title"]').count()).toBe(1)
    await eventually(() => page.locator('edu-quiz').count()).toBe(1)
    expect(await page.locator('#card-snippet').textContent()).toMatch(new RegExp(`^<script type="module" src="${h.origin}/widgets/edu-widgets.js"></script>\\n<edu-course-card course-id="[0-9a-f-]{36}"></edu-course-card>`))
    expect(await seriousViolations(page)).toEqual([])

    await page.getByLabel('Language').selectOption('ru')
    await eventually(() => card.locator('[part="action"]').textContent()).toBe('Записаться бесплатно')
    await page.getByLabel('Theme').selectOption('ink')
    expect(await seriousViolations(page)).toEqual([])
  })

  it('?course=<id>, where course notifications lead by default, shows that course and opens its first lesson', async () => {
    const { items } = (await h.engine.inject({ method: 'GET', url: '/api/v1/courses?limit=50' })).json()
    const paid = items.find((c: { isFree: boolean }) => !c.isFree)
    const page = await h.newPage()
    await page.route('https://**/*', (route) => route.abort())
    await page.goto(`${h.origin}/widgets/?course=${paid.id}`)
    await eventually(() => page.locator('edu-course-card').count()).toBe(1)
    expect(await page.locator('edu-course-card').getAttribute('course-id')).toBe(paid.id)
    await eventually(() => page.locator('edu-lesson-player').getAttribute('course-id')).toBe(paid.id)
    await eventually(() => page.locator('edu-course-card [part="action"]').textContent()).toMatch(/^Buy/)
  })
})
