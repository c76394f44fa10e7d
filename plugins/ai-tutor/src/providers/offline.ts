import type { DraftQuestion, QuizDraft } from '../schemas.ts'
import { fingerprint } from '../text/fingerprint.ts'
import { keywords, rankSentences, type ScoredSentence } from '../text/key-sentences.ts'
import { contentStems, stem, words } from '../text/terms.ts'
import { sentencesOf } from '../text/units.ts'
import type { AiProvider, Answer, AnswerChunk, Generated, LessonSource, PassageSource, Summary } from './provider.ts'

/**
 * A passage covers a question when it holds at least this share of the question's IDF weight (see
 * grounding/retrieval.ts). Words no lesson of the course uses weigh most, so a question about something else
 * scores near 0 (at most 0.12 over the grounding evaluation's 20 unanswerable questions) while one a lesson
 * answers holds most of its weight (at least 0.38 over its 20 answerable ones): 0.3 sits between, chosen on
 * those questions (bench/ai/grounding-questions.ts).
 */
export const COVERED_THRESHOLD = 0.3

export const NOT_COVERED_REPLY =
  "The lessons of this course don't cover this question, so I can't answer it from them. Your teacher can help with it."

const BLANK = '_____'

/**
 * The provider that needs no network and no key: extractive and deterministic (the same input gives the same
 * output). Summaries and key points are the lesson's most central sentences, verbatim; quiz drafts turn key
 * sentences into single-choice, true/false and fill-in-the-blank questions; answers quote the passages that
 * cover the question.
 */
export class OfflineProvider implements AiProvider {
  readonly identifier = 'offline'
  readonly model = 'extractive-1'

  async summarize(lesson: LessonSource, _signal?: AbortSignal): Promise<Generated<Summary>> {
    const ranked = rankSentences(lesson.title, lesson.body)
    const inOrder = (list: ScoredSentence[]) => [...list].sort((a, b) => a.index - b.index).map((s) => s.text)
    return { value: { summary: inOrder(ranked.slice(0, 3)).join(' '), keyPoints: inOrder(ranked.slice(0, 5)) } }
  }

  async generateQuiz(lessons: LessonSource[], count: number, _signal?: AbortSignal): Promise<Generated<QuizDraft>> {
    const pool = keywords(lessons.map((l) => l.body))
    const candidates = lessons.flatMap((lesson) => rankSentences(lesson.title, lesson.body).map((s) => ({ lesson, sentence: s })))
      .sort((a, b) => b.sentence.score - a.sentence.score)
    const questions: DraftQuestion[] = []
    const usedKeywords = new Set<string>()
    for (const { lesson, sentence } of candidates) {
      if (questions.length >= count) break
      const keyword = keywordOf(sentence.text, pool, usedKeywords)
      if (!keyword) continue
      usedKeywords.add(stem(keyword))
      questions.push(question(questions.length, lesson.title, sentence.text, keyword, pool))
    }
    return { value: { passScore: 70, questions } }
  }

  async answer(question: string, passages: PassageSource[], _signal?: AbortSignal): Promise<Generated<Answer>> {
    const asked = new Set(contentStems(question))
    const ranked = passages.map((p, i) => ({ p, i })).filter(({ p }) => p.coverage >= COVERED_THRESHOLD)
      .sort((a, b) => b.p.coverage - a.p.coverage || a.i - b.i)
    // A second passage only when it covers the question nearly as well as the best one.
    const chosen = ranked.filter(({ p }, n) => n === 0 || (n === 1 && p.coverage >= 0.75 * ranked[0]!.p.coverage))
    if (chosen.length === 0) return { value: { answer: NOT_COVERED_REPLY, covered: false, citations: [] } }
    const quotes = chosen.map(({ p }) => `From “${p.lessonTitle}”: “${bestSentences(p.text, asked)}”`)
    return { value: { answer: quotes.join('\n'), covered: true, citations: chosen.map(({ i }) => i) } }
  }

  async *answerStream(question: string, passages: PassageSource[], _signal?: AbortSignal): AsyncIterable<AnswerChunk> {
    const { value } = await this.answer(question, passages)
    for (const piece of value.answer.match(/\S+\s*/g) ?? []) yield { text: piece }
    yield { done: value }
  }
}

/** The sentences of a passage that share most with the question (up to two tied best, in reading order), verbatim. */
function bestSentences(passage: string, asked: Set<string>): string {
  const sentences = sentencesOf(passage)
  if (sentences.length === 0) return passage
  const scored = sentences.map((s) => ({ s, hits: new Set(contentStems(s.text).filter((t) => asked.has(t))).size }))
  const top = Math.max(...scored.map((x) => x.hits))
  const best = scored.filter((x) => x.hits > 0 && x.hits === top).slice(0, 2)
  if (best.length === 0) return passage
  return best.sort((a, b) => a.s.index - b.s.index).map((x) => x.s.text).join(' ')
}

/** The sentence's most frequent lesson keyword not asked about yet. */
function keywordOf(sentence: string, pool: string[], used: Set<string>): string | undefined {
  const inSentence = new Map(words(sentence).map((w) => [stem(w), w]))
  for (const candidate of pool) {
    const key = stem(candidate)
    const word = inSentence.get(key)
    if (word && !used.has(key) && /^\p{L}{4,}$/u.test(word)) return word
  }
  return undefined
}

/** Up to three other keywords of the lessons, chosen by a hash of the sentence (deterministic, varied). */
function distractors(sentence: string, keyword: string, pool: string[]): string[] {
  const inSentence = new Set(words(sentence).map(stem))
  const others = pool.filter((w) => !inSentence.has(stem(w)) && stem(w) !== stem(keyword)).slice(0, 12)
  if (others.length === 0) return []
  const start = parseInt(fingerprint(sentence).replace(/[^0-9]/g, '').slice(0, 6) || '0', 10) % others.length
  const picked: string[] = []
  for (let i = 0; i < others.length && picked.length < 3; i++) picked.push(others[(start + i) % others.length]!)
  return picked
}

function blankOut(sentence: string, keyword: string): string {
  return sentence.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escape(keyword)}(?![\\p{L}\\p{N}])`, 'u'), BLANK)
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function question(n: number, title: string, sentence: string, keyword: string, pool: string[]): DraftQuestion {
  const explanation = `From “${title}”: “${sentence}”`
  const others = distractors(sentence, keyword, pool)
  const kind = n % 3
  if (kind === 0 && others.length >= 1) {
    const options = [...new Set([keyword.toLowerCase(), ...others])].sort()
    return {
      type: 'single', prompt: `Which word completes this sentence from “${title}”? “${blankOut(sentence, keyword)}”`,
      options, answer: [options.indexOf(keyword.toLowerCase())], explanation,
    }
  }
  if (kind === 1 && others.length >= 1) {
    // Alternates: true, false, true… over the true/false questions of a draft.
    const truthful = Math.floor(n / 3) % 2 === 0
    const statement = truthful ? sentence : blankOut(sentence, keyword).replace(BLANK, others[0]!)
    return { type: 'true_false', prompt: `True or false, according to “${title}”? “${statement}”`, answer: truthful, explanation }
  }
  return { type: 'short_text', prompt: `Fill in the blank with one word (“${title}”): “${blankOut(sentence, keyword)}”`, answer: [keyword.toLowerCase()], explanation }
}
