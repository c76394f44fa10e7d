import { Type, type Static, type TSchema } from 'typebox'
import { ListQueryProps, Page, PlainText, PlainTextLine } from '@eduplatform/core'

// One source for validation, TypeScript types and the OpenAPI document.

export const QUESTION_TYPES = ['single', 'multiple', 'true_false', 'short_text'] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]

/** Size limits of a quiz document. */
export const LIMITS = {
  questions: 100,
  options: 20,
  acceptedAnswers: 20,
  prompt: 2000,
  option: 500,
  acceptedAnswer: 200,
  explanation: 5000,
  maxAttempts: 1000,
  shortTextAnswer: 1000,
} as const

const Id = Type.String({ format: 'uuid' })
const DateTime = Type.String({ format: 'date-time' })
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const OptionIndex = Type.Integer({ minimum: 0, maximum: LIMITS.options - 1, description: '0-based index into `options`' })

export const IdParams = Type.Object({ id: Id })
export const QuestionType = Type.Enum([...QUESTION_TYPES], {
  description: '`single`: one right option; `multiple`: every right option and no other; `true_false`; `short_text`: typed answer',
})
export const PassScore = Type.Integer({ minimum: 0, maximum: 100, description: 'Percent of questions right needed to pass' })
export const MaxAttempts = Type.Integer({ minimum: 1, maximum: LIMITS.maxAttempts, description: 'Attempts a student may submit; null or absent: unlimited' })

/**
 * The right answer of a question, by type: `single` `[index]`, `multiple` `[index, …]`, `true_false` a boolean,
 * `short_text` the accepted answers (matched case- and whitespace-insensitively, after Unicode NFKC normalisation).
 */
export const QuestionAnswer = Type.Union([
  Type.Array(OptionIndex, { minItems: 1, maxItems: LIMITS.options }),
  Type.Boolean(),
  // Blank accepted answers pass here and are refused by `quizProblems` ("must not be blank"): inside this union
  // the schema could only report every branch's failure at once.
  Type.Array(PlainTextLine({ maxLength: LIMITS.acceptedAnswer, allowBlank: true }), { minItems: 1, maxItems: LIMITS.acceptedAnswers }),
], { description: '`single` [index], `multiple` [index, …], `true_false` boolean, `short_text` accepted answers' })
export type QuestionAnswer = Static<typeof QuestionAnswer>

const Prompt = PlainText({ minLength: 1, maxLength: LIMITS.prompt, description: 'Plain text, stored as written; not blank' })
const Options = Type.Array(PlainTextLine({ maxLength: LIMITS.option }), {
  minItems: 2, maxItems: LIMITS.options, description: '`single` and `multiple` only: unique, non-empty plain text',
})
const Explanation = PlainText({ maxLength: LIMITS.explanation, description: 'Plain text, shown to students after they submit' })

/** One question as a teacher writes it. */
export const QuestionInput = Type.Object(
  {
    id: Type.Optional(Type.String({ format: 'uuid', description: 'Keep a question of this quiz (its id stays); omit for a new one' })),
    type: QuestionType,
    prompt: Prompt,
    options: Type.Optional(Options),
    answer: QuestionAnswer,
    explanation: Type.Optional(Explanation),
  },
  { additionalProperties: false },
)
export type QuestionInput = Static<typeof QuestionInput>

/**
 * The body of `PUT /lessons/:id/quiz`: the whole quiz, replacing the one before. The server also checks
 * what a schema cannot say (`quizProblems`): options unique and not blank, answers pointing at existing
 * options, the answer's form matching the question type.
 */
export const QuizInput = Type.Object(
  {
    passScore: PassScore,
    maxAttempts: Type.Optional(Nullable(MaxAttempts)),
    questions: Type.Array(QuestionInput, { minItems: 1, maxItems: LIMITS.questions }),
  },
  {
    additionalProperties: false,
    $id: 'QuizInput',
    description: 'A whole quiz; at most 100 questions',
    examples: [{
      passScore: 70,
      maxAttempts: 3,
      questions: [
        { type: 'single', prompt: 'Which keyword declares a constant?', options: ['var', 'let', 'const'], answer: [2], explanation: '`const` bindings cannot be reassigned.' },
        { type: 'multiple', prompt: 'Which are primitive types?', options: ['string', 'object', 'boolean'], answer: [0, 2] },
        { type: 'true_false', prompt: 'Types are checked before the code runs.', answer: true },
        { type: 'short_text', prompt: 'Name the compiler command.', answer: ['tsc'] },
      ],
    }],
  },
)
export type QuizInput = Static<typeof QuizInput>

