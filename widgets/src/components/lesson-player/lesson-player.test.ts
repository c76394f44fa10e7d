import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API, eventsOf, hasChromium, seedCourse, seriousViolations, startHarness, eventually, type Harness } from '../../../test/harness.ts'

const XSS_BODY = [
  'Safe **bold** text.',
  '<script>window.__xss = 1</script>',
  '<img src="x" onerror="window.__xss = 2">',
  '[click](javascript:window.__xss=3)',
  '<iframe src="javascript:window.__xss=4"></iframe>',
].join('\n\n')

describe.runIf(hasChromium)('<edu-lesson-player> in Chromium, on a page of another origin', () => {
  let h: Harness
  let course: Awaited<ReturnType<typeof seedCourse>>
  let paid: Awaited<ReturnType<typeof seedCourse>>

  beforeAll(async () => {
    h = await startHarness()
    course = await seedCourse(h, {
      title: 'Free Physics',
      lessons: [
        { title: 'Motion', body: 'Things **move**.', isPreview: true, type: 'video', videoUrl: 'https://youtu.be/dQw4w9WgXcQ' },
        { title: 'Forces <b>and</b> you', body: XSS_BODY },
        { title: 'Energy', body: 'Energy is kept.' },
      ],
    })
    paid = await seedCourse(h, { title: 'Paid Chemistry', priceCents: 4900, currency: 'EUR', lessons: [{ title: 'Atoms', body: 'Small.' }] })
  })
  afterAll(async () => h?.close())

  it('plays a preview lesson to anyone: body, privacy-enhanced video loaded only on play, position', async () => {
    const page = await h.newPage()
    await page.route('https://www.youtube-nocookie.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>player</title>' }))
    await page.goto(h.site.page(`<edu-lesson-player lesson-id="${course.lessonIds[0]}"></edu-lesson-player>`))
    const player = page.locator('edu-lesson-player')
    await eventually(() => player.locator('header [part="title"]').textContent()).toBe('Motion')
    expect(await player.locator('[part="content"] strong').textContent()).toBe('move')
    expect(await player.locator('header .muted').textContent()).toBe('Lesson 1 of 3')
    expect(await player.locator('[part="video"] iframe').count()).toBe(0)
    expect(await player.locator('[part="video"] p').textContent()).toBe('The player loads from www.youtube-nocookie.com when you press play.')
    expect(await seriousViolations(page)).toEqual([])
    expect(await player.locator('[part="video"] button').textContent()).toBe('▶ Play the video from www.youtube-nocookie.com: Motion')
    await player.locator('[part="video"] button').click()
    expect(await player.locator('[part="video"] iframe').getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1')
    expect(await player.locator('[part="video"] iframe').getAttribute('title')).toBe('Video: Motion')
  })

  it('tells an anonymous visitor why a lesson is locked and offers the course', async () => {
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-lesson-player lesson-id="${course.lessonIds[2]}" course-id="${course.courseId}"></edu-lesson-player>`, {
      head: '<style>edu-lesson-player::part(card-action) { text-transform: uppercase }</style>',
    }))
    const player = page.locator('edu-lesson-player')
    await eventually(() => player.locator('[part="locked"] .notice').textContent()).toBe('Sign in and enroll in this course to open this lesson.')
    await eventually(() => player.locator('edu-course-card [part="action"]').textContent()).toBe('Enroll for free')
    // The page styles the card inside the player through the part the player exports.
    expect(await player.locator('edu-course-card [part="action"]').evaluate((button) => getComputedStyle(button).textTransform)).toBe('uppercase')
    expect(await seriousViolations(page)).toEqual([])
  })

  it('keeps a visitor who steps from a preview into a locked lesson on the way: its title, its place, previous and next', async () => {
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-lesson-player lesson-id="${course.lessonIds[0]}" course-id="${course.courseId}"></edu-lesson-player>`))
    const player = page.locator('edu-lesson-player')
    await eventually(() => player.locator('header [part="title"]').textContent()).toBe('Motion')
    await player.getByRole('button', { name: 'Next lesson →' }).click()
    await eventually(() => player.locator('[part="locked"] .notice').textContent()).toBe('Sign in and enroll in this course to open this lesson.')
    const title = player.locator('header [part="title"]')
    expect(await title.textContent()).toBe('Forces <b>and</b> you')
    expect(await player.locator('header .muted').textContent()).toBe('Lesson 2 of 3')
    // The keyboard focus follows to the locked lesson's title, not to <body>.
    await eventually(() => title.evaluate((el) => el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true)
    expect(await player.getByRole('button', { name: 'Next lesson →' }).count()).toBe(1)
    expect(await seriousViolations(page)).toEqual([])
    await player.getByRole('button', { name: '← Previous lesson' }).click()
    await eventually(() => player.locator('header [part="title"]').textContent()).toBe('Motion')
  })

  it('offers a paid course to a signed-in student, and opens the lesson once bought', async () => {
    const student = await h.engine.asStudent()
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-lesson-player lesson-id="${paid.lessonIds[0]}" course-id="${paid.courseId}" token="${student.accessToken}"></edu-lesson-player>`))
    const player = page.locator('edu-lesson-player')
    await eventually(() => player.locator('[part="locked"] .notice').textContent()).toBe('Buy this course to open this lesson.')
    const buy = player.locator('edu-course-card [part="action"]')
    await eventually(() => buy.textContent()).toBe('Buy for €49.00')
    await buy.click()
    // A locked lesson shows its title too: the lesson is open when its body is there and the lock gone.
    await eventually(() => player.locator('[part="content"] p').textContent()).toBe('Small.')
    expect(await player.locator('[part="locked"]').count()).toBe(0)
    expect(await player.locator('[part="title"][tabindex="-1"]').textContent()).toBe('Atoms') // the lesson's title, not the course card's
    expect((await eventsOf(page)).map((e) => e.name)).toEqual(['edu-purchase'])
  })

  // docs/widgets.md §2: a card and a player under one <edu-config>, the token minted by the school's backend after load.
  const schoolPage = (token: string, body: string) => {
    h.site.onToken(() => token)
    return h.site.page(`<edu-config wait-for-token>${body}</edu-config>`, {
      head: `<script type="module">
        const config = document.querySelector('edu-config')
        const renew = async () => { config.token = (await (await fetch('/token')).json()).token }
        await renew()
        document.addEventListener('edu-token-expired', renew)
      </script>`,
    })
  }
  /** Every API request the page sends (preflights aside), with its Authorization header, and every 401. */
  const watchApi = (page: Awaited<ReturnType<Harness['newPage']>>) => {
    const seen = { requests: [] as Array<{ url: string; authorization: string | undefined }>, refused: [] as string[] }
    page.on('request', (r) => { if (r.url().startsWith(`${h.origin}${API}`) && r.method() !== 'OPTIONS') seen.requests.push({ url: r.url(), authorization: r.headers().authorization }) })
    page.on('response', (r) => { if (r.status() === 401) seen.refused.push(r.url()) })
    return seen
  }

  it('shares the learner\'s state on the page: buying in a locked lesson turns the course card beside it to Start', async () => {
    const student = await h.engine.asStudent()
    const page = await h.newPage()
    const api = watchApi(page)
    await page.goto(schoolPage(student.accessToken, `<edu-course-card course-id="${paid.courseId}"></edu-course-card>
      <edu-lesson-player lesson-id="${paid.lessonIds[0]}" course-id="${paid.courseId}"></edu-lesson-player>`))
    const card = page.locator('main > edu-config > edu-course-card [part="action"]')
    const player = page.locator('edu-lesson-player')
    await eventually(() => card.textContent()).toBe('Buy for €49.00')
    const buy = player.locator('edu-course-card [part="action"]')
    await eventually(() => buy.textContent()).toBe('Buy for €49.00')
    await buy.click()
    await eventually(() => player.locator('[part="locked"]').count()).toBe(0) // opened (a locked lesson shows its title too)
    expect(await player.locator('[part="title"][tabindex="-1"]').textContent()).toBe('Atoms')
    await eventually(() => card.textContent()).toBe('Start learning')
    // No request left before the token was set, none with a missing token, and nothing was refused.
    expect(api.requests.length).toBeGreaterThan(0)
    expect(api.requests.filter((r) => r.authorization !== `Bearer ${student.accessToken}`)).toEqual([])
    expect(api.refused).toEqual([])
    expect((await student.inject({ method: 'GET', url: `${API}/payments/me` })).json().items).toHaveLength(1)
  })

  it('shares the learner\'s state on the page: buying on the course card opens the locked lesson beside it', async () => {
    const student = await h.engine.asStudent()
    const page = await h.newPage()
    const api = watchApi(page)
    await page.goto(schoolPage(student.accessToken, `<edu-course-card course-id="${paid.courseId}"></edu-course-card>
      <edu-lesson-player lesson-id="${paid.lessonIds[0]}" course-id="${paid.courseId}"></edu-lesson-player>`))
    const card = page.locator('main > edu-config > edu-course-card [part="action"]')
    const player = page.locator('edu-lesson-player')
    await eventually(() => player.locator('[part="locked"] .notice').textContent()).toBe('Buy this course to open this lesson.')
    await eventually(() => card.textContent()).toBe('Buy for €49.00')
    await card.click()
    await eventually(() => card.textContent()).toBe('Start learning')
    await eventually(() => player.locator('[part="locked"]').count()).toBe(0) // opened (a locked lesson shows its title too)
    expect(await player.locator('[part="title"][tabindex="-1"]').textContent()).toBe('Atoms')
    expect(api.refused).toEqual([])
    expect((await student.inject({ method: 'GET', url: `${API}/payments/me` })).json().items).toHaveLength(1)
  })

  it('renders markup in lesson titles as text and lesson bodies without anything that runs', async () => {
    const student = await h.engine.asStudent()
    await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: course.courseId } })
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-lesson-player lesson-id="${course.lessonIds[1]}" token="${student.accessToken}"></edu-lesson-player>`))
    const player = page.locator('edu-lesson-player')
    const lesson = await student.inject({ method: 'GET', url: `${API}/lessons/${course.lessonIds[1]}` })
    await eventually(() => player.locator('[part="title"]').textContent()).toBe(lesson.json().title)
    expect(await player.locator('[part="title"] b').count()).toBe(0)
    expect(await player.locator('[part="content"] strong').textContent()).toBe('bold')
    expect(await player.locator('[part="content"] script, [part="content"] iframe, [part="content"] [onerror]').count()).toBe(0)
    const hrefs = await player.locator('[part="content"] a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))
    expect(hrefs.filter((href) => href?.startsWith('javascript:'))).toEqual([])
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBe(undefined)
  })

  it('passes lesson HTML through DOMPurify in the browser too, should anything between engine and page alter it', async () => {
    const page = await h.newPage()
    const url = `${h.origin}${API}/lessons/${course.lessonIds[0]}`
    await page.route(url, async (route) => {
      const response = await route.fetch()
      const lesson = await response.json()
      lesson.bodyHtml = '<p>Kept</p><script>window.__xss = 1</script><img src="x" onerror="window.__xss = 2"><a href="javascript:window.__xss=3">x</a><svg><animate onbegin="window.__xss=4"></animate></svg>'
      await route.fulfill({ response, json: lesson })
    })
    await page.goto(h.site.page(`<edu-lesson-player lesson-id="${course.lessonIds[0]}"></edu-lesson-player>`))
    const content = page.locator('edu-lesson-player [part="content"]')
    await eventually(() => content.locator('p').textContent()).toBe('Kept')
    expect(await content.locator('script, [onerror], animate').count()).toBe(0)
    expect(await content.locator('img').count()).toBe(1)
    expect(await content.locator('a').getAttribute('href')).toBe(null)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBe(undefined)
  })

  it('loads an image of another host in a lesson without telling that host the page (no Referer)', async () => {
    const illustrated = await seedCourse(h, {
      title: 'Illustrated Botany',
      lessons: [{ title: 'A leaf', isPreview: true, body: 'Look:\n\n![A leaf, drawn](https://images.example.org/leaf.png)' }],
    })
    const page = await h.newPage()
    const asked: Array<Record<string, string>> = []
    await page.route('https://images.example.org/**', async (route) => {
      asked.push(route.request().headers())
      await route.fulfill({ contentType: 'image/gif', body: Buffer.from('R0lGODlhAQABAAAAACw=', 'base64') })
    })
    await page.goto(h.site.page(`<edu-lesson-player lesson-id="${illustrated.lessonIds[0]}"></edu-lesson-player>`))
    const image = page.locator('edu-lesson-player [part="content"] img')
    await eventually(() => image.getAttribute('alt')).toBe('A leaf, drawn')
    expect(await image.getAttribute('referrerpolicy')).toBe('no-referrer')
    expect(await image.getAttribute('loading')).toBe('lazy')
    await eventually(() => asked.length).toBe(1)
    expect(asked[0]!.referer).toBe(undefined)
  })

  it('marks a lesson complete with progress announced, and moves to the next lesson by keyboard', async () => {
    const student = await h.engine.asStudent()
    await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: course.courseId } })
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-lesson-player lesson-id="${course.lessonIds[0]}" token="${student.accessToken}"></edu-lesson-player>`))
    const player = page.locator('edu-lesson-player')
    await eventually(() => player.locator('[part="progress"]').getAttribute('value')).toBe('0')
    await player.locator('[part="complete"]').focus()
    await page.keyboard.press('Enter')
    await eventually(() => player.locator('[part="status"]').textContent()).toBe('Lesson completed. 33% of the course done.')
    expect(await player.locator('[part="progress"]').getAttribute('value')).toBe('33')
    expect(await player.locator('.done').textContent()).toBe('✓ Completed')
    expect(await seriousViolations(page)).toEqual([])

    await player.getByRole('button', { name: 'Next lesson' }).focus()
    await page.keyboard.press('Enter')
    await eventually(() => player.locator('[part="title"]').textContent()).toBe(`${(await student.inject({ method: 'GET', url: `${API}/lessons/${course.lessonIds[1]}` })).json().title}`)
    await eventually(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('part'))).toBe('title')
    const events = await eventsOf(page)
    expect(events.map((e) => e.name)).toEqual(['edu-lesson-complete', 'edu-navigate'])
    expect(events[0]!.detail).toMatchObject({ lessonId: course.lessonIds[0], courseId: course.courseId, progress: { completed: 1, total: 3, percent: 33 } })
    expect(events[1]!.detail).toEqual({ lessonId: course.lessonIds[1], from: course.lessonIds[0], direction: 'next' })
    const progress = await student.inject({ method: 'GET', url: `${API}/progress/courses/${course.courseId}` })
    expect(progress.json().completedLessonIds).toEqual([course.lessonIds[0]])
  })

  it('asks for a new token when it expires, and completes the lesson with it without losing the place', async () => {
    const student = await h.engine.asStudent()
    await student.inject({ method: 'POST', url: `${API}/enrollments`, payload: { courseId: course.courseId } })
    const short = (await h.engine.app.identity.startSession(student.user.id, { accessTokenTtl: 60 }))!.accessToken
    const expiresAt = (h.engine.app.jwt.decode(short) as { exp: number }).exp * 1000
    let minted = 0
    h.site.onToken(() => {
      minted += 1
      return h.engine.app.identity.startSession(student.user.id).then((session) => session!.accessToken)
    })
    const page = await h.newPage()
    await page.clock.install()
    const api = watchApi(page)
    await page.goto(h.site.page(`<edu-config token="${short}"><edu-lesson-player lesson-id="${course.lessonIds[2]}"></edu-lesson-player></edu-config>`, {
      head: `<script>
        // The school's page: on expiry, ask its own backend for a new token and hand it to every widget.
        document.addEventListener('edu-token-expired', async () => {
          const { token } = await fetch('/token').then((r) => r.json())
          document.querySelector('edu-config').token = token
        })
      </script>`,
    }))
    const player = page.locator('edu-lesson-player')
    await eventually(() => player.locator('[part="title"]').textContent()).toBe('Energy')
    // The learner reads long past the token's expiry: the page's clock moves beyond it and the hour allowed for clock skew.
    await page.clock.setSystemTime(expiresAt + 60 * 60 * 1000 + 1000)
    await player.locator('[part="complete"]').click()
    await eventually(() => player.locator('[part="status"]').textContent()).toBe('Lesson completed. 33% of the course done.')
    expect(await player.locator('[part="title"]').textContent()).toBe('Energy')
    expect((await eventsOf(page)).map((e) => e.name)).toEqual(['edu-token-expired', 'edu-lesson-complete'])
    expect(minted).toBe(1)
    // The token was known to be past its exp: the player asked for a new one without sending it.
    expect(api.refused).toEqual([])
    expect(api.requests.filter((r) => r.url.endsWith('/complete')).map((r) => r.authorization)).not.toContain(`Bearer ${short}`)
    const progress = await student.inject({ method: 'GET', url: `${API}/progress/courses/${course.courseId}` })
    expect(progress.json().completedLessonIds).toEqual([course.lessonIds[2]])
  })

  it('says an unknown lesson is not available', async () => {
    const page = await h.newPage()
    await page.goto(h.site.page('<edu-lesson-player lesson-id="01900000-0000-7000-8000-000000000000"></edu-lesson-player>'))
    await eventually(() => page.locator('edu-lesson-player [part="base"]').textContent()).toBe('This lesson is not available.')
  })
})
