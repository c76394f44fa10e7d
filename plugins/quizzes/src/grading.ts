import type { GivenAnswer, QuestionAnswer, QuestionType } from './schemas.ts'

/**
 * Text as compared for short answers and option uniqueness: Unicode NFKC (UAX #15, so full-width letters,
 * ligatures and composed accents match their plain forms), whitespace runs collapsed and trimmed, and
 * case folded with `toLocaleLowerCase('und')` (locale-independent).
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLocaleLowerCase('und')
}

/** A question with its right answer, as graded. */
export interface GradedQuestion {
  id: string
  type: QuestionType
  answer: QuestionAnswer
}

const sameIndexes = (given: readonly number[], right: readonly number[]) => {
  const a = new Set(given)
  return a.size === given.length && a.size === right.length && right.every((i) => a.has(i))
}

/**
 * Whether a student's answer is right. `single`: the one right option; `multiple`: exactly the right
 * options (all or nothing); `true_false`: the same boolean; `short_text`: equal to an accepted answer
 * after `normalizeText`. An answer of the wrong form is wrong (the route refuses it before this).
 */
export function isCorrect(question: GradedQuestion, given: GivenAnswer | null): boolean {
  if (given === null) return false
  const right = question.answer
  switch (question.type) {
    case 'single':
    case 'multiple':
      return Array.isArray(given) && Array.isArray(right) && sameIndexes(given as number[], right as number[])
    case 'true_false':
      return typeof given === 'boolean' && given === right
    case 'short_text': {
      if (typeof given !== 'string' || !Array.isArray(right)) return false
      const text = normalizeText(given)
      return text !== '' && (right as string[]).some((accepted) => normalizeText(accepted) === text)
    }
  }
}

/** Percent of questions right, rounded down (100 only when every question is right). */
export function scoreOf(correct: number, total: number): number {
  return total === 0 ? 0 : Math.floor((correct * 100) / total)
}
