import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { quizzes } from '@eduplatform/plugin-quizzes'
import { API, eventually, hasChromium, seedCourse, seriousViolations, startHarness, type Harness } from './harness.ts'

const LIGHT = { primary: [29, 78, 216], onPrimary: [255, 255, 255], muted: [75, 85, 99] }
const DARK = { primary: [147, 180, 255], onPrimary: [0, 0, 0], muted: [196, 201, 212] }

/** WCAG 2.2 contrast ratio of two sRGB colours (0–255 channels). */
function contrast(a: number[], b: number[]): number {
  const luminance = (rgb: number[]) => {
    const [r, g, b] = rgb.map((c) => c / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

// The widgets' colours follow the host page's colour scheme, not the device's alone.
describe.runIf(hasChromium)('the widgets\' colours on a host page, in Chromium', () => {
  let h: Harness
  let course: Awaited<ReturnType<typeof seedCourse>>

  beforeAll(async () => {
    h = await startHarness([courses(), enrollment(), payments({ provider: 'mock' }), quizzes()])
    course = await seedCourse(h, {
      title: 'Paid Optics', priceCents: 1500, currency: 'USD',
      lessons: [{ title: 'Light', body: 'Light travels.', isPreview: true }, { title: 'Check', type: 'quiz', body: 'One question.', isPreview: true }],
    })
    const put = await h.teacher.inject({
      method: 'PUT', url: `${API}/lessons/${course.lessonIds[1]}/quiz`,
      payload: { passScore: 100, questions: [{ type: 'true_false', prompt: 'Light is fast.', answer: true }] },
    })
    expect(put.statusCode).toBe(200)
  })
  afterAll(async () => h?.close())

  /** A page with the three widgets (a visitor: public data), styled by `css`. */
  const open = async (css: string, attributes = '') => {
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-course-card course-id="${course.courseId}" ${attributes}></edu-course-card>
      <edu-lesson-player lesson-id="${course.lessonIds[0]}" ${attributes}></edu-lesson-player>
      <edu-quiz lesson-id="${course.lessonIds[1]}" ${attributes}></edu-quiz>`, { head: `<style>${css}</style>` }))
    await eventually(() => page.locator('edu-course-card').first().locator('[part="action"]').textContent()).toBe('Buy for $15.00')
    await eventually(() => page.locator('edu-lesson-player header [part="title"]').textContent()).toBe('Light')
    await eventually(() => page.locator('edu-quiz [part="submit"]').count()).toBe(1)
    return page
  }

  /** The colours as painted (sRGB channels), whatever the CSS colour syntax: accent, text on it, secondary text. */
  const colours = (page: Page, tag = 'edu-course-card') => page.evaluate((tag) => {
    const root = document.querySelector(tag)!.shadowRoot!
    const button = root.querySelector<HTMLElement>('button:not(.secondary)')!
    const muted = root.querySelector<HTMLElement>('.muted')!
    const paint = (colour: string) => {
      const context = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!
      context.fillStyle = colour
      context.fillRect(0, 0, 1, 1)
      return [...context.getImageData(0, 0, 1, 1).data.slice(0, 3)]
    }
    return { primary: paint(getComputedStyle(button).backgroundColor), onPrimary: paint(getComputedStyle(button).color), muted: paint(getComputedStyle(muted).color) }
  }, tag)

  it('stays light on a page that declares no colour scheme, with the device in dark mode', async () => {
    const page = await open('')
    await page.emulateMedia({ colorScheme: 'dark' })
    expect(await colours(page)).toEqual(LIGHT)
    expect((await colours(page, 'edu-quiz')).primary).toEqual(LIGHT.primary)
    expect(await seriousViolations(page)).toEqual([])
  })

  it('follows the device on a page that declares color-scheme: light dark', async () => {
    // Canvas and CanvasText are what the browser paints anyway; axe reads the background from CSS only.
    const page = await open(':root { color-scheme: light dark; background: Canvas; color: CanvasText }')
    await page.emulateMedia({ colorScheme: 'dark' })
    expect(await colours(page)).toEqual(DARK)
    expect((await colours(page, 'edu-quiz')).muted).toEqual(DARK.muted)
    expect(await seriousViolations(page)).toEqual([])
    await page.emulateMedia({ colorScheme: 'light' })
    expect(await colours(page)).toEqual(LIGHT)
    expect(await seriousViolations(page)).toEqual([])
  })

  it('takes the theme attribute, or color-scheme set on the element, over the page\'s scheme', async () => {
    const dark = await open('body { background: #111827; color: #f9fafb }', 'theme="dark"')
    expect(await colours(dark)).toEqual(DARK)
    expect(await seriousViolations(dark)).toEqual([])

    const widgets = 'edu-course-card, edu-lesson-player, edu-quiz'
    const light = await open(`:root { color-scheme: dark; background: #111827; color: #f9fafb } ${widgets} { background: #fff; color: #111 }`, 'theme="light"')
    expect(await colours(light)).toEqual(LIGHT)
    expect(await seriousViolations(light)).toEqual([])

    const css = await open(`:root { color-scheme: dark; background: #111827; color: #f9fafb } ${widgets} { color-scheme: light; background: #fff; color: #111 }`)
    expect(await colours(css)).toEqual(LIGHT)
    expect(await colours(css, 'edu-quiz')).toEqual(LIGHT)
  })

  it('keeps text on the accent readable when the page sets its own --edu-color-primary', async () => {
    for (const [primary, onPrimary] of [['#fde047', [0, 0, 0]], ['#166534', [255, 255, 255]], ['#f472b6', [0, 0, 0]], ['#7c3aed', [255, 255, 255]]] as const) {
      const page = await open(`:root { --edu-color-primary: ${primary} }`)
      const painted = await colours(page)
      expect(painted.onPrimary).toEqual(onPrimary)
      expect(contrast(painted.primary, painted.onPrimary)).toBeGreaterThanOrEqual(4.5)
      expect(await seriousViolations(page)).toEqual([])
      await page.close()
    }
    const page = await open(':root { --edu-color-primary: #fde047; --edu-color-on-primary: #7f1d1d }')
    expect((await colours(page)).onPrimary).toEqual([127, 29, 29])
  }, 90_000) // five pages of three widgets each, the player's offered card a fourth
})
