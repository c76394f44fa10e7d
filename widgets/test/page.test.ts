import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { quizzes } from '@eduplatform/plugin-quizzes'
import { API, eventsOf, eventually, hasChromium, seedCourse, startHarness, type Harness } from './harness.ts'

// What the widgets of one page share: one token renewal for the page, the learner's state, the strings.
describe.runIf(hasChromium)('the widgets of one page, in Chromium', () => {
  let h: Harness
  let botany: Awaited<ReturnType<typeof seedCourse>>
  let geology: Awaited<ReturnType<typeof seedCourse>>

  beforeAll(async () => {
    h = await startHarness([courses(), enrollment(), payments({ provider: 'mock' }), quizzes()])
    botany = await seedCourse(h, {
      title: 'Botany',
      lessons: [{ title: 'Leaves', body: 'Leaves are **green**.' }, { title: 'Quiz time', type: 'quiz', body: 'One question.' }],
    })
    geology = await seedCourse(h, { title: 'Geology', lessons: [{ title: 'Rocks' }] })
    const put = await h.teacher.inject({
      method: 'PUT', url: `${API}/lessons/${botany.lessonIds[1]}/quiz`,
      payload: { passScore: 100, questions: [{ type: 'true_false', prompt: 'Leaves are green.', answer: true }] },
    })
    expect(put.statusCode).toBe(200)
  })
  afterAll(async () => h?.close())

  /** Every API request the page sends (preflights aside): method, URL, the token it carried, and the status. */
  const watchApi = (page: Page) => {
    const seen: Array<{ call: string; token: string | undefined; status?: number }> = []
    page.on('request', (r) => {
      if (!r.url().startsWith(`${h.origin}${API}`) || r.method() === 'OPTIONS') return
      const entry = { call: `${r.method()} ${r.url().slice(h.origin.length)}`, token: r.headers().authorization?.slice('Bearer '.length) }
      seen.push(entry)
      void r.response().then((response) => { Object.assign(entry, { status: response?.status() }) })
    })
    return seen
  }

  /** The school's page: four widgets under one <edu-config>; on edu-token-expired it asks its backend once for a token. */
  const schoolPage = (token: string) => h.site.page(`<edu-config token="${token}">
      <edu-course-card course-id="${botany.courseId}"></edu-course-card>
      <edu-course-card course-id="${geology.courseId}"></edu-course-card>
      <edu-lesson-player lesson-id="${botany.lessonIds[0]}"></edu-lesson-player>
      <edu-quiz lesson-id="${botany.lessonIds[1]}"></edu-quiz>
    </edu-config>`, {
    head: `<script>
      window.renewals = 0
      document.addEventListener('edu-token-expired', async () => {
        window.renewals += 1
        const { token } = await fetch('/token').then((r) => r.json())
        document.querySelector('edu-config').token = token
      })
    </script>`,
  })

  const rendered = async (page: Page) => {
    await eventually(() => page.locator('edu-course-card').nth(0).locator('[part="action"]').textContent()).toBe('Start learning')
    await eventually(() => page.locator('edu-course-card').nth(1).locator('[part="action"]').textContent()).toBe('Enroll for free')
    await eventually(() => page.locator('edu-lesson-player header [part="title"]').textContent()).toBe('Leaves')
    await eventually(() => page.locator('edu-quiz [part="question"]').count()).toBe(1)
  }

  it('renews a refused token once for four widgets, and retries only the requests that were refused', async () => {
    const student = await h.engine.asStudent()
    await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: botany.courseId } })
    // The student's token with a signature the engine refuses (401), not known to be expired before it is sent.
    const refused = `${student.accessToken.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`
    let minted = 0
    h.site.onToken(() => {
      minted += 1
      return h.engine.app.identity.startSession(student.user.id).then((session) => session!.accessToken)
    })
    // What the page reads with a good token, for comparison.
    const good = await h.newPage()
    const baseline = watchApi(good)
    await good.goto(schoolPage(student.accessToken))
    await rendered(good)
    expect(baseline.filter((r) => r.status === 401)).toEqual([])

    const page = await h.newPage()
    const api = watchApi(page)
    await page.goto(schoolPage(refused))
    await rendered(page)

    expect(await page.evaluate(() => (window as unknown as { renewals: number }).renewals)).toBe(1)
    expect(minted).toBe(1)
    expect((await eventsOf(page)).filter((e) => e.name === 'edu-token-expired')).toHaveLength(1)
    const failed = api.filter((r) => r.token === refused)
    expect(failed.length).toBeGreaterThanOrEqual(4) // each widget's first request
    expect(failed.filter((r) => r.status !== 401)).toEqual([])
    // Each refused request once more with the new token, then what follows it: the same reads as with a good token.
    const renewed = api.filter((r) => r.token !== refused)
    expect(new Set(renewed.map((r) => r.token)).size).toBe(1)
    for (const { call } of failed) expect(renewed.filter((r) => r.call === call)).toHaveLength(1)
    expect(renewed.map((r) => r.call).sort()).toEqual(baseline.map((r) => r.call).sort())
  })

  it('asks once for the learner\'s enrollment and for a course\'s curriculum, however many widgets of the page need them', async () => {
    const student = await h.engine.asStudent()
    await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: botany.courseId } })
    const page = await h.newPage()
    const api = watchApi(page)
    await page.goto(schoolPage(student.accessToken))
    await rendered(page)
    const gets = api.map((r) => r.call).filter((call) => call.includes('/enrollments/me') || call.includes('/curriculum'))
    expect(gets).toContain(`GET ${API}/enrollments/me?courseId=${botany.courseId}&limit=1`)
    expect(gets).toContain(`GET ${API}/courses/${botany.courseId}/curriculum`)
    expect(gets.length).toBe(new Set(gets).size)
  })

  it('reads nothing again when the page sets a renewed token of the same student', async () => {
    const student = await h.engine.asStudent()
    await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: botany.courseId } })
    const page = await h.newPage()
    const api = watchApi(page)
    await page.goto(schoolPage(student.accessToken))
    await rendered(page)
    const before = api.length

    const renewed = (await h.engine.app.identity.startSession(student.user.id))!.accessToken
    await page.evaluate((token) => { (document.querySelector('edu-config') as unknown as { token: string }).token = token }, renewed)
    const player = page.locator('edu-lesson-player')
    await player.locator('[part="complete"]').click()
    await eventually(() => player.locator('[part="status"]').textContent()).toBe('Lesson completed. 50% of the course done.')
    await eventually(() => page.locator('edu-course-card').nth(0).locator('[part="progress"]').getAttribute('value')).toBe('50')
    // The only request after the renewal is the completion, with the new token.
    expect(api.slice(before).map((r) => [r.call, r.token === renewed])).toEqual([[`POST ${API}/progress/lessons/${botany.lessonIds[0]}/complete`, true]])
  })

  it('shows another student\'s data when the page sets a token of another student', async () => {
    const first = await h.engine.asStudent()
    await first.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: botany.courseId } })
    const second = await h.engine.asStudent()
    const page = await h.newPage()
    await page.goto(schoolPage(first.accessToken))
    await rendered(page)
    await page.evaluate((token) => { (document.querySelector('edu-config') as unknown as { token: string }).token = token }, second.accessToken)
    await eventually(() => page.locator('edu-course-card').nth(0).locator('[part="action"]').textContent()).toBe('Enroll for free')
  })

  it('opens a standalone quiz when the learner enrolls on a course card of the page', async () => {
    const student = await h.engine.asStudent()
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-config token="${student.accessToken}">
        <edu-course-card course-id="${botany.courseId}"></edu-course-card>
        <edu-quiz lesson-id="${botany.lessonIds[1]}"></edu-quiz>
      </edu-config>`))
    const quiz = page.locator('edu-quiz')
    await eventually(() => quiz.locator('[part="base"]').count()).toBe(1)
    await eventually(() => quiz.locator('[part="base"]').getAttribute('aria-busy')).toBe(null)
    expect(await quiz.locator('[part="question"]').count()).toBe(0) // locked: not enrolled
    await page.locator('edu-course-card [part="action"]').click()
    await eventually(() => quiz.getByRole('radio', { name: 'True' }).count()).toBe(1)
  })

  it('moves the course card\'s progress when a standalone quiz of the course is passed', async () => {
    const student = await h.engine.asStudent()
    await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: botany.courseId } })
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-config token="${student.accessToken}">
        <edu-course-card course-id="${botany.courseId}"></edu-course-card>
        <edu-quiz lesson-id="${botany.lessonIds[1]}"></edu-quiz>
      </edu-config>`))
    const card = page.locator('edu-course-card')
    await eventually(() => card.locator('[part="action"]').textContent()).toBe('Start learning')
    const quiz = page.locator('edu-quiz')
    await quiz.getByRole('radio', { name: 'True' }).check()
    await quiz.getByRole('button', { name: 'Submit answers' }).click()
    await eventually(() => card.locator('[part="progress"]').getAttribute('value')).toBe('50')
    expect(await card.locator('[part="action"]').textContent()).toBe('Continue')
    const events = await eventsOf(page)
    expect(events.map((e) => e.name)).toEqual(['edu-quiz-submit', 'edu-quiz-pass', 'edu-lesson-complete'])
    expect(events[2]!.detail).toEqual({
      lessonId: botany.lessonIds[1], courseId: botany.courseId,
      progress: { completed: 1, total: 2, percent: 50, status: 'active', courseId: botany.courseId },
    })
  })

  it('re-renders the widgets already on the page when a language\'s strings are registered', async () => {
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-course-card course-id="${geology.courseId}"></edu-course-card>`, { lang: 'de' }))
    const action = page.locator('edu-course-card [part="action"]')
    await eventually(() => action.textContent()).toBe('Enroll for free') // no German yet: English
    // As a school's own module would: import { registerStrings } from the bundle the page already loaded.
    await page.evaluate(`import('${h.origin}/widgets/edu-widgets.js').then((w) => w.registerStrings('de', { enroll: 'Kostenlos einschreiben' }))`)
    await eventually(() => action.textContent()).toBe('Kostenlos einschreiben')
  })
  /**
   * The school's page as the docs wire it: `wait-for-token`, a token from its backend at load and on
   * each `edu-token-expired`; when the backend answers no token (its call to the engine got a 429 or a
   * 401), the page sets `token = undefined`.
   */
  const docsPage = () => h.site.page(`<edu-config wait-for-token>
      <edu-course-card course-id="${botany.courseId}"></edu-course-card>
      <edu-course-card course-id="${geology.courseId}"></edu-course-card>
      <edu-lesson-player lesson-id="${botany.lessonIds[0]}"></edu-lesson-player>
      <edu-quiz lesson-id="${botany.lessonIds[1]}"></edu-quiz>
    </edu-config>`, {
    head: `<script type="module">
      const config = document.querySelector('edu-config')
      const renew = async () => { config.token = (await fetch('/token').then((r) => r.json())).token }
      document.addEventListener('edu-token-expired', renew)
      await renew()
    </script>`,
  })
  /** What a visitor sees: both cards offer to enroll, the lesson is locked. */
  const publicView = async (page: Page) => {
    await eventually(() => page.locator('edu-course-card').nth(0).locator('[part="action"]').textContent()).toBe('Enroll for free')
    await eventually(() => page.locator('edu-course-card').nth(1).locator('[part="action"]').textContent()).toBe('Enroll for free')
  }
  const SIGNED_OUT = 'Your session has ended. Sign in again to see your courses and progress.'

  it('renders with the first token when the browser\'s clock is 20 minutes ahead of the engine\'s', async () => {
    const student = await h.engine.asStudent()
    await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: botany.courseId } })
    let minted = 0
    h.site.onToken(async () => {
      minted += 1
      return (await h.engine.app.identity.startSession(student.user.id))!.accessToken
    })
    const page = await h.newPage()
    await page.addInitScript(() => {
      const now = Date.now.bind(Date)
      Date.now = () => now() + 20 * 60 * 1000
    })
    await page.goto(docsPage())
    await rendered(page)
    expect(minted).toBe(1)
    expect((await eventsOf(page)).map((e) => e.name)).toEqual([])
  })

  it('stops renewing after three refused tokens in a row, and shows public data with a sign-in message', async () => {
    const student = await h.engine.asStudent()
    await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: botany.courseId } })
    // A revoked session, as the page meets it: every token its backend hands out is refused (401).
    let minted = 0
    h.site.onToken(() => {
      minted += 1
      return `${student.accessToken.split('.').slice(0, 2).join('.')}.${'A'.repeat(42)}${minted}`
    })
    const page = await h.newPage()
    const api = watchApi(page)
    await page.goto(docsPage())
    await eventually(async () => (await eventsOf(page)).filter((e) => e.name === 'edu-token-failed').length).toBe(1)
    await publicView(page)
    await eventually(() => page.locator('edu-course-card').nth(0).locator('[part="status"]').textContent()).toBe(SIGNED_OUT)
    await page.waitForTimeout(3000) // nothing more is asked for
    expect(minted).toBe(3)
    const events = (await eventsOf(page)).map((e) => e.name)
    expect(events.filter((e) => e === 'edu-token-expired')).toHaveLength(2)
    expect(events.filter((e) => e === 'edu-token-failed')).toHaveLength(1)
    expect(api.filter((r) => r.token !== undefined && r.status !== 401)).toEqual([])
    expect(api.filter((r) => r.token === undefined).length).toBeGreaterThanOrEqual(2) // the cards' public reads
  })

  it('shows public data when the page sets no token (its backend got a 429): wait-for-token ends', async () => {
    h.site.onToken(() => undefined as unknown as string) // { "token": undefined }: the backend had none to give
    const page = await h.newPage()
    const api = watchApi(page)
    await page.goto(docsPage())
    await publicView(page)
    expect(api.every((r) => r.token === undefined)).toBe(true)
    expect(await page.locator('edu-course-card').nth(0).locator('[part="status"]').textContent()).toBe('')
  })

  it('falls back to public data with a sign-in message when a refused token cannot be renewed', async () => {
    const student = await h.engine.asStudent()
    await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: botany.courseId } })
    let minted = 0
    h.site.onToken(async () => {
      minted += 1
      if (minted > 1) return undefined as unknown as string // the renewal failed at the backend (a 401 from the engine)
      const { accessToken } = (await h.engine.app.identity.startSession(student.user.id))!
      return `${accessToken.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`
    })
    const page = await h.newPage()
    await page.goto(docsPage())
    await publicView(page)
    await eventually(() => page.locator('edu-course-card').nth(0).locator('[part="status"]').textContent()).toBe(SIGNED_OUT)
    expect(minted).toBe(2)
    expect((await eventsOf(page)).map((e) => e.name)).toEqual(['edu-token-expired'])
  })

  it('ends the session at once when the page answers edu-token-expired with the token that was refused', async () => {
    const student = await h.engine.asStudent()
    await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: botany.courseId } })
    // A backend that keeps the token it minted until its `exp` hands the refused token back on renewal.
    const { accessToken } = (await h.engine.app.identity.startSession(student.user.id))!
    const refused = `${accessToken.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`
    let minted = 0
    h.site.onToken(() => {
      minted += 1
      return refused
    })
    const page = await h.newPage()
    const api = watchApi(page)
    await page.goto(docsPage())
    await publicView(page)
    for (const widget of ['edu-course-card', 'edu-lesson-player', 'edu-quiz']) {
      await eventually(() => page.locator(`${widget} [part="status"]`).first().textContent()).toBe(SIGNED_OUT)
    }
    expect(minted).toBe(2)
    expect((await eventsOf(page)).map((e) => e.name)).toEqual(['edu-token-expired', 'edu-token-failed'])
    expect(api.filter((r) => r.token !== undefined && r.status !== 401)).toEqual([])
    // Setting a new token tries again.
    const good = (await h.engine.app.identity.startSession(student.user.id))!.accessToken
    await page.evaluate((token) => { (document.querySelector('edu-config') as unknown as { token: string }).token = token }, good)
    await rendered(page)
    expect(await page.locator('edu-course-card').nth(0).locator('[part="status"]').textContent()).toBe('')
  })

  it('says the session ended on every widget, also those whose refusal arrived after the page gave up', async () => {
    const student = await h.engine.asStudent()
    let minted = 0
    h.site.onToken(async () => {
      minted += 1
      if (minted > 1) return undefined as unknown as string
      const { accessToken } = (await h.engine.app.identity.startSession(student.user.id))!
      return `${accessToken.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`
    })
    const page = await h.newPage()
    // Every signed-in read but the geology card's answers late: its 401 starts (and ends) the renewal first.
    let released!: () => void
    const late = new Promise<void>((resolve) => { released = resolve })
    await page.route(`${h.origin}${API}/**`, async (route) => {
      const request = route.request()
      if (request.headers().authorization && !request.url().includes(geology.courseId)) await late
      await route.continue()
    })
    await page.goto(docsPage())
    const geologyCard = page.locator('edu-course-card').nth(1).locator('[part="status"]')
    await eventually(() => geologyCard.textContent()).toBe(SIGNED_OUT)
    released()
    await publicView(page)
    await eventually(() => page.locator('edu-course-card').nth(0).locator('[part="status"]').textContent()).toBe(SIGNED_OUT)
    expect(minted).toBe(2)
  })
})
