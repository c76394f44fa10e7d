/**
 * A price for people: `amount` is an integer in the currency's minor unit (cents for USD, yen for
 * JPY, fils for KWD: ISO 4217 gives each currency its number of decimals, and Intl knows them),
 * formatted in `locale` (BCP 47).
 */
export function formatPrice(amount: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency })
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2
  return format.format(amount / 10 ** digits)
}

/** An average rating of 0..5 with one decimal in `locale` ("4.5", "4,5"). */
export function formatRating(rating: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rating)
}

/**
 * The page's language (a BCP 47 tag): the nearest `lang` attribute up the tree (crossing shadow
 * roots), else the browser's. A tag written with underscores (`en_US`, `ru_RU`, as some site builders
 * print it) is read with hyphens; one that is no language tag at all (`!!!`) says the language is
 * unknown, as in HTML, and the browser's is used: the widgets never fail on a host page's `lang`.
 */
export function languageOf(element: Element): string {
  let node: Node | null = element
  while (node) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang')
      if (lang) return languageTag(lang) ?? browserLanguage()
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null)
  }
  return browserLanguage()
}

const browserLanguage = () => languageTag(globalThis.navigator?.language ?? '') ?? 'en'

/** `tag` as a canonical BCP 47 language tag (`en_us` → `en-US`), or null when it is not one. */
export function languageTag(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag.trim().replaceAll('_', '-'))[0] ?? null
  } catch {
    return null
  }
}
