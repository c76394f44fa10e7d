import type { DemoContext } from '@eduplatform/core'
import type { PaymentsService } from './service.ts'

/** The demo student buys one paid course with the configured provider (the mock completes at once). */
export async function loadPaymentsDemo({ app, users, log }: DemoContext, service: PaymentsService): Promise<void> {
  const res = await app.inject({ method: 'GET', url: '/api/v1/courses?free=false&limit=50' })
  if (res.statusCode !== 200) {
    log.warn(`payments demo: could not list courses (${res.statusCode}); skipped`)
    return
  }
  const ids = (res.json() as { items: Array<{ id: string }> }).items.map((c) => c.id)
  const facts = ids.length ? await app.services.get('courses').getCourseFactsMany(ids) : new Map()
  const paid = [...facts.values()].find((c) => c.status === 'published' && c.priceCents > 0 && c.lessonCount > 0)
  if (!paid) {
    log.info('payments demo: no paid course to buy')
    return
  }
  const { payment } = await service.checkout(users.student.id, paid.id, `demo-purchase-${paid.id}`)
  log.info(`payments demo: ${users.student.email} bought "${paid.title}" (${payment.status}, ${service.provider.id})`)
}
