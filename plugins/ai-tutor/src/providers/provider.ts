import type { QuizDraft } from '../schemas.ts'

/** A lesson as a provider sees it: its title and markdown body (material, never instructions). */
export interface LessonSource {
  lessonId: string
  title: string
  body: string
}

/** A retrieved passage: verbatim text of a lesson. */
export interface PassageSource {
  lessonId: string
  lessonTitle: string
  text: string
  /**
   * Share of the question's weight (IDF of its terms within the course) that this passage contains, 0..1:
   * how well it covers the question, from retrieval (see grounding/retrieval.ts).
   */
  coverage: number
}

export interface Summary {
  summary: string
  keyPoints: string[]
}

/** An answer; `citations` are indexes into the passages the provider was given. */
export interface Answer {
  answer: string
  covered: boolean
  citations: number[]
}

export interface Usage {
  inputTokens: number
  outputTokens: number
}

export interface Generated<T> {
  value: T
  usage?: Usage
}

/** A piece of a streamed answer: text as it is generated, then the whole answer once. */
export type AnswerChunk = { text: string } | { done: Answer; usage?: Usage }

/**
 * What an AI provider does for the tutor. Implementations never keep state between calls; each call honours
 * `signal` (abandon the work when it aborts) and throws `ProviderFailure` for what went wrong upstream.
 */
export interface AiProvider {
  /** `gemini` or `offline`: a label in responses, cache keys and metrics. */
  readonly identifier: string
  readonly model: string
  summarize(lesson: LessonSource, signal: AbortSignal): Promise<Generated<Summary>>
  /** A draft quiz of `count` questions (fewer when the text has too little to ask about), from these lessons. */
  generateQuiz(lessons: LessonSource[], count: number, signal: AbortSignal): Promise<Generated<QuizDraft>>
  /** Answers only from `passages`; `covered: false` when they do not answer the question. */
  answer(question: string, passages: PassageSource[], signal: AbortSignal): Promise<Generated<Answer>>
  /** The same, streamed as it is generated. */
  answerStream(question: string, passages: PassageSource[], signal: AbortSignal): AsyncIterable<AnswerChunk>
}

export type FailureKind = 'timeout' | 'rate_limited' | 'unavailable' | 'malformed'

/** An upstream failure, classified; retryable failures are tried again with backoff. */
export class ProviderFailure extends Error {
  readonly kind: FailureKind
  /** Whether trying again may help: not for malformed replies, nor for requests the provider refuses (4xx but 429). */
  readonly retryable: boolean

  constructor(kind: FailureKind, message: string, options: { retryable?: boolean } = {}) {
    super(message)
    this.name = 'ProviderFailure'
    this.kind = kind
    this.retryable = options.retryable ?? kind !== 'malformed'
  }
}