/** A question as students see it before submitting: never its answer or explanation. */
export const StudentQuestion = Type.Object({
  id: Id,
  type: QuestionType,
  prompt: Type.String(),
  options: Type.Optional(Type.Array(Type.String())),
})
export type StudentQuestion = Static<typeof StudentQuestion>

/** A question with its answer, for the owner teacher and admins. */
export const AuthoringQuestion = Type.Object({
  ...StudentQuestion.properties,
  answer: Type.Optional(QuestionAnswer),
  explanation: Type.Optional(Type.String()),
})
export type AuthoringQuestion = Static<typeof AuthoringQuestion>

export const QuizView = Type.Object(
  {
    lessonId: Id,
    passScore: PassScore,
    maxAttempts: Nullable(Type.Integer()),
    attemptsUsed: Type.Optional(Type.Integer({ description: 'The calling student\'s submitted attempts' })),
    passed: Type.Optional(Type.Boolean({ description: 'Whether the calling student has a passing attempt' })),
    updatedAt: DateTime,
    questions: Type.Array(AuthoringQuestion, { description: '`answer` and `explanation` only for the owner or an admin with `?include=answers`' }),
  },
  {
    $id: 'Quiz',
    description: 'A lesson\'s quiz. Students get no answers and no explanations.',
    examples: [{
      lessonId: '01936f0e-8a51-7c3e-9a3e-2f1c6f5e7a10', passScore: 70, maxAttempts: 3, attemptsUsed: 1, passed: false,
      updatedAt: '2026-11-29T12:00:00.000Z',
      questions: [{ id: '01936f0e-8a52-7c3e-9a3e-2f1c6f5e7a11', type: 'single', prompt: 'Which keyword declares a constant?', options: ['var', 'let', 'const'] }],
    }],
  },
)
export type QuizView = Static<typeof QuizView>

export const QuizQuery = Type.Object({
  include: Type.Optional(Type.Literal('answers', { description: 'Owner teacher or admin: add each question\'s answer and explanation' })),
})

/** A student's answer to one question: `[index]` or `[index, …]` for choice questions, a boolean, or typed text. */
export const GivenAnswer = Type.Union([
  Type.Array(OptionIndex, { maxItems: LIMITS.options }),
  Type.Boolean(),
  PlainText({ maxLength: LIMITS.shortTextAnswer }),
], { description: '`single`/`multiple`: option indexes; `true_false`: boolean; `short_text`: the typed answer' })
export type GivenAnswer = Static<typeof GivenAnswer>

export const AttemptInput = Type.Object(
  {
    answers: Type.Array(
      Type.Object({ questionId: Id, answer: GivenAnswer }, { additionalProperties: false }),
      { maxItems: LIMITS.questions, description: 'At most one per question; a question left out counts as wrong' },
    ),
  },
  { additionalProperties: false, $id: 'QuizAttemptInput' },
)
export type AttemptInput = Static<typeof AttemptInput>

/** One question of a graded attempt, as it was when graded (later edits of the quiz do not change it). */
export const QuestionResult = Type.Object({
  questionId: Id,
  type: QuestionType,
  prompt: Type.String(),
  options: Type.Optional(Type.Array(Type.String())),
  correct: Type.Boolean(),
  answer: Type.Union([GivenAnswer, Type.Null()], { description: 'What the student gave; null when left out' }),
  correctAnswer: QuestionAnswer,
  explanation: Type.Optional(Type.String()),
})
export type QuestionResult = Static<typeof QuestionResult>

export const AttemptView = Type.Object(
  {
    id: Id,
    lessonId: Id,
    score: Type.Integer({ minimum: 0, maximum: 100, description: 'Percent of questions answered right, rounded down' }),
    passed: Type.Boolean(),
    passScore: PassScore,
    submittedAt: DateTime,
    results: Type.Array(QuestionResult, { description: 'Graded against the quiz as it was when submitted' }),
  },
  { $id: 'QuizAttempt', description: 'A graded attempt' },
)
export type AttemptView = Static<typeof AttemptView>

export const AttemptsQuery = Type.Object(ListQueryProps)
export const AttemptsPage = Page(AttemptView)
