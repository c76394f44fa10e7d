import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API, eventsOf, hasChromium, seedCourse, seriousViolations, startHarness, eventually, type Harness } from '../../../test/harness.ts'

describe.runIf(hasChromium)('<edu-course-card> in Chromium, on a page of another origin', () => {
  let h: Harness
  let free: Awaited<ReturnType<typeof seedCourse>>
  let paid: Awaited<ReturnType<typeof seedCourse>>
  let xss: Awaited<ReturnType<typeof seedCourse>>

  beforeAll(async () => {
    h = await startHarness()
    free = await seedCourse(h, { title: 'Free Algebra', level: 'intermediate', lessons: [{ title: 'One', isPreview: true }, { title: 'Two' }, { title: 'Three' }] })
    paid = await seedCourse(h, { title: 'Paid Geometry', priceCents: 123456, currency: 'USD', lessons: [{ title: 'Only' }] })
    xss = await seedCourse(h, { title: '<img src=x onerror="window.__xss=1">"><script>window.__xss=2</script>', lessons: [{ title: 'L' }] })
  })
  afterAll(async () => h?.close())

  it('shows the course to an anonymous visitor: title, teacher, level, lesson count, price in the page locale', async () => {
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-course-card course-id="${paid.courseId}"></edu-course-card>`, { lang: 'en-US' }))
    const card = page.locator('edu-course-card')
    await eventually(() => card.locator('[part="title"]').textContent()).toBe('Paid Geometry')
    expect(await card.locator('[part="teacher"]').textContent()).toBe('by Grace Teacher')
    expect(await card.locator('[part="level"]').textContent()).toBe('Beginner')
    expect(await card.locator('[part="price"]').textContent()).toBe('Price: $1,234.56')
    expect(await card.locator('[part="action"]').textContent()).toBe('Buy for $1,234.56')
    expect(await card.locator('[part="rating"]').textContent()).toBe('No reviews yet')
    expect(await card.locator('.meta').innerText()).toContain('1 lesson')
    expect(await seriousViolations(page)).toEqual([])
  })

  it('speaks Russian from the lang attribute, with Russian number formats and plurals', async () => {
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-course-card course-id="${paid.courseId}"></edu-course-card><edu-course-card course-id="${free.courseId}"></edu-course-card>`, { lang: 'ru-RU' }))
    const [paidCard, freeCard] = [page.locator('edu-course-card').nth(0), page.locator('edu-course-card').nth(1)]
    await eventually(() => paidCard.locator('[part="action"]').textContent()).toBe('Купить за 1\u00a0234,56\u00a0$')
    await eventually(() => freeCard.locator('[part="action"]').textContent()).toBe('Записаться бесплатно')
    expect(await freeCard.locator('.meta').innerText()).toContain('3 урока')
    expect(await freeCard.locator('[part="level"]').textContent()).toBe('Средний')
  })

  it('asks the host page to sign the visitor in when an anonymous visitor enrolls', async () => {
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-course-card course-id="${free.courseId}"></edu-course-card>`))
    await page.locator('edu-course-card [part="action"]').click()
    await eventually(() => eventsOf(page)).toEqual([{ name: 'edu-auth-required', detail: { action: 'enroll', courseId: free.courseId, lessonId: null } }])
    expect(await page.locator('edu-course-card [part="status"]').textContent()).toBe('Sign in to enroll in this course.')
  })

  it('asks an anonymous visitor who presses Buy to sign in to buy, not to enroll', async () => {
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-course-card course-id="${paid.courseId}"></edu-course-card>`))
    const action = page.locator('edu-course-card [part="action"]')
    await eventually(() => action.textContent()).toBe('Buy for $1,234.56')
    await action.click()
    await eventually(() => eventsOf(page)).toEqual([{ name: 'edu-auth-required', detail: { action: 'buy', courseId: paid.courseId, lessonId: null } }])
    expect(await page.locator('edu-course-card [part="status"]').textContent()).toBe('Sign in to buy this course.')
  })

  it('with wait-for-token, asks nothing until the page sets a token, or shows public data once the page says none is coming', async () => {
    const page = await h.newPage()
    const asked: string[] = []
    page.on('request', (r) => { if (r.url().startsWith(`${h.origin}${API}`)) asked.push(r.url()) })
    await page.goto(h.site.page(`<edu-config wait-for-token><edu-course-card course-id="${free.courseId}"></edu-course-card></edu-config>`))
    await page.waitForFunction(() => customElements.get('edu-course-card') !== undefined && document.querySelector('edu-course-card')!.shadowRoot!.textContent!.includes('Loading'))
    expect(await page.locator('edu-course-card [part="base"]').textContent()).toBe('Loading…')
    expect(asked).toEqual([])
    await page.evaluate(() => document.querySelector('edu-config')!.removeAttribute('wait-for-token'))
    await eventually(() => page.locator('edu-course-card [part="title"]').textContent()).toBe('Free Algebra')
    expect(asked).toEqual([`${h.origin}${API}/courses/${free.courseId}`])
  })

  it('enrolls a signed-in student in a free course, then offers to start with the progress shown', async () => {
    const student = await h.engine.asStudent()
    const page = await h.newPage()
    const opened: unknown[] = []
    await page.exposeFunction('reportOpen', (detail: unknown) => opened.push(detail))
    await page.addInitScript(() => document.addEventListener('edu-open', (e) => (window as unknown as { reportOpen(d: unknown): void }).reportOpen((e as CustomEvent).detail)))
    await page.goto(h.site.page(`<edu-config token="${student.accessToken}"><edu-course-card course-id="${free.courseId}" lesson-url="/learn/{courseId}/{lessonId}"></edu-course-card></edu-config>`))
    const action = page.locator('edu-course-card [part="action"]')
    await eventually(() => action.textContent()).toBe('Enroll for free')
    await action.click()
    await eventually(() => action.textContent()).toBe('Start learning')
    const events = await eventsOf(page)
    expect(events.map((e) => e.name)).toEqual(['edu-enroll'])
    expect(events[0]!.detail).toMatchObject({ courseId: free.courseId, enrollment: { courseId: free.courseId, studentId: student.user.id, status: 'active' }, progress: { percent: 0 } })
    expect(await page.locator('edu-course-card [part="status"]').textContent()).toBe('You are enrolled in Free Algebra.')
    expect(await page.locator('edu-course-card [part="progress"]').getAttribute('aria-label')).toBe('Course progress')
    expect(await seriousViolations(page)).toEqual([])
    const mine = await student.inject({ method: 'GET', url: `${API}/progress/courses/${free.courseId}` })
    expect(mine.statusCode).toBe(200)

    // Start opens the first lesson not completed: the event, then the lesson-url template.
    await action.click()
    await page.waitForURL(`${h.site.origin}/learn/${free.courseId}/${free.lessonIds[0]}`, { waitUntil: 'commit' })
    expect(opened).toEqual([{ courseId: free.courseId, lessonId: free.lessonIds[0] }])
  })

  it('buys a paid course with an idempotency key (mock provider) and shows the student enrolled', async () => {
    const student = await h.engine.asStudent()
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-course-card course-id="${paid.courseId}" token="${student.accessToken}"></edu-course-card>`))
    const action = page.locator('edu-course-card [part="action"]')
    await eventually(() => action.textContent()).toBe('Buy for $1,234.56')
    await action.click()
    await eventually(() => action.textContent()).toBe('Start learning')
    const [event] = await eventsOf(page)
    expect(event).toMatchObject({ name: 'edu-purchase', detail: { courseId: paid.courseId, payment: { status: 'completed', amount: 123456, currency: 'USD', checkoutUrl: null } } })
    const payments = await student.inject({ method: 'GET', url: `${API}/payments/me` })
    expect(payments.json().items.map((p: { id: string }) => p.id)).toEqual([event!.detail.payment.id])
  })

  it('renders markup in a course title as text', async () => {
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-course-card course-id="${xss.courseId}"></edu-course-card>`))
    const title = page.locator('edu-course-card [part="title"]')
    await eventually(() => title.textContent()).toBe(xss.title)
    expect(await page.locator('edu-course-card [part="title"] img, edu-course-card [part="title"] script').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBe(undefined)
  })

  it('takes the page\'s theme: custom properties, ::part(), inherited font, and dark mode where the page declares it', async () => {
    const page = await h.newPage()
    await page.goto(h.site.page(`<edu-course-card course-id="${paid.courseId}"></edu-course-card>`, {
      head: `<style>
        main { font-family: Georgia, serif; --edu-radius: 3px; }
        .themed { --edu-color-primary: rgb(22, 101, 52); }
        edu-course-card::part(action) { text-transform: uppercase; }
      </style>`,
    }))
    const action = page.locator('edu-course-card [part="action"]')
    await eventually(() => action.textContent()).toBe('Buy for $1,234.56')
    const style = () => action.evaluate((el) => {
      const s = getComputedStyle(el)
      return { background: s.backgroundColor, font: s.fontFamily, radius: s.borderRadius, transform: s.textTransform }
    })
    expect(await style()).toEqual({ background: 'rgb(29, 78, 216)', font: 'Georgia, serif', radius: '3px', transform: 'uppercase' })
    await page.evaluate(() => document.querySelector('edu-course-card')!.classList.add('themed'))
    expect((await style()).background).toBe('rgb(22, 101, 52)')
    await page.evaluate(() => document.querySelector('edu-course-card')!.classList.remove('themed'))
    await page.emulateMedia({ colorScheme: 'dark' })
    expect((await style()).background).toBe('rgb(29, 78, 216)') // the page is light: so is the card
    await page.evaluate(() => { document.body.style.cssText = 'color-scheme: light dark; background: #111827; color: #f9fafb' })
    expect((await style()).background).toBe('rgb(147, 180, 255)')
    expect(await seriousViolations(page)).toEqual([])
  })

  it('says a missing course is not available, accessibly', async () => {
    const page = await h.newPage()
    await page.goto(h.site.page('<edu-course-card course-id="01900000-0000-7000-8000-000000000000"></edu-course-card>'))
    await eventually(() => page.locator('edu-course-card [part="base"]').textContent()).toBe('This course is not available.')
    expect(await seriousViolations(page)).toEqual([])
  })

  it('gets no data on a page whose origin is not in EDU_CORS_ORIGINS', async () => {
    const page = await h.newPage()
    const refused = page.waitForEvent('requestfailed', (r) => r.url() === `${h.origin}${API}/courses/${free.courseId}`)
    await page.goto(h.stranger.page(`<edu-course-card course-id="${free.courseId}"></edu-course-card>`))
    await refused
    await eventually(() => page.locator('edu-course-card [part="base"] p').textContent()).toBe('This could not be loaded.')
    expect(await page.locator('edu-course-card [part="base"] button').textContent()).toBe('Try again')
    expect(await page.locator('edu-course-card [part="title"]').count()).toBe(0)
  })
})
