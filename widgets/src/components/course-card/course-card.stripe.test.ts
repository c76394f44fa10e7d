import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeStripe, type FakeStripeServer } from '../../../../plugins/payments/test/fake-stripe-server.ts'
import { API, eventsOf, eventually, hasChromium, seedCourse, startHarness, type Harness } from '../../../test/harness.ts'

// The card's "buy" with the Stripe provider: the engine creates a Checkout Session (on a fake Stripe API
// speaking Stripe's wire format, through the official SDK) and the card sends the student to its page.
describe.runIf(hasChromium)('<edu-course-card> buying through Stripe Checkout', () => {
  let h: Harness
  let stripe: FakeStripeServer
  let paid: { courseId: string }

  beforeAll(async () => {
    stripe = await startFakeStripe()
    h = await startHarness([courses(), enrollment(), payments({
      provider: 'stripe',
      stripe: { secretKey: stripe.secretKey, webhookSecret: 'whsec_widgets', host: stripe.host, port: stripe.port, protocol: 'http', maxNetworkRetries: 0, successUrl: 'https://school.example/paid' },
    })])
    paid = await seedCourse(h, { title: 'Paid Geometry', priceCents: 4900, currency: 'EUR', lessons: [{ title: 'Angles' }] })
  })
  afterAll(async () => {
    await h?.close()
    await stripe?.close()
  })

  it('sends the student to the Checkout Session the engine created, for the course price', async () => {
    const student = await h.engine.asStudent()
    const page = await h.newPage()
    // Stripe's hosted page is outside this machine's reach: answer it locally, to see the browser arrive there.
    await page.route('https://checkout.stripe.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Stripe Checkout</title>' }))
    await page.goto(h.site.page(`<edu-course-card course-id="${paid.courseId}" token="${student.accessToken}"></edu-course-card>`, { lang: 'en-US' }))
    const action = page.locator('edu-course-card [part="action"]')
    await eventually(() => action.textContent()).toBe('Buy for €49.00')
    await action.click()
    await page.waitForURL(/^https:\/\/checkout\.stripe\.com\/c\/pay\//, { waitUntil: 'commit' })
    const [session] = [...stripe.sessions.values()]
    expect(stripe.sessions.size).toBe(1)
    expect(page.url()).toBe(session!.url)
    expect(session).toMatchObject({ amount_total: 4900, currency: 'eur' })
    const mine = await student.inject({ method: 'GET', url: `${API}/payments/me` })
    expect(mine.json().items).toMatchObject([{ courseId: paid.courseId, status: 'pending', amount: 4900, currency: 'EUR' }])
  })

  it('leaves the redirect to the host page when it cancels edu-purchase', async () => {
    const student = await h.engine.asStudent()
    const page = await h.newPage()
    const page$ = h.site.page(`<edu-course-card course-id="${paid.courseId}" token="${student.accessToken}"></edu-course-card>`, {
      lang: 'en-US', head: `<script>document.addEventListener('edu-purchase', (e) => e.preventDefault())</script>`,
    })
    await page.goto(page$)
    const action = page.locator('edu-course-card [part="action"]')
    await eventually(() => action.textContent()).toBe('Buy for €49.00')
    await action.click()
    await eventually(async () => (await eventsOf(page)).map((e) => e.name)).toEqual(['edu-purchase'])
    const [event] = await eventsOf(page)
    const session = [...stripe.sessions.values()].find((s) => s.url === event!.detail.payment.checkoutUrl)
    expect(session).toBeDefined()
    expect(event!.detail).toMatchObject({ courseId: paid.courseId, payment: { status: 'pending', amount: 4900, currency: 'EUR' } })
    expect(page.url()).toBe(page$)
  })
})
