import { markdownUnits, sentencesOf, type Span } from '../text/units.ts'
import { WORD, words } from '../text/terms.ts'

/** Passages hold about this many words: enough context to answer from, small enough to cite. */
export const PASSAGE_WORDS = 80

/**
 * A passage holds at most this many characters (UTF-16 code units), whatever its words: PostgreSQL's text search
 * parser takes time growing with the square of a run without spaces (`_a` repeated: 2 s for 16,000 characters),
 * and an 80-word passage of prose is about 500.
 */
export const PASSAGE_CHARS = 1_000

/** A lesson's first this many passages are indexed (about 16,000 words of prose); the rest of a longer lesson is not. */
export const LESSON_PASSAGES = 200

type Piece = Span & { words: number; heading: boolean }

/**
 * Cuts `[start, end)` of `body` into pieces of at most `maxWords` words and `maxChars` characters: after the
 * `maxWords`-th word, else at the last white space before `maxChars`, else at `maxChars` (never inside a surrogate
 * pair). Linear in the span's length.
 */
function cut(body: string, start: number, end: number, maxWords: number, maxChars: number): Piece[] {
  const pieces: Piece[] = []
  let from = start
  while (from < end) {
    const limit = Math.min(end, from + maxChars)
    let to = limit
    let count = 0
    for (const m of body.slice(from, limit).matchAll(WORD)) {
      if (++count === maxWords) {
        to = from + m.index + m[0].length
        break
      }
    }
    if (count < maxWords && limit < end) {
      let space = limit
      while (space > from && !/\s/.test(body[space]!)) space--
      to = space > from ? space : limit
    }
    if (to < end && /[\uD800-\uDBFF]/.test(body[to - 1]!) && to - 1 > from) to--
    pieces.push({ start: from, end: to, words: words(body.slice(from, to)).length, heading: false })
    from = to
  }
  return pieces
}

/**
 * Splits a lesson body into passages for retrieval: runs of consecutive units of at most `PASSAGE_WORDS` words
 * between headings (a heading closes a passage and is left out: it names a section, it answers nothing; the
 * lesson title is indexed with every passage); a longer paragraph is cut between sentences, a longer sentence (or
 * code block) by `cut`. At most `maxChars` characters a passage and `LESSON_PASSAGES` passages a lesson. Every
 * passage is `body.slice(start, end)`: quoted verbatim as a citation.
 */
export function splitPassages(body: string, maxWords = PASSAGE_WORDS, maxChars = PASSAGE_CHARS): Array<Span & { text: string }> {
  const pieces: Piece[] = []
  const sentences = sentencesOf(body)
  const add = (start: number, end: number, count: number, kind?: string) => {
    if (end - start <= maxChars && (count <= maxWords || kind === 'code')) pieces.push({ start, end, words: count, heading: kind === 'heading' })
    else pieces.push(...cut(body, start, end, kind === 'code' ? Infinity : maxWords, maxChars))
  }
  for (const unit of markdownUnits(body)) {
    const count = words(body.slice(unit.start, unit.end)).length
    if (count <= maxWords || unit.kind === 'code') {
      add(unit.start, unit.end, count, unit.kind)
      continue
    }
    for (const s of sentences) {
      if (s.start >= unit.start && s.end <= unit.end) add(s.start, s.end, words(s.text).length)
    }
  }
  const passages: Array<Span & { text: string }> = []
  let current: { start: number; end: number; words: number } | undefined
  const flush = () => {
    if (current) passages.push({ start: current.start, end: current.end, text: body.slice(current.start, current.end) })
    current = undefined
  }
  for (const piece of pieces) {
    if (current && (piece.heading || current.words + piece.words > maxWords || piece.end - current.start > maxChars)) flush()
    if (piece.heading) continue
    if (!current) current = { start: piece.start, end: piece.end, words: piece.words }
    else {
      current.end = piece.end
      current.words += piece.words
    }
  }
  flush()
  return passages.filter((p) => words(p.text).length > 0).slice(0, LESSON_PASSAGES)
}
