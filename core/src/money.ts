import currencyCodes from 'currency-codes'
import { Type } from 'typebox'

/**
 * Money: every amount in the API is an integer in the minor unit of its ISO 4217 currency (cents for USD,
 * yen for JPY, fils for KWD), with the currency as its upper-case alphabetic code.
 *
 * The minor units come from the ISO 4217 list (the `currency-codes` package, which tracks the maintenance
 * agency's published list), not from `Intl`: CLDR's display digits differ from ISO 4217 for some currencies
 * (HUF, IDR and COP show no decimals but have two minor digits), and Stripe follows ISO 4217.
 */

const UNITS_OF_ACCOUNT = new Set(['XDR', 'XSU', 'XUA'])

const currencies = new Map(
  currencyCodes.data
    // Metals, bond units, test and "no currency" codes, and units of account with no minor unit ("N.A.") price nothing.
    .filter((c) => !c.countries.some((country) => /^zz\d/i.test(country)) && !UNITS_OF_ACCOUNT.has(c.code))
    .map((c) => [c.code, c.digits] as const),
)

/** Every ISO 4217 currency code of a country or currency union, sorted. */
export const CURRENCY_CODES: readonly string[] = [...currencies.keys()].sort()

/** An ISO 4217 currency code (`USD`, `JPY`, `KWD`); unknown or lower-case codes are refused with a 400. */
export const CurrencyCode = Type.Enum(CURRENCY_CODES as string[], { description: 'ISO 4217 alphabetic currency code, upper case' })

/** Whether `code` is a known ISO 4217 currency code (upper case). */
export function isCurrencyCode(code: string): boolean {
  return currencies.has(code)
}

/** The number of minor-unit digits of an ISO 4217 currency: 2 for USD, 0 for JPY, 3 for KWD. Throws on an unknown code. */
export function minorUnitDigits(currency: string): number {
  const digits = currencies.get(currency.toUpperCase())
  if (digits === undefined) throw new RangeError(`"${currency}" is not an ISO 4217 currency code`)
  return digits
}

/**
 * An amount in minor units as its major-unit decimal and code, exactly (no floating point):
 * `formatMoney(1500, 'JPY')` → `1500 JPY`, `formatMoney(1500, 'USD')` → `15.00 USD`, `formatMoney(1500, 'KWD')` → `1.500 KWD`.
 */
export function formatMoney(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`An amount must be an integer of minor units, got ${amount}`)
  const code = currency.toUpperCase()
  const digits = minorUnitDigits(code)
  const sign = amount < 0 ? '-' : ''
  const units = String(Math.abs(amount)).padStart(digits + 1, '0')
  const major = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`
  return `${sign}${major} ${code}`
}

/**
 * An amount in minor units for people to read, in `locale`'s style with the currency's ISO 4217 decimals:
 * `displayMoney(1500, 'JPY')` → `¥1,500`, `displayMoney(4999, 'USD')` → `$49.99`, `displayMoney(1500, 'KWD')` → `KWD 1.500`.
 */
export function displayMoney(amount: number, currency: string, locale = 'en'): string {
  const code = currency.toUpperCase()
  const digits = minorUnitDigits(code)
  return new Intl.NumberFormat(locale, { style: 'currency', currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount / 10 ** digits)
}
