import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { quizzes } from '@eduplatform/plugin-quizzes'
import { API, eventsOf, hasChromium, seedCourse, seriousViolations, startHarness, eventually, type Harness } from '../../../test/harness.ts'

const QUIZ = {
  passScore: 75,
  maxAttempts: 3,
  questions: [
    { type: 'single', prompt: 'Which planet is largest?', options: ['Mars', 'Jupiter', 'Venus'], answer: [1], explanation: 'Jupiter is the largest planet.' },
    { type: 'multiple', prompt: 'Which are gas giants?', options: ['Saturn', 'Earth', 'Jupiter'], answer: [0, 2], explanation: 'Saturn and Jupiter.' },
    { type: 'true_false', prompt: 'The Sun is a star.', answer: true },
    { type: 'short_text', prompt: 'The capital of France?', answer: ['Paris'], explanation: 'Paris.' },
  ],
}

describe.runIf(hasChromium)('<edu-quiz> in Chromium, on a page of another origin', () => {
  let h: Harness
  let course: Awaited<ReturnType<typeof seedCourse>>

  beforeAll(async () => {
    h = await startHarness([courses(), enrollment(), payments({ provider: 'mock' }), quizzes()])
    course = await seedCourse(h, { title: 'Astronomy', lessons: [{ title: 'Check yourself', type: 'quiz', body: 'Four questions.' }] })
    const put = await h.teacher.inject({ method: 'PUT', url: `${API}/lessons/${course.lessonIds[0]}/quiz`, payload: QUIZ })
    expect(put.statusCode).toBe(200)
  })
  afterAll(async () => h?.close())

  it('is taken with the keyboard alone: a failed attempt with explanations, then a pass, announced', async () => {
    const student = await h.engine.asStudent()
    await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: course.courseId } })
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-quiz lesson-id="${course.lessonIds[0]}" token="${student.accessToken}"></edu-quiz>`))
    const quiz = page.locator('edu-quiz')
    await eventually(() => quiz.locator('[part="question"]').count()).toBe(4)
    expect(await quiz.locator('.intro').textContent()).toBe('75% needed to pass · 3 attempts left')
    expect(await seriousViolations(page)).toEqual([])

    const { keyboard } = page
    // First attempt, 2 of 4 right: Mars (wrong), Saturn alone (wrong: all or nothing), True, "  paris ".
    await keyboard.press('Tab') // question 1's first radio
    await keyboard.press('Space') // Mars
    await keyboard.press('Tab') // question 2: Saturn
    await keyboard.press('Space')
    await keyboard.press('Tab') // Earth
    await keyboard.press('Tab') // Jupiter
    await keyboard.press('Tab') // question 3: True
    await keyboard.press('Space')
    await keyboard.press('Tab') // question 4: the text field
    await keyboard.type('  paris ')
    await keyboard.press('Enter') // submits the form
    const status = quiz.locator('[part="status"]')
    await eventually(() => status.textContent()).toBe('Not passed: you scored 50%, 75% needed. 2 attempts left')
    const results = () => quiz.locator('[part="result"]').evaluateAll((nodes) => nodes.map((n) => [...n.querySelectorAll('strong, p')].map((e) => e.textContent)))
    expect(await results()).toEqual([
      ['✗ Incorrect', 'Correct answer: Jupiter', 'Jupiter is the largest planet.'],
      ['✗ Incorrect', 'Correct answer: Saturn, Jupiter', 'Saturn and Jupiter.'],
      ['✓ Correct'],
      ['✓ Correct', 'Paris.'],
    ])
    expect(await quiz.locator('[part="summary"]').textContent()).toContain('Score: 50%')
    expect(await seriousViolations(page)).toEqual([])

    // The summary has focus; the next stop is Try again, which brings the learner back to question 1.
    await eventually(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('part'))).toBe('summary')
    await keyboard.press('Tab')
    await keyboard.press('Enter')
    await keyboard.press('ArrowDown') // from Mars to Jupiter
    await keyboard.press('Tab') // question 2: Saturn, still checked
    await keyboard.press('Tab') // Earth
    await keyboard.press('Tab') // Jupiter
    await keyboard.press('Space')
    await keyboard.press('Tab') // question 3: True, still chosen
    await keyboard.press('Tab') // question 4: still "  paris "
    await keyboard.press('Enter')
    await eventually(() => status.textContent()).toBe('Passed! You scored 100% (75% needed). 1 attempt left')
    expect(await results()).toEqual([['✓ Correct', 'Jupiter is the largest planet.'], ['✓ Correct', 'Saturn and Jupiter.'], ['✓ Correct'], ['✓ Correct', 'Paris.']])
    expect(await seriousViolations(page)).toEqual([])

    // A pass completes the lesson: the quiz tells the page, with the course's progress.
    await eventually(async () => (await eventsOf(page)).map((e) => e.name)).toEqual(['edu-quiz-submit', 'edu-quiz-submit', 'edu-quiz-pass', 'edu-lesson-complete'])
    const events = await eventsOf(page)
    expect(events[2]!.detail).toMatchObject({ lessonId: course.lessonIds[0], attempt: { score: 100, passed: true } })
    expect(events[3]!.detail).toEqual({ lessonId: course.lessonIds[0], courseId: course.courseId, progress: { completed: 1, total: 1, percent: 100, status: 'completed', courseId: course.courseId } })
    const progress = await student.inject({ method: 'GET', url: `${API}/progress/courses/${course.courseId}` })
    expect(progress.json()).toMatchObject({ percent: 100, completedLessonIds: [course.lessonIds[0]] })
  })

  it('asks anonymous visitors to sign in and enroll, as the player does, instead of showing a form they cannot submit', async () => {
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-quiz lesson-id="${course.lessonIds[0]}"></edu-quiz>`, { lang: 'ru' }))
    await eventually(() => page.locator('edu-quiz .notice').textContent()).toBe('Войдите и запишитесь на курс, чтобы открыть этот урок.')
    expect(await seriousViolations(page)).toEqual([])
  })

  it('can be styled by the page inside a lesson player (quiz-*), and its locked card too (card-*)', async () => {
    const student = await h.engine.asStudent()
    await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: course.courseId } })
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-lesson-player lesson-id="${course.lessonIds[0]}" token="${student.accessToken}"></edu-lesson-player>
      <edu-quiz lesson-id="${course.lessonIds[0]}" course-id="${course.courseId}"></edu-quiz>`, {
      head: `<style>
        edu-lesson-player::part(quiz-submit) { text-transform: uppercase }
        edu-quiz::part(card-action) { text-transform: lowercase }
      </style>`,
    }))
    const submit = page.locator('edu-lesson-player edu-quiz [part="submit"]')
    await eventually(() => submit.textContent()).toBe('Submit answers')
    expect(await submit.evaluate((button) => getComputedStyle(button).textTransform)).toBe('uppercase')
    const action = page.locator('main > edu-quiz edu-course-card [part="action"]')
    await eventually(() => action.textContent()).toBe('Enroll for free')
    expect(await action.evaluate((button) => getComputedStyle(button).textTransform)).toBe('lowercase')
  })

  it('refuses a submission with unanswered questions, naming how many, before calling the engine', async () => {
    const student = await h.engine.asStudent()
    await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: course.courseId } })
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-quiz lesson-id="${course.lessonIds[0]}" token="${student.accessToken}"></edu-quiz>`))
    const quiz = page.locator('edu-quiz')
    await eventually(() => quiz.locator('[part="question"]').count()).toBe(4)
    await quiz.getByRole('radio', { name: 'Jupiter' }).check()
    await quiz.locator('[part="submit"]').click()
    await eventually(() => quiz.locator('[part="status"]').textContent()).toBe('Answer 3 more questions before submitting.')
    const attempts = await student.inject({ method: 'GET', url: `${API}/lessons/${course.lessonIds[0]}/quiz/attempts/me` })
    expect(attempts.json().items).toEqual([])
  })
})
