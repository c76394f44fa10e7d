import { isCurrencyCode, minorUnitDigits } from '@eduplatform/core'
import { PaymentProviderError } from './provider.ts'

/**
 * ISO 4217 minor units → the `amount` Stripe expects, per Stripe's "Supported currencies" page
 * (docs.stripe.com/currencies): Stripe counts in each currency's ISO 4217 minor unit (JPY 0 decimals,
 * KWD 3), except ISK, which it still takes as if it had two decimals, and the three-decimal currencies
 * (BHD, JOD, KWD, OMR, TND), whose amounts must end in 0.
 *
 * A code that is not ISO 4217 passes through unchanged, for Stripe to refuse.
 *
 * @throws PaymentProviderError (502) for an amount Stripe would refuse.
 */
export function toStripeAmount(amount: number, currency: string): number {
  const code = currency.toUpperCase()
  if (!isCurrencyCode(code)) return amount
  const digits = minorUnitDigits(code)
  if (code === 'ISK') return amount * 100
  if (digits === 3 && amount % 10 !== 0) {
    throw new PaymentProviderError('stripe', `Stripe charges ${code} in multiples of 10 minor units (0.010 ${code}); ${amount} is not one`, 'amount_invalid')
  }
  return amount
}
