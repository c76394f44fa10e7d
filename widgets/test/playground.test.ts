import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { builtInPlugins } from '../client/scripts/spec.ts'
import { hasChromium, seriousViolations, startHarness, eventually, type Harness } from './harness.ts'

describe.runIf(hasChromium)('the playground at /widgets/ on the demo catalogue', () => {
  let h: Harness
  /** The demo accounts' password: random, printed once when the demo loads. */
  let password = ''
  beforeAll(async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    try {
      h = await startHarness(builtInPlugins(), { demo: true })
      password = log.mock.calls.map((c) => String(c[0])).join('\n').match(/student@demo\.edu\s+password: (\S+)/)![1]!
    } finally {
      log.mockRestore()
    }
  })
  afterAll(async () => h?.close())

  it('shows the three widgets with their snippets, switches language, and has no serious accessibility issue', async () => {
    const page = await h.newPage()
    await page.route('https://**/*', (route) => route.abort()) // covers and players stay off the network
    await page.goto(`${h.origin}/`)
    await page.getByRole('link', { name: 'Widgets playground' }).click()
    await eventually(() => page.locator('#cards > edu-course-card').count()).toBe(2)
    const card = page.locator('edu-course-card').first()
    await eventually(() => card.locator('[part="action"]').textContent()).toBe('Enroll for free')
    await eventually(() => page.locator('edu-lesson-player header [part="title"]').count()).toBe(1)
    await eventually(() => page.locator('edu-quiz').count()).toBe(1)
    // The course with the quiz: its card, a preview lesson of it in the player, and its quiz, locked as the player says.
    const quizCourse = await page.locator('edu-quiz').getAttribute('course-id')
    expect(await page.locator('#cards > edu-course-card').first().getAttribute('course-id')).toBe(quizCourse)
    expect(await page.locator('edu-lesson-player').getAttribute('course-id')).toBe(quizCourse)
    await eventually(() => page.locator('edu-quiz [part="locked"] .notice').textContent()).toBe('Sign in and enroll in this course to open this lesson.')
    // Signed out, the preview lesson offers the course (sign in and enroll) in place of Mark as complete, as the player does on any page.
    const signedOut = 'Sign in and enroll in this course to mark lessons complete and keep your progress.'
    await eventually(() => page.locator('edu-lesson-player .offer .notice').textContent()).toBe(signedOut)
    expect(await page.locator('edu-lesson-player [part="complete"]').count()).toBe(0)
    expect(await page.locator('#card-snippet').textContent()).toMatch(new RegExp(`^<script type="module" src="${h.origin}/widgets/edu-widgets.js"></script>\\n<edu-course-card course-id="[0-9a-f-]{36}"></edu-course-card>`))
    expect(await seriousViolations(page)).toEqual([])

    await page.getByLabel('Language').selectOption('ru')
    await eventually(() => card.locator('[part="action"]').textContent()).toBe('Записаться бесплатно')
    await page.getByLabel('Theme').selectOption('ink')
    expect(await seriousViolations(page)).toEqual([])
    // The snippets follow the language and theme chosen.
    const snippet = await page.locator('#card-snippet').textContent()
    expect(snippet).toContain('<edu-config lang="ru">')
    expect(snippet).toContain('--edu-color-primary: #fbbf24;')
    expect(await card.evaluate((el) => getComputedStyle(el).getPropertyValue('--edu-color-primary').trim())).toBe('#fbbf24')
  })

  it('signed in as the demo student: their own courses in their state, the quiz course opening on Enroll, snippets setting the token as a property', async () => {
    const page = await h.newPage()
    await page.route('https://**/*', (route) => route.abort())
    const refused: string[] = []
    page.on('response', (r) => { if (r.status() >= 400) refused.push(`${r.status()} ${r.url()}`) })
    await page.goto(`${h.origin}/widgets/`)
    await eventually(() => page.locator('edu-quiz').count()).toBe(1)
    const quizCourse = await page.locator('edu-quiz').getAttribute('course-id')
    await page.getByLabel('Password').fill(password)
    await page.getByRole('button', { name: 'Sign in as this student' }).click()
    await eventually(() => page.locator('#who').textContent()).toMatch(/^Signed in as Sam Student: 2 course\(s\) of their own$/)

    const student = await h.engine.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'student@demo.edu', password } })
    const mine = (await h.engine.inject({ method: 'GET', url: '/api/v1/enrollments/me?limit=10', headers: { authorization: `Bearer ${student.json().accessToken}` } })).json().items as Array<{ courseId: string; progress: { percent: number } }>
    const label = (percent: number) => (percent === 0 ? 'Start learning' : percent === 100 ? 'Review the course' : 'Continue')
    const own = mine.map((e) => e.courseId)
    const shown = own.includes(quizCourse!) ? own : [...own, quizCourse]
    await eventually(() => page.locator('#cards > edu-course-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('course-id')))).toEqual(shown)
    await eventually(() => page.locator('#cards > edu-course-card [part="action"]').allTextContents())
      .toEqual([...mine.map((e) => label(e.progress.percent)), ...(own.includes(quizCourse!) ? [] : ['Enroll for free'])])
    expect(mine.some((e) => e.progress.percent > 0 && e.progress.percent < 100)).toBe(true)

    const snippet = await page.locator('#card-snippet').textContent()
    expect(snippet).toContain('<edu-config id="edu" wait-for-token>')
    expect(snippet).toContain('config.token = ')
    expect(snippet).not.toContain('token="')

    // The quiz's course: Enroll on its card opens the quiz (and the card turns to Start learning).
    const quiz = page.locator('#quiz edu-quiz')
    if (!own.includes(quizCourse!)) {
      await eventually(() => quiz.locator('[part="locked"] .notice').textContent()).toBe('Enroll in this course to open this lesson.')
      await page.locator(`#cards > edu-course-card[course-id="${quizCourse}"] [part="action"]`).click()
    }
    await eventually(() => quiz.locator('[part="question"]').count()).toBeGreaterThan(0)
    expect(await quiz.locator('[part="title"]').first().textContent()).not.toBe('Quiz')
    expect(await seriousViolations(page)).toEqual([])
    expect(refused).toEqual([])

    // Signed out again: the player is back to what a visitor with no token sees.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await eventually(() => page.locator('edu-lesson-player .offer .notice').textContent()).toBe('Sign in and enroll in this course to mark lessons complete and keep your progress.')
    expect(await page.locator('edu-lesson-player [part="complete"]').count()).toBe(0)
  })

  it('?course=<id>, where course notifications lead by default, shows that course and opens its first lesson', async () => {
    const { items } = (await h.engine.inject({ method: 'GET', url: '/api/v1/courses?limit=50' })).json()
    const paid = items.find((c: { isFree: boolean }) => !c.isFree)
    const page = await h.newPage()
    await page.route('https://**/*', (route) => route.abort())
    await page.goto(`${h.origin}/widgets/?course=${paid.id}`)
    await eventually(() => page.locator('#cards > edu-course-card').count()).toBe(1)
    expect(await page.locator('#cards > edu-course-card').getAttribute('course-id')).toBe(paid.id)
    await eventually(() => page.locator('edu-lesson-player').getAttribute('course-id')).toBe(paid.id)
    await eventually(() => page.locator('#cards > edu-course-card [part="action"]').textContent()).toMatch(/^Buy/)
  })
})
