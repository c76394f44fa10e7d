import { describe, expect, it } from 'vitest'
import { CURRENCY_CODES, displayMoney, formatMoney, isCurrencyCode, minorUnitDigits } from '../src/money.ts'

describe('money in ISO 4217 minor units', () => {
  it('knows each currency minor unit, from ISO 4217 rather than display conventions', () => {
    expect(['USD', 'EUR', 'JPY', 'KWD', 'BHD', 'CLP', 'HUF', 'IDR', 'ISK', 'CLF'].map(minorUnitDigits)).toEqual([2, 2, 0, 3, 3, 0, 2, 2, 0, 4])
    expect(minorUnitDigits('jpy')).toBe(0)
    expect(() => minorUnitDigits('XYZ')).toThrow('"XYZ" is not an ISO 4217 currency code')
  })

  it('formats exactly, with the currency own number of decimals', () => {
    expect(formatMoney(1500, 'JPY')).toBe('1500 JPY')
    expect(formatMoney(1500, 'USD')).toBe('15.00 USD')
    expect(formatMoney(1500, 'KWD')).toBe('1.500 KWD')
    expect(formatMoney(5, 'EUR')).toBe('0.05 EUR')
    expect(formatMoney(0, 'USD')).toBe('0.00 USD')
    expect(formatMoney(-250, 'usd')).toBe('-2.50 USD')
    expect(formatMoney(9_007_199_254_740_991, 'USD')).toBe('90071992547409.91 USD')
    expect(() => formatMoney(1.5, 'USD')).toThrow('An amount must be an integer of minor units, got 1.5')
  })

  it('shows amounts to people with the currency own decimals', () => {
    expect(displayMoney(1500, 'JPY')).toBe('¥1,500')
    expect(displayMoney(4999, 'USD')).toBe('$49.99')
    expect(displayMoney(1500, 'KWD')).toBe('KWD\u00a01.500')
    expect(displayMoney(150000, 'HUF')).toBe('HUF\u00a01,500.00')
  })

  it('accepts the codes of countries and currency unions only, upper case', () => {
    expect(isCurrencyCode('USD')).toBe(true)
    expect(isCurrencyCode('XOF')).toBe(true)
    expect(isCurrencyCode('usd')).toBe(false)
    for (const code of ['XAU', 'XDR', 'XTS', 'XXX', 'ABC']) expect(isCurrencyCode(code), code).toBe(false)
    expect(CURRENCY_CODES.length).toBeGreaterThan(150)
    expect(CURRENCY_CODES).toContain('JPY')
  })
})
