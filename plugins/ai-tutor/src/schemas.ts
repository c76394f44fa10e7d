import { Type, type Static } from 'typebox'
import { PlainText } from '@eduplatform/core'
import { QuizInput, StudentQuestion, type QuestionInput } from '@eduplatform/plugin-quizzes'

// One source for validation, TypeScript types and the OpenAPI document.

export const Id = Type.String({ format: 'uuid' })
export const IdParams = Type.Object({ id: Id })

export const ProviderFields = {
  provider: Type.String({ description: 'The provider that made the result: gemini or offline' }),
  model: Type.String({ description: 'The model (offline: the algorithm version)' }),
}

// ---- quiz drafts: the body of PUT /lessons/:id/quiz, as the quizzes plugin defines it

export const QuizDraft = QuizInput
export type QuizDraft = QuizInput
export type DraftQuestion = QuestionInput

export const QuizDraftBody = Type.Object({
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5, description: 'How many questions (default 5)' })),
}, { additionalProperties: false })

// ---- summary

export const SummaryView = Type.Object({
  summary: Type.String({ description: 'A few sentences; the offline provider quotes them verbatim from the lesson' }),
  keyPoints: Type.Array(Type.String()),
  ...ProviderFields,
  cached: Type.Boolean({ description: 'true when served from the cache without calling the provider' }),
}, { $id: 'AiSummary' })
export type SummaryView = Static<typeof SummaryView>

// ---- ask

export const QUESTION_MAX = 1000

export const AskBody = Type.Object({
  // Plain text (core's rule: stored as written, no control characters), and not blank (nothing visible is blank).
  question: PlainText({ minLength: 1, maxLength: QUESTION_MAX, notBlank: true, description: 'Plain text, at most 1,000 characters; not blank' }),
}, { additionalProperties: false })

export const Citation = Type.Object({
  lessonId: Id,
  passage: Type.String({ description: 'The passage quoted verbatim from the lesson (markdown as written)' }),
})

export const AnswerView = Type.Object({
  answer: Type.String(),
  covered: Type.Boolean({ description: "false when the course's lessons do not cover the question; the answer then says so" }),
  citations: Type.Array(Citation),
  ...ProviderFields,
  cached: Type.Boolean(),
}, { $id: 'AiAnswer' })
export type AnswerView = Static<typeof AnswerView>

// ---- spaced repetition

export const REVIEW_GRADES = ['again', 'hard', 'good', 'easy'] as const
export type ReviewGrade = (typeof REVIEW_GRADES)[number]

export const ReviewItemView = Type.Object({
  id: Id,
  lessonId: Id,
  question: StudentQuestion,
  due: Type.String({ format: 'date-time', description: 'When the item is next due (ISO 8601)' }),
}, { $id: 'AiReviewItem' })
export type ReviewItemView = Static<typeof ReviewItemView>

export const ReviewQueueQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
}, { additionalProperties: false })

export const ReviewQueueView = Type.Object({ items: Type.Array(ReviewItemView) }, { $id: 'AiReviewQueue' })

export const ItemParams = Type.Object({ itemId: Id })

export const GradeBody = Type.Object({
  grade: Type.Enum([...REVIEW_GRADES], { description: 'How well the student recalled the answer (FSRS ratings)' }),
}, { additionalProperties: false })
