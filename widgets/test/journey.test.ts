import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { quizzes } from '@eduplatform/plugin-quizzes'
import { API, eventsOf, hasChromium, seedCourse, seriousViolations, startHarness, eventually, type Harness } from './harness.ts'

// A school's page with a course card and a lesson player: the whole way from the card to 100%.
describe.runIf(hasChromium)('a learner on a school page: card → enroll → lessons → quiz → 100%', () => {
  let h: Harness
  let course: Awaited<ReturnType<typeof seedCourse>>

  beforeAll(async () => {
    h = await startHarness([courses(), enrollment(), payments({ provider: 'mock' }), quizzes()])
    course = await seedCourse(h, {
      title: 'Botany',
      lessons: [{ title: 'Leaves', body: 'Leaves are **green**.' }, { title: 'Quiz time', type: 'quiz', body: 'One question.' }],
    })
    const put = await h.teacher.inject({
      method: 'PUT', url: `${API}/lessons/${course.lessonIds[1]}/quiz`,
      payload: { passScore: 100, questions: [{ type: 'true_false', prompt: 'Leaves are green.', answer: true, explanation: 'Chlorophyll.' }] },
    })
    expect(put.statusCode).toBe(200)
  })
  afterAll(async () => h?.close())

  it('goes from the course card to a completed course, every step through the widgets', async () => {
    const student = await h.engine.asStudent()
    const page = await h.newPage()
    await page.goto(h.site.page(`
      <edu-config token="${student.accessToken}">
        <edu-course-card course-id="${course.courseId}"></edu-course-card>
        <edu-lesson-player hidden></edu-lesson-player>
      </edu-config>`, {
      head: `<script>
        // The school's page opens the lesson where the card says, in its own player.
        document.addEventListener('edu-open', (event) => {
          event.preventDefault()
          const player = document.querySelector('edu-lesson-player')
          player.setAttribute('lesson-id', event.detail.lessonId)
          player.hidden = false
        })
      </script>`,
    }))
    const card = page.locator('edu-course-card')
    const player = page.locator('edu-lesson-player')

    await card.getByRole('button', { name: 'Enroll for free' }).click()
    await card.getByRole('button', { name: 'Start learning' }).click()
    await eventually(() => player.locator('[part="title"]').first().textContent()).toBe('Leaves')

    await player.getByRole('button', { name: 'Mark as complete' }).click()
    await eventually(() => player.locator('[part="status"]').last().textContent()).toBe('Lesson completed. 50% of the course done.')
    await eventually(() => card.locator('[part="progress"]').getAttribute('value')).toBe('50')
    expect(await card.getByRole('button').textContent()).toBe('Continue')

    await player.getByRole('button', { name: 'Next lesson' }).click()
    const quiz = player.locator('edu-quiz')
    await quiz.getByRole('radio', { name: 'True' }).check()
    await quiz.getByRole('button', { name: 'Submit answers' }).click()
    await eventually(() => quiz.locator('[part="status"]').textContent()).toBe('Passed! You scored 100% (100% needed).')
    await eventually(() => player.locator('[part="progress"]').getAttribute('value')).toBe('100')
    await eventually(() => card.locator('[part="progress"]').getAttribute('value')).toBe('100')
    expect(await card.getByRole('button').textContent()).toBe('Review the course')
    expect(await seriousViolations(page)).toEqual([])

    expect((await eventsOf(page)).map((e) => e.name)).toEqual([
      'edu-enroll', 'edu-open', 'edu-lesson-complete', 'edu-navigate', 'edu-quiz-submit', 'edu-quiz-pass', 'edu-lesson-complete',
    ])
    const progress = await student.inject({ method: 'GET', url: `${API}/progress/courses/${course.courseId}` })
    expect(progress.json()).toMatchObject({ percent: 100, status: 'completed', completedLessonIds: expect.arrayContaining(course.lessonIds) })
    expect(progress.json().completedLessonIds).toHaveLength(2)
  })
})
