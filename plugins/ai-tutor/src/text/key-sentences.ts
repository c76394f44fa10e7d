import { contentStems, isStopword, stem, words } from './terms.ts'
import { sentencesOf, type Sentence } from './units.ts'

export interface ScoredSentence extends Sentence {
  score: number
}

/** Sentences worth quoting: between 5 and 60 words. */
const usable = (s: Sentence) => {
  const n = words(s.text).length
  return n >= 5 && n <= 60
}

/** How often each content stem occurs in these texts. */
export function stemFrequencies(texts: string[]): Map<string, number> {
  const tf = new Map<string, number>()
  for (const text of texts) for (const s of contentStems(text)) tf.set(s, (tf.get(s) ?? 0) + 1)
  return tf
}

/**
 * Ranks a lesson's sentences by how central they are — frequency-based extractive summarization (Luhn, "The
 * Automatic Creation of Literature Abstracts", 1958): a sentence scores the summed log-frequency of its distinct
 * content stems, with title words counting double, normalised by its length, and a small lead bonus.
 * Deterministic: ties go to the earlier sentence. Returns sentences best first.
 */
export function rankSentences(title: string, body: string): ScoredSentence[] {
  const sentences = sentencesOf(body).filter(usable)
  const tf = stemFrequencies(sentences.map((s) => s.text))
  const titleStems = new Set(contentStems(title))
  const scored = sentences.map((s, i) => {
    const distinct = new Set(contentStems(s.text))
    let sum = 0
    for (const t of distinct) sum += Math.log1p(tf.get(t) ?? 0) * (titleStems.has(t) ? 2 : 1)
    const lead = i < 3 ? 1.1 : 1
    return { ...s, score: distinct.size === 0 ? 0 : (sum / Math.sqrt(distinct.size + 1)) * lead }
  })
  return scored.sort((a, b) => b.score - a.score || a.index - b.index)
}

/** Candidate keywords of a text: content words of 4+ letters, one per stem, most frequent first. */
export function keywords(texts: string[]): string[] {
  const byStem = new Map<string, { word: string; count: number; first: number }>()
  let position = 0
  for (const text of texts) {
    for (const word of words(text)) {
      position += 1
      if (word.length < 4 || isStopword(word) || !/^\p{L}+$/u.test(word)) continue
      const key = stem(word)
      const entry = byStem.get(key)
      if (entry) entry.count += 1
      else byStem.set(key, { word: word.toLowerCase(), count: 1, first: position })
    }
  }
  return [...byStem.values()].sort((a, b) => b.count - a.count || a.first - b.first).map((e) => e.word)
}
