import { describe, expect, it } from 'vitest'
import { formatPrice, formatRating, languageTag } from './format.ts'
import { en, registerStrings, ru, stringsFor, translate } from './i18n.ts'

describe('formatPrice: integer minor units, ISO 4217 decimals, the page locale', () => {
  it('divides by the currency own number of decimals', () => {
    expect(formatPrice(123456, 'USD', 'en-US')).toBe('$1,234.56')
    expect(formatPrice(1500, 'JPY', 'en-US')).toBe('¥1,500')
    expect(formatPrice(1234, 'KWD', 'en-US')).toBe('KWD\u00a01.234')
    expect(formatPrice(0, 'EUR', 'en-US')).toBe('€0.00')
  })

  it('follows the locale conventions', () => {
    expect(formatPrice(123456, 'RUB', 'ru-RU')).toBe('1\u00a0234,56\u00a0₽')
    expect(formatPrice(123456, 'EUR', 'de-DE')).toBe('1.234,56\u00a0€')
    expect(formatRating(4.25, 'ru')).toBe('4,3')
  })
})

describe('languageTag: a host page\'s lang attribute read as BCP 47', () => {
  it('reads underscores as hyphens and canonicalises case', () => {
    expect(['en_US', 'ru_RU', 'EN-gb', ' de ', 'ru-RU-u-nu-arab'].map(languageTag)).toEqual(['en-US', 'ru-RU', 'en-GB', 'de', 'ru-RU-u-nu-arab'])
  })

  it('says null for what is no language tag, so the caller falls back instead of Intl throwing', () => {
    expect(['!!!', 'xx-<b>', 'en--US', '', 'a'.repeat(300)].map(languageTag)).toEqual([null, null, null, null, null])
  })
})

describe('strings', () => {
  it('picks CLDR plural forms', () => {
    const s = stringsFor('ru')
    expect([1, 2, 5, 21, 22, 25].map((count) => translate(s, 'ru', 'lessons', { count }))).toEqual(['1 урок', '2 урока', '5 уроков', '21 урок', '22 урока', '25 уроков'])
    expect([1, 2].map((count) => translate(stringsFor('en'), 'en', 'lessons', { count }))).toEqual(['1 lesson', '2 lessons'])
  })

  it('ships every English key in Russian', () => {
    expect(Object.keys(en).filter((k) => !(k in ru))).toEqual([])
  })

  it('lets a page replace strings, per language and per element', () => {
    registerStrings('de', { enroll: 'Kostenlos einschreiben' })
    expect(translate(stringsFor('de-AT'), 'de-AT', 'enroll')).toBe('Kostenlos einschreiben')
    expect(translate(stringsFor('de-AT'), 'de-AT', 'continue')).toBe('Continue')
    expect(translate(stringsFor('en', { enroll: 'Join' }), 'en', 'enroll')).toBe('Join')
    expect(translate(stringsFor('en'), 'en', 'buy', { price: '$5.00' })).toBe('Buy for $5.00')
    expect(translate(stringsFor('en', { enroll: 'Join {constructor}, {toString}, {price}' }), 'en', 'enroll')).toBe('Join {constructor}, {toString}, {price}')
  })
})
