import { isBlankText } from '@eduplatform/core'
import { Value } from 'typebox/value'
import { normalizeText } from './grading.ts'
import { QuizInput, type GivenAnswer, type QuestionInput } from './schemas.ts'

/** A bad field: `field` is a dotted path inside the document (`questions.3.options.1`). */
export interface FieldProblem {
  field: string
  message: string
}

/** Blank as core's one-line text is: nothing visible (white space and invisible characters only). */
const blank = (text: string) => isBlankText(text) || normalizeText(text) === ''

function optionProblems(q: QuestionInput, at: string): FieldProblem[] {
  const problems: FieldProblem[] = []
  if (!q.options) return [{ field: `${at}.options`, message: `is required for a ${q.type} question` }]
  const seen = new Map<string, number>()
  q.options.forEach((option, i) => {
    if (blank(option)) return problems.push({ field: `${at}.options.${i}`, message: 'must not be blank' })
    const key = normalizeText(option)
    const first = seen.get(key)
    if (first !== undefined) problems.push({ field: `${at}.options.${i}`, message: `repeats option ${first} (options must be unique, ignoring case and spacing)` })
    else seen.set(key, i)
  })
  const answer = q.answer
  if (!Array.isArray(answer) || answer.some((a) => typeof a !== 'number')) {
    problems.push({ field: `${at}.answer`, message: `must be an array of option indexes for a ${q.type} question` })
    return problems
  }
  const indexes = answer as number[]
  if (q.type === 'single' && indexes.length !== 1) problems.push({ field: `${at}.answer`, message: 'must name exactly one option for a single question' })
  if (new Set(indexes).size !== indexes.length) problems.push({ field: `${at}.answer`, message: 'must not name an option twice' })
  indexes.forEach((index, i) => {
    if (index >= q.options!.length) problems.push({ field: `${at}.answer.${i}`, message: `must point at an existing option (0..${q.options!.length - 1})` })
  })
  return problems
}

function questionProblems(q: QuestionInput, at: string): FieldProblem[] {
  const problems: FieldProblem[] = []
  if (blank(q.prompt)) problems.push({ field: `${at}.prompt`, message: 'must not be blank' })
  if (q.type === 'single' || q.type === 'multiple') return [...problems, ...optionProblems(q, at)]
  if (q.options !== undefined) problems.push({ field: `${at}.options`, message: `is not allowed for a ${q.type} question` })
  if (q.type === 'true_false' && typeof q.answer !== 'boolean') {
    problems.push({ field: `${at}.answer`, message: 'must be true or false for a true_false question' })
  }
  if (q.type === 'short_text') {
    if (!Array.isArray(q.answer) || q.answer.some((a) => typeof a !== 'string')) {
      problems.push({ field: `${at}.answer`, message: 'must be an array of accepted answers for a short_text question' })
    } else {
      q.answer.forEach((accepted, i) => {
        if (blank(accepted as string)) problems.push({ field: `${at}.answer.${i}`, message: 'must not be blank' })
      })
    }
  }
  return problems
}

/**
 * What the schema cannot say about a quiz that already matches `QuizInput`: prompts and options not blank,
 * options unique (ignoring case, spacing and Unicode form), answers of the question type's form pointing
 * at existing options, and question ids each used once. Empty when the quiz is valid.
 */
export function quizProblems(quiz: QuizInput): FieldProblem[] {
  const problems: FieldProblem[] = []
  const ids = new Map<string, number>()
  quiz.questions.forEach((q, i) => {
    const at = `questions.${i}`
    problems.push(...questionProblems(q, at))
    if (q.id === undefined) return
    const first = ids.get(q.id.toLowerCase())
    if (first !== undefined) problems.push({ field: `${at}.id`, message: `repeats the id of question ${first}` })
    else ids.set(q.id.toLowerCase(), i)
  })
  return problems
}

/**
 * Checks any value as a quiz document: the `QuizInput` schema, then `quizProblems`. For drafts made
 * elsewhere (e.g. generated), before they are shown or saved with `PUT /lessons/:id/quiz`.
 */
export function checkQuiz(value: unknown): FieldProblem[] {
  if (!Value.Check(QuizInput, value)) {
    return [...Value.Errors(QuizInput, value)].map((e) => ({
      field: (e.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.') || '(root)',
      message: e.message ?? 'is invalid',
    }))
  }
  return quizProblems(value)
}

/** Whether a submitted answer has the form its question type takes (`single` one index, …). */
export function answerFormProblem(type: QuestionInput['type'], optionCount: number, given: GivenAnswer): string | undefined {
  switch (type) {
    case 'single':
    case 'multiple': {
      if (!Array.isArray(given)) return `must be an array of option indexes for a ${type} question`
      if (type === 'single' && given.length > 1) return 'must name at most one option for a single question'
      if (new Set(given).size !== given.length) return 'must not name an option twice'
      if (given.some((i) => i >= optionCount)) return `must point at existing options (0..${optionCount - 1})`
      return undefined
    }
    case 'true_false':
      return typeof given === 'boolean' ? undefined : 'must be true or false for a true_false question'
    case 'short_text':
      return typeof given === 'string' ? undefined : 'must be text for a short_text question'
  }
}
