import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { quizzes } from '@eduplatform/plugin-quizzes'
import { API, eventsOf, hasChromium, seedCourse, seriousViolations, startHarness, eventually, type Harness } from './harness.ts'

// What a learner meets across the widgets: a reply missing fields, the keyboard focus after an
// action, completing a preview lesson, a quiet console, a quiz reopened after an attempt.

const QUIZ = {
  passScore: 50,
  maxAttempts: 3,
  questions: [
    { type: 'single', prompt: 'Which is an organelle?', options: ['Mitochondrion', 'Femur'], answer: [0] },
    { type: 'true_false', prompt: 'Cells divide.', answer: true },
  ],
}

/** The part name of the element focused inside the focused widget's shadow root (nested widgets followed). */
const focusedPart = (page: Page) => page.evaluate(() => {
  let active: Element | null = document.activeElement
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
  return active === document.body ? 'BODY' : (active?.getAttribute('part') ?? active?.textContent?.trim() ?? null)
})

/** Console errors and every 4xx/5xx reply the page gets. */
function watchFailures(page: Page) {
  const seen = { console: [] as string[], replies: [] as string[] }
  page.on('console', (m) => { if (m.type() === 'error') seen.console.push(m.text()) })
  page.on('response', (r) => { if (r.status() >= 400) seen.replies.push(`${r.status()} ${r.request().method()} ${r.url()}`) })
  return seen
}

