import { MockPaymentProvider } from './mock.ts'
import type { PaymentProvider } from './provider.ts'
import { StripePaymentProvider } from './stripe.ts'
import { DEV_MOCK_WEBHOOK_SECRET, type PaymentsOptions } from '../schemas.ts'

/** The configured provider; fails fast (at boot) on missing settings. */
export function createProvider(options: PaymentsOptions): PaymentProvider {
  if (options.provider === 'stripe') {
    if (!options.stripe) throw new Error('Plugin "payments": option "stripe" ({ secretKey, webhookSecret }) is required when provider is "stripe"')
    return new StripePaymentProvider(options.stripe)
  }
  return new MockPaymentProvider({ ...options.mock, webhookSecret: options.mock.webhookSecret ?? DEV_MOCK_WEBHOOK_SECRET })
}
