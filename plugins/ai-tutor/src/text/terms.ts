import { createRequire } from 'node:module'

// The word lists and the stemmer are loaded on first use (about 1.5 MB of heap), not by every engine at start.
const require = createRequire(import.meta.url)
let stemmer: typeof import('stemmer').stemmer | undefined

// Question words and classroom filler carry no topic; they join the stopword package's English list.
const EXTRA_STOPWORDS = ['does', 'did', 'doing', 'done', 'can', 'could', 'would', 'should', 'shall', 'may', 'might', 'must', 'will',
  'also', 'use', 'used', 'using', 'get', 'gets', 'every', 'each', 'instead', 'really', 'actually', 'please', 'make', 'makes', 'one', 'two', 'way', 'ways', 'thing', 'things', 'explain', 'tell', 'mean', 'means']
let STOPWORDS: Set<string> | undefined
const stopwords = () => (STOPWORDS ??= new Set([...(require('stopword') as typeof import('stopword')).eng, ...EXTRA_STOPWORDS].map((w) => w.toLowerCase())))

/** A word: letters and digits, with inner apostrophes (straight or typographic) and hyphens. Global: use with `match`/`matchAll`. */
export const WORD = /[\p{L}\p{N}]+(?:['\u2019-][\p{L}\p{N}]+)*/gu

/** Words of a text, in order (`WORD`). */
export function words(text: string): string[] {
  return text.match(WORD) ?? []
}

export function isStopword(word: string): boolean {
  return stopwords().has(word.toLowerCase())
}

const STEMS = new Map<string, string>()
const STEM_CACHE_SIZE = 50_000

/** Porter stem (the `stemmer` package) of a lower-cased word; remembered, as lessons repeat their words. */
export function stem(word: string): string {
  const lower = word.toLowerCase()
  let stemmed = STEMS.get(lower)
  if (stemmed === undefined) {
    if (STEMS.size >= STEM_CACHE_SIZE) STEMS.clear()
    stemmer ??= (require('stemmer') as typeof import('stemmer')).stemmer
    stemmed = stemmer(lower)
    STEMS.set(lower, stemmed)
  }
  return stemmed
}

/** Stems of a text's content words (stop words and one-letter words left out). */
export function contentStems(text: string): string[] {
  return words(text).filter((w) => w.length > 1 && !isStopword(w)).map(stem)
}
