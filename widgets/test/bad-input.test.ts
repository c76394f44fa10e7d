import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { quizzes } from '@eduplatform/plugin-quizzes'
import type { Page } from 'playwright-core'
import { API, eventsOf, hasChromium, seedCourse, startHarness, eventually, type Harness } from './harness.ts'

// What a host page may get wrong, and what the widgets do then: never fail, never run what they show.

describe.runIf(hasChromium)('widgets given bad input by the host page', () => {
  let h: Harness
  let paid: Awaited<ReturnType<typeof seedCourse>>
  let free: Awaited<ReturnType<typeof seedCourse>>

  /** Two students of the page (one after the other, as on a shared computer), both enrolled in `free` when `enrolled`. */
  const students = async (enrolled: { first: boolean; second: boolean }) => {
    const [first, second] = [await h.engine.asStudent({ name: 'First' }), await h.engine.asStudent({ name: 'Second' })]
    for (const [student, enroll] of [[first, enrolled.first], [second, enrolled.second]] as const) {
      if (enroll) expect((await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: free.courseId } })).statusCode).toBe(201)
    }
    return { first: first.accessToken!, second: second.accessToken! }
  }

  beforeAll(async () => {
    h = await startHarness([courses(), enrollment(), payments({ provider: 'mock' }), quizzes()])
    paid = await seedCourse(h, { title: 'Paid Geometry', priceCents: 123456, currency: 'USD', lessons: [{ title: 'Only', isPreview: true }] })
    free = await seedCourse(h, { title: 'Optics', lessons: [{ title: 'Light', body: 'Light bends.' }, { title: 'Check', type: 'quiz', body: 'One question.' }] })
    const put = await h.teacher.inject({
      method: 'PUT', url: `${API}/lessons/${free.lessonIds[1]}/quiz`,
      payload: { passScore: 100, questions: [{ type: 'true_false', prompt: 'Light bends in water.', answer: true, explanation: 'Refraction.' }] },
    })
    expect(put.statusCode).toBe(200)
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
    await eventually(() => page.locator('edu-lesson-player header [part="title"]').textContent()).toBe('Only')
    expect(errors).toEqual([])
  })

  it('takes an api-base pasted with spaces around it and trailing slashes', async () => {
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-course-card course-id="${paid.courseId}" api-base="  ${h.origin}//
"></edu-course-card>`))
    await eventually(() => page.locator('edu-course-card [part="title"]').textContent()).toBe('Paid Geometry')
  })

  it('says a widget whose id is too long for a URL (10 KB) is not available, as for any id that is none, with no Try again', async () => {
    const page = await h.newPage()
    const id = 'a'.repeat(10_240)
    await page.goto(h.site.page(`<edu-course-card course-id="${id}"></edu-course-card><edu-lesson-player lesson-id="${id}"></edu-lesson-player><edu-quiz lesson-id="${id}"></edu-quiz>`))
    await eventually(() => page.locator('edu-course-card [part="base"]').textContent()).toBe('This course is not available.')
    await eventually(() => page.locator('edu-lesson-player [part="base"]').textContent()).toBe('This lesson is not available.')
    await eventually(() => page.locator('edu-quiz [part="base"]').textContent()).toBe('This quiz is not available.')
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0)
  })

  it('shows the next student of the page none of the quiz answers, result or explanations of the one before', async () => {
    const { first, second } = await students({ first: true, second: true })
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-quiz lesson-id="${free.lessonIds[1]}" course-id="${free.courseId}" token="${first}"></edu-quiz>`))
    const quiz = page.locator('edu-quiz')
    await quiz.getByRole('radio', { name: 'False' }).check()
    await quiz.getByRole('button', { name: 'Submit answers' }).click()
    await eventually(() => quiz.locator('[part="status"]').textContent()).toBe('Not passed: you scored 0%, 100% needed.')
    expect(await quiz.locator('[part="base"]').innerText()).toContain('Refraction.')

    await quiz.evaluate((element, token) => { (element as HTMLElement & { token: string }).token = token }, second)
    await eventually(() => quiz.getByRole('button', { name: 'Submit answers' }).count()).toBe(1)
    expect(await quiz.getByRole('radio', { name: 'False' }).isChecked()).toBe(false)
    expect(await quiz.getByRole('radio', { name: 'True' }).isChecked()).toBe(false)
    const shown = await quiz.locator('[part="base"]').innerText()
    for (const text of ['Refraction.', 'Correct answer', 'Not passed', 'attempt']) expect(shown).not.toContain(text)
    expect(await quiz.locator('[part="status"]').textContent()).toBe('')
  })

  it('drops the enrollment of the student before, arriving after the page has set another student\'s token', async () => {
    const { first, second } = await students({ first: true, second: false })
    const page = await h.newPage()
    await holdRequestsOf(page, first, ['/enrollments/me'])
    await page.goto(h.site.page(`<edu-course-card course-id="${free.courseId}" token="${first}"></edu-course-card>`))
    const card = page.locator('edu-course-card')
    await eventually(() => page.evaluate(() => window.held.length)).toBe(1)
    await card.evaluate((element, token) => { (element as HTMLElement & { token: string }).token = token }, second)
    await eventually(() => card.locator('[part="action"]').textContent()).toBe('Enroll for free')
    // The first student's enrollment (Start learning) arrives last, and is not shown to the second.
    await page.evaluate(() => window.release())
    expect(await card.locator('[part="action"]').textContent()).toBe('Enroll for free')
    expect(await card.locator('[part="progress"]').count()).toBe(0)
  })

  it('drops the last attempt of the student before when the page has set another student\'s token meanwhile', async () => {
    const { first, second } = await students({ first: true, second: true })
    const graded = await h.engine.app.inject({
      method: 'POST', url: `${API}/lessons/${free.lessonIds[1]}/quiz/attempts`, headers: { authorization: `Bearer ${first}` },
      payload: { answers: [{ questionId: await questionId(first), answer: false }] },
    })
    expect(graded.statusCode).toBe(201)
    const page = await h.newPage()
    await holdRequestsOf(page, first, ['/quiz/attempts/me'])
    await page.goto(h.site.page(`<edu-quiz lesson-id="${free.lessonIds[1]}" course-id="${free.courseId}" token="${first}"></edu-quiz>`))
    const quiz = page.locator('edu-quiz')
    await eventually(() => page.evaluate(() => window.held.length)).toBe(1)
    await quiz.evaluate((element, token) => { (element as HTMLElement & { token: string }).token = token }, second)
    await eventually(() => quiz.getByRole('button', { name: 'Submit answers' }).count()).toBe(1)
    await page.evaluate(() => window.release())
    expect(await quiz.getByRole('radio', { name: 'False' }).isChecked()).toBe(false)
    const shown = await quiz.locator('[part="base"]').innerText()
    for (const text of ['Refraction.', 'Correct answer', 'Not passed', 'Your last attempt']) expect(shown).not.toContain(text)
  })

  it('never follows a lesson-url that is not http(s): Continue emits edu-open and runs nothing', async () => {
    const { first } = await students({ first: true, second: false })
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-course-card course-id="${free.courseId}" token="${first}" lesson-url="javascript:window.__xss=1//{lessonId}"></edu-course-card>
      <edu-course-card course-id="${free.courseId}" token="${first}" lesson-url=" data:text/html,<script>opener.__xss=2</script>"></edu-course-card>`))
    const url = page.url()
    for (const card of [page.locator('edu-course-card').nth(0), page.locator('edu-course-card').nth(1)]) {
      await eventually(() => card.locator('[part="action"]').textContent()).toBe('Start learning')
      await card.locator('[part="action"]').click()
    }
    await eventually(async () => (await eventsOf(page)).filter((e) => e.name === 'edu-open').length).toBe(2)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    expect(page.url()).toBe(url)
  })

  const questionId = async (token: string) => {
    const quiz = await h.engine.app.inject({ method: 'GET', url: `${API}/lessons/${free.lessonIds[1]}/quiz`, headers: { authorization: `Bearer ${token}` } })
    return quiz.json().questions[0].id as string
  }
})

declare global {
  interface Window {
    held: Array<() => Promise<void>>
    release(): Promise<void>
  }
}

/**
 * Holds the page's requests made with `token` to a URL containing one of `paths` until
 * `window.release()`, which resolves once the widget has read each reply and run everything that
 * follows from it (a task after the body was read: the widget's own steps are microtasks before it).
 */
async function holdRequestsOf(page: Page, token: string, paths: string[]) {
  await page.addInitScript(({ token, paths }) => {
    window.held = []
    const send = window.fetch.bind(window)
    window.fetch = (input, init) => {
      const auth = (init?.headers as Record<string, string> | undefined)?.authorization
      if (auth !== `Bearer ${token}` || !paths.some((path) => String(input).includes(path))) return send(input, init)
      return new Promise((resolve, reject) => {
        window.held.push(() => new Promise<void>((read) => {
          send(input, init).then((response) => {
            const text = response.text.bind(response)
            response.text = () => text().then((body) => { setTimeout(read, 0); return body })
            resolve(response)
          }, (error) => { reject(error); read() })
        }))
      })
    }
    window.release = async () => { await Promise.all(window.held.splice(0).map((go) => go())) }
  }, { token, paths })
}
