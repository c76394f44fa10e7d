import { fileURLToPath } from 'node:url'
import { definePlugin } from '@eduplatform/core'
import { loadPaymentsDemo } from './demo.ts'
import { paymentEntities } from './entities/payment.ts'
import { createProvider } from './providers/index.ts'
import { paymentRoutes } from './routes/payments.ts'
import { webhookRoutes } from './routes/webhooks.ts'
import { PaymentsOptions } from './schemas.ts'
import { PaymentsService } from './service.ts'

export type { PaymentRefunded, PaymentSettled, RefundReason } from './events.ts'
export type { PaymentsService, PaymentView } from './service.ts'
export type { PaymentProvider } from './providers/provider.ts'
export { MockPaymentProvider, signMockWebhook, MOCK_SIGNATURE_HEADER } from './providers/mock.ts'
export { StripePaymentProvider } from './providers/stripe.ts'
export { DEV_MOCK_WEBHOOK_SECRET } from './schemas.ts'

/**
 * Payments for courses through one provider (`mock` or `stripe`); provides `payments`.
 * Enrollment is not listed as an optional dependency: enrollment lists payments, and both ways
 * would be a cycle. Payments only asks `services.find('enrollment')` at request time.
 */
export const payments = definePlugin({
  name: 'payments',
  dependsOn: ['courses'],
  options: PaymentsOptions,
  entities: paymentEntities,
  migrations: fileURLToPath(new URL('../../../migrations/payments', import.meta.url)),
  async register(app, options) {
    if (options.provider === 'mock' && process.env.NODE_ENV === 'production' && !options.mock.allowInProduction) {
      throw new Error('Plugin "payments": the mock provider takes no money and is refused when NODE_ENV=production. '
        + 'Configure { provider: "stripe", stripe: { secretKey, webhookSecret } } in edu.config.ts, '
        + 'or payments({ mock: { allowInProduction: true } }) for a demo that must never take real students\' money.')
    }
    if (options.provider === 'mock') {
      app.log.warn('payments: the mock provider completes every checkout without taking money; switch to { provider: "stripe" } before real students pay')
    }
    const service = new PaymentsService(app, createProvider(options))
    app.services.provide('payments', service)
    app.events.on('payment.course-missing', 'payments.refund-course-missing', async (p, { em }) => {
      await service.refundForMissingCourse(em, p.paymentId)
    })
    paymentRoutes(app, service)
    await webhookRoutes(app, service)
  },
  async demo(ctx) {
    await loadPaymentsDemo(ctx, ctx.app.services.get('payments'))
  },
})
