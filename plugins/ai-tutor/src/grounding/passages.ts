import { markdownUnits, sentencesOf, type Span } from '../text/units.ts'
import { words } from '../text/terms.ts'

/** Passages hold about this many words: enough context to answer from, small enough to cite. */
export const PASSAGE_WORDS = 80

/**
 * Splits a lesson body into passages for retrieval: runs of consecutive units of at most `PASSAGE_WORDS` words
 * between headings (a heading closes a passage and is left out: it names a section, it answers nothing; the
 * lesson title is indexed with every passage); a longer paragraph is cut between sentences. Every passage is
 * `body.slice(start, end)`: quoted verbatim as a citation.
 */
export function splitPassages(body: string, maxWords = PASSAGE_WORDS): Array<Span & { text: string }> {
  const pieces: Array<Span & { words: number; heading: boolean }> = []
  const sentences = sentencesOf(body)
  for (const unit of markdownUnits(body)) {
    const count = words(body.slice(unit.start, unit.end)).length
    if (count <= maxWords || unit.kind === 'code') {
      pieces.push({ start: unit.start, end: unit.end, words: count, heading: unit.kind === 'heading' })
      continue
    }
    for (const s of sentences) {
      if (s.start >= unit.start && s.end <= unit.end) pieces.push({ start: s.start, end: s.end, words: words(s.text).length, heading: false })
    }
  }
  const passages: Array<Span & { text: string }> = []
  let current: { start: number; end: number; words: number } | undefined
  const flush = () => {
    if (current) passages.push({ start: current.start, end: current.end, text: body.slice(current.start, current.end) })
    current = undefined
  }
  for (const piece of pieces) {
    if (current && (piece.heading || current.words + piece.words > maxWords)) flush()
    if (piece.heading) continue
    if (!current) current = { start: piece.start, end: piece.end, words: piece.words }
    else {
      current.end = piece.end
      current.words += piece.words
    }
  }
  flush()
  return passages.filter((p) => words(p.text).length > 0)
}