describe.runIf(hasChromium)('the widgets as a learner meets them, in Chromium', () => {
  let h: Harness
  let free: Awaited<ReturnType<typeof seedCourse>>
  let paid: Awaited<ReturnType<typeof seedCourse>>

  beforeAll(async () => {
    h = await startHarness([courses(), enrollment(), payments({ provider: 'mock' }), quizzes()])
    free = await seedCourse(h, {
      title: 'Biology',
      lessons: [
        { title: 'Cells', body: '# Cells\n\nCells are **small**.', isPreview: true, type: 'video', videoUrl: 'https://youtu.be/dQw4w9WgXcQ' },
        { title: 'Tissues', body: 'Cells together.' },
        { title: 'Organs', body: 'Tissues together.' },
        { title: 'Check yourself', type: 'quiz', body: 'Two questions.' },
      ],
    })
    paid = await seedCourse(h, { title: 'Painting', priceCents: 2500, currency: 'EUR', lessons: [{ title: 'Brushes', body: 'Soft.' }] })
    const put = await h.teacher.inject({ method: 'PUT', url: `${API}/lessons/${free.lessonIds[3]}/quiz`, payload: QUIZ })
    expect(put.statusCode).toBe(200)
  })
  afterAll(async () => h?.close())

  it('shows its error state with Try again on a reply missing its fields ({}), and loads on Try again', async () => {
    const page = await h.newPage()
    const broken = [`${h.origin}${API}/courses/${free.courseId}`, `${h.origin}${API}/lessons/${free.lessonIds[0]}`, `${h.origin}${API}/lessons/${free.lessonIds[0]}/quiz`]
    for (const url of broken) await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{}' }))
    await page.goto(h.site.page(`<edu-course-card course-id="${free.courseId}"></edu-course-card>
      <edu-lesson-player lesson-id="${free.lessonIds[0]}"></edu-lesson-player>
      <edu-quiz lesson-id="${free.lessonIds[0]}" heading="A quiz"></edu-quiz>`))
    for (const tag of ['edu-course-card', 'edu-lesson-player', 'edu-quiz']) {
      await eventually(() => page.locator(`${tag} [part="base"] p`).first().textContent()).toBe('This could not be loaded.')
      expect(await page.locator(tag).getByRole('button', { name: 'Try again' }).count()).toBe(1)
    }
    expect((await eventsOf(page)).filter((e) => e.name === 'edu-error').map((e) => e.detail.status)).toEqual([200, 200, 200])
    expect(await seriousViolations(page)).toEqual([])
    for (const url of broken) await page.unroute(url)
    await page.locator('edu-course-card').getByRole('button', { name: 'Try again' }).click()
    await eventually(() => page.locator('edu-course-card [part="title"]').textContent()).toBe('Biology')
    await page.locator('edu-lesson-player').getByRole('button', { name: 'Try again' }).click()
    await eventually(() => page.locator('edu-lesson-player header [part="title"]').textContent()).toBe('Cells')
  })

  it('keeps the keyboard focus on a real element after Enroll, Mark as complete and an enrollment from a locked lesson', async () => {
    const student = await h.engine.asStudent()
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-config token="${student.accessToken}">
      <edu-course-card id="card" course-id="${free.courseId}"></edu-course-card>
      <edu-lesson-player id="second" lesson-id="${free.lessonIds[1]}" course-id="${free.courseId}"></edu-lesson-player></edu-config>`))
    const action = page.locator('#card [part="action"]')
    await eventually(() => action.textContent()).toBe('Enroll for free')
    // The locked lesson's own card: Enter on it enrolls, the lesson opens and its title takes the focus.
    const locked = page.locator('#second edu-course-card [part="action"]')
    await eventually(() => locked.textContent()).toBe('Enroll for free')
    await locked.focus()
    await page.keyboard.press('Enter')
    await eventually(() => page.locator('#second [part="locked"]').count()).toBe(0) // opened (a locked lesson shows its title too)
    expect(await page.locator('#second [part="title"][tabindex="-1"]').textContent()).toBe('Tissues')
    await eventually(() => focusedPart(page)).toBe('title')
    // The card beside it followed the enrollment; Enter on its action keeps the focus on it.
    await eventually(() => action.textContent()).toBe('Start learning')

    // Mark as complete goes away once done: the focus moves to Next.
    const complete = page.locator('#second [part="complete"]')
    await complete.focus()
    await page.keyboard.press('Enter')
    await eventually(() => page.locator('#second [part="status"]').textContent()).toBe('Lesson completed. 25% of the course done.')
    await eventually(() => focusedPart(page)).toBe('Next lesson →')
    expect(await seriousViolations(page)).toEqual([])
  })

  it('shows the course on a card signed in as a teacher, who has no enrollments to ask about', async () => {
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-course-card course-id="${free.courseId}" token="${h.teacher.accessToken}"></edu-course-card>`))
    await eventually(() => page.locator('edu-course-card [part="action"]').textContent()).toBe('Enroll for free')
    expect(await page.locator('edu-course-card [part="title"]').textContent()).toBe('Biology')
  })

  it('keeps the focus on the card\'s button when it enrolls (Enroll → Start learning)', async () => {
    const student = await h.engine.asStudent()
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-course-card course-id="${free.courseId}" token="${student.accessToken}"></edu-course-card>`))
    const action = page.locator('edu-course-card [part="action"]')
    await eventually(() => action.textContent()).toBe('Enroll for free')
    await action.focus()
    await page.keyboard.press('Enter')
    await eventually(() => action.textContent()).toBe('Start learning')
    expect(await focusedPart(page)).toBe('action')
  })

  it('on a preview lesson: a visitor with no token, and a student not enrolled, are offered the course in place of Mark as complete, never a raw API message', async () => {
    const anonymous = await h.newPage()
    await anonymous.route('https://www.youtube-nocookie.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>player</title>' }))
    await anonymous.goto(h.site.page(`<edu-lesson-player lesson-id="${free.lessonIds[0]}" course-id="${free.courseId}"></edu-lesson-player>`))
    const player = anonymous.locator('edu-lesson-player')
    // The player's own title (the course card it offers has one too).
    await eventually(() => player.locator('header [part="title"]').textContent()).toBe('Cells')
    // The body's own "# Cells" is not shown a second time under the player's title.
    expect(await player.locator('[part="content"] h1').count()).toBe(0)
    expect(await player.locator('[part="content"] strong').textContent()).toBe('small')
    await player.locator('[part="video"] button').click()
    const frame = player.locator('[part="video"] iframe')
    expect(await frame.getAttribute('allowfullscreen')).toBe(null)
    expect(await frame.getAttribute('allow')).toContain('fullscreen')
    // No button that would fail: the player says what completing needs, and its card's Enroll asks the page to sign in.
    await eventually(() => player.locator('.offer .notice').textContent()).toBe('Sign in and enroll in this course to mark lessons complete and keep your progress.')
    expect(await player.locator('[part="complete"]').count()).toBe(0)
    expect(await seriousViolations(anonymous)).toEqual([])
    await player.locator('.offer edu-course-card [part="action"]').click()
    const status = player.locator('.offer edu-course-card [part="status"]')
    await eventually(() => status.textContent()).toBe('Sign in to enroll in this course.')
    expect(await status.getAttribute('class')).toBe('notice')
    expect(await eventsOf(anonymous)).toEqual([{ name: 'edu-auth-required', detail: { action: 'enroll', courseId: free.courseId, lessonId: null } }])

    const student = await h.engine.asStudent()
    const page = await h.newPage()
    const failures = watchFailures(page)
    await page.goto(h.site.page(`<edu-lesson-player lesson-id="${free.lessonIds[0]}" token="${student.accessToken}"></edu-lesson-player>`))
    const signedIn = page.locator('edu-lesson-player')
    await eventually(() => signedIn.locator('.offer .notice').textContent()).toBe('Enroll in this course to mark lessons complete and keep your progress.')
    expect(await signedIn.locator('[part="complete"]').count()).toBe(0)
    expect(await seriousViolations(page)).toEqual([])
    await signedIn.locator('.offer edu-course-card [part="action"]').click()
    await eventually(() => signedIn.locator('[part="complete"]').count()).toBe(1)
    expect(await signedIn.locator('.offer').count()).toBe(0)
    expect(failures).toEqual({ console: [], replies: [] })

    // A refusal the engine explains with ids and routes reaches the learner as words of the widget.
    await page.route(`${h.origin}${API}/progress/lessons/${free.lessonIds[0]}/complete`, (route) => route.fulfill({
      status: 403,
      contentType: 'application/problem+json',
      headers: { 'access-control-allow-origin': h.site.origin },
      body: JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'EDU_ENROLLMENT_NOT_ENROLLED', detail: `You are not enrolled in course ${free.courseId}` }),
    }))
    await signedIn.locator('[part="complete"]').click()
    await eventually(() => signedIn.locator('[part="status"]').textContent()).toBe('Enroll in this course first.')
  })

  const everyWidget = (token?: string) => {
    const body = `<edu-course-card course-id="${free.courseId}"></edu-course-card>
      <edu-course-card course-id="${paid.courseId}"></edu-course-card>
      <edu-lesson-player id="preview" lesson-id="${free.lessonIds[0]}" course-id="${free.courseId}"></edu-lesson-player>
      <edu-lesson-player id="locked" lesson-id="${free.lessonIds[2]}" course-id="${free.courseId}"></edu-lesson-player>
      <edu-lesson-player id="paid" lesson-id="${paid.lessonIds[0]}" course-id="${paid.courseId}"></edu-lesson-player>
      <edu-quiz lesson-id="${free.lessonIds[3]}" course-id="${free.courseId}"></edu-quiz>`
    return h.site.page(token ? `<edu-config token="${token}">${body}</edu-config>` : body)
  }

  it('anonymous: every widget shows what it can with no console error and no refused request', async () => {
    const page = await h.newPage()
    await page.route('https://**/*', (route) => route.abort())
    const failures = watchFailures(page)
    await page.goto(everyWidget())
    await eventually(() => page.locator('#preview header [part="title"]').textContent()).toBe('Cells')
    await eventually(() => page.locator('#locked [part="locked"] .notice').textContent()).toBe('Sign in and enroll in this course to open this lesson.')
    await eventually(() => page.locator('#paid [part="locked"] .notice').textContent()).toBe('Sign in and enroll in this course to open this lesson.')
    // The quiz says what the player says, with the same way in.
    const quiz = page.locator('edu-quiz')
    await eventually(() => quiz.locator('[part="locked"] .notice').textContent()).toBe('Sign in and enroll in this course to open this lesson.')
    expect(await quiz.locator('[part="title"]').first().textContent()).toBe('Check yourself')
    await eventually(() => quiz.locator('edu-course-card [part="action"]').textContent()).toBe('Enroll for free')
    await eventually(() => page.locator('main > edu-course-card >> nth=1').locator('[part="action"]').textContent()).toBe('Buy for €25.00')
    expect(await seriousViolations(page)).toEqual([])
    expect(failures).toEqual({ console: [], replies: [] })
  })

  it('signed in: a student of no course, then enrolled, sees every widget with no console error and no refused request', async () => {
    const student = await h.engine.asStudent()
    const page = await h.newPage()
    await page.route('https://**/*', (route) => route.abort())
    const failures = watchFailures(page)
    await page.goto(everyWidget(student.accessToken))
    const card = page.locator('main > edu-config > edu-course-card >> nth=0').locator('[part="action"]')
    await eventually(() => card.textContent()).toBe('Enroll for free')
    await eventually(() => page.locator('#locked [part="locked"] .notice').textContent()).toBe('Enroll in this course to open this lesson.')
    await eventually(() => page.locator('#paid [part="locked"] .notice').textContent()).toBe('Buy this course to open this lesson.')
    await eventually(() => page.locator('edu-quiz [part="locked"] .notice').textContent()).toBe('Enroll in this course to open this lesson.')
    await eventually(() => page.locator('#preview .offer edu-course-card [part="action"]').textContent()).toBe('Enroll for free')
    expect(failures).toEqual({ console: [], replies: [] })

    await card.click()
    await eventually(() => card.textContent()).toBe('Start learning')
    await eventually(() => page.locator('#locked [part="locked"]').count()).toBe(0)
    expect(await page.locator('#locked header [part="title"]').textContent()).toBe('Organs')
    await eventually(() => page.locator('#preview [part="complete"]').count()).toBe(1)
    await page.locator('#preview [part="complete"]').click()
    await eventually(() => card.textContent()).toBe('Continue')
    expect(failures).toEqual({ console: [], replies: [] })
  })

  it('reopened after a pass, the quiz shows its last result, the attempts used and Try again; its heading is the lesson\'s title', async () => {
    const student = await h.engine.asStudent()
    await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: free.courseId } })
    const quizId = free.lessonIds[3]!
    const questions = (await student.inject({ method: 'GET', url: `${API}/lessons/${quizId}/quiz` })).json().questions as Array<{ id: string }>
    const passed = await student.inject({ method: 'POST', url: `${API}/lessons/${quizId}/quiz/attempts`, payload: { answers: [{ questionId: questions[0]!.id, answer: [0] }, { questionId: questions[1]!.id, answer: true }] } })
    expect(passed.json()).toMatchObject({ score: 100, passed: true })

    const page = await h.newPage()
    const failures = watchFailures(page)
    await page.goto(h.site.page(`<edu-quiz lesson-id="${quizId}" course-id="${free.courseId}" token="${student.accessToken}"></edu-quiz>`))
    const quiz = page.locator('edu-quiz')
    await eventually(() => quiz.locator('[part="summary"]').textContent()).toMatch(/^Your last attempt: Score: 100% —\s+Passed! You scored 100% \(50% needed\).\s+· 1 of 3 attempts used$/)
    expect(await quiz.locator('[part="title"]').first().textContent()).toBe('Check yourself')
    expect(await quiz.locator('.intro').textContent()).toBe('50% needed to pass · 2 attempts left')
    expect(await quiz.getByRole('radio', { name: 'Mitochondrion' }).isChecked()).toBe(true)
    expect(await quiz.locator('[part="result"] strong').allTextContents()).toEqual(['✓ Correct', '✓ Correct'])
    expect(await seriousViolations(page)).toEqual([])
    await quiz.getByRole('button', { name: 'Try again' }).click()
    await eventually(() => quiz.locator('[part="submit"]').count()).toBe(1)
    // The answers of that attempt stay, to be changed.
    expect(await quiz.getByRole('radio', { name: 'Mitochondrion' }).isChecked()).toBe(true)
    await eventually(() => focusedPart(page)).not.toBe('BODY')
    expect(failures).toEqual({ console: [], replies: [] })
  })
})
