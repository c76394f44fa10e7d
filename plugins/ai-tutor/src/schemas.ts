import { Type, type Static } from 'typebox'
import { PlainText } from '@eduplatform/core'

// One source for validation, TypeScript types and the OpenAPI document.

export const Id = Type.String({ format: 'uuid' })
export const IdParams = Type.Object({ id: Id })

export const ProviderFields = {
  provider: Type.String({ description: 'The provider that made the result: gemini or offline' }),
  model: Type.String({ description: 'The model (offline: the algorithm version)' }),
}

// ---- quiz drafts (the body of PUT /lessons/:id/quiz)

const Prompt = Type.String({ minLength: 1, maxLength: 2000 })
const Explanation = Type.Optional(Type.String({ maxLength: 2000 }))
const Options = Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { minItems: 2, maxItems: 10 })

export const DraftQuestion = Type.Union([
  Type.Object({ type: Type.Literal('single'), prompt: Prompt, options: Options, answer: Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1, maxItems: 1 }), explanation: Explanation }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('multiple'), prompt: Prompt, options: Options, answer: Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1, maxItems: 10 }), explanation: Explanation }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('true_false'), prompt: Prompt, answer: Type.Boolean(), explanation: Explanation }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('short_text'), prompt: Prompt, answer: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 10 }), explanation: Explanation }, { additionalProperties: false }),
])
export type DraftQuestion = Static<typeof DraftQuestion>

export const QuizDraft = Type.Object({
  passScore: Type.Integer({ minimum: 0, maximum: 100 }),
  maxAttempts: Type.Optional(Type.Integer({ minimum: 1 })),
  questions: Type.Array(DraftQuestion, { minItems: 1, maxItems: 100 }),
}, { $id: 'AiQuizDraft', additionalProperties: false, description: 'A quiz draft in the body shape of PUT /lessons/:id/quiz; not saved' })
export type QuizDraft = Static<typeof QuizDraft>

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
  // Plain text (core's rule: stored as written, no control characters), and not blank.
  question: Type.Intersect([
    PlainText({ minLength: 1, maxLength: QUESTION_MAX, description: 'Plain text, at most 1,000 characters' }),
    Type.String({ pattern: '\\S', description: 'not blank' }),
  ]),
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
