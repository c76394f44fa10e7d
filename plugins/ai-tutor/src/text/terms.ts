import { stemmer } from 'stemmer'
import { eng } from 'stopword'

// Question words and classroom filler carry no topic; they join the stopword package's English list.
const EXTRA_STOPWORDS = ['does', 'did', 'doing', 'done', 'can', 'could', 'would', 'should', 'shall', 'may', 'might', 'must', 'will',
  'also', 'use', 'used', 'using', 'get', 'gets', 'make', 'makes', 'one', 'two', 'way', 'ways', 'thing', 'things', 'explain', 'tell', 'mean', 'means']
const STOPWORDS = new Set([...eng, ...EXTRA_STOPWORDS].map((w) => w.toLowerCase()))

/** Words of a text, in order (letters, digits, inner apostrophes and hyphens). */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word.toLowerCase())
}

/** Porter stem (the `stemmer` package) of a lower-cased word. */
export function stem(word: string): string {
  return stemmer(word.toLowerCase())
}

/** Stems of a text's content words (stop words and one-letter words left out). */
export function contentStems(text: string): string[] {
  return words(text).filter((w) => w.length > 1 && !isStopword(w)).map(stem)
}
