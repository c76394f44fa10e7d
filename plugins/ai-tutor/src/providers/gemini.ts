import type { GenerateContentResponse, GoogleGenAI } from '@google/genai'
import { Type, type Static, type TSchema } from 'typebox'
import { Value } from 'typebox/value'
import { checkQuiz } from '@eduplatform/plugin-quizzes'
import type { DraftQuestion, QuizDraft } from '../schemas.ts'
import { answerPrompt, quizPrompt, summaryPrompt, SYSTEM } from './prompts.ts'
import {
  ProviderFailure, type AiProvider, type Answer, type AnswerChunk, type Generated, type LessonSource, type PassageSource, type Summary, type Usage,
} from './provider.ts'

// The structured replies asked of the model (its `responseJsonSchema`), checked again on arrival.
const SummaryReply = Type.Object({ summary: Type.String({ minLength: 1 }), keyPoints: Type.Array(Type.String({ minLength: 1 }), { maxItems: 10 }) })
const AnswerReply = Type.Object({
  covered: Type.Boolean(),
  answer: Type.String({ minLength: 1 }),
  citations: Type.Array(Type.Integer({ minimum: 1 }), { description: 'Numbers of the passages used' }),
})
const QuizReply = Type.Object({
  questions: Type.Array(Type.Object({
    type: Type.Enum(['single', 'multiple', 'true_false', 'short_text']),
    prompt: Type.String({ minLength: 1 }),
    options: Type.Array(Type.String(), { description: 'Choices for single and multiple; empty otherwise' }),
    correctOptions: Type.Array(Type.Integer({ minimum: 0 }), { description: 'Zero-based indexes of the correct options (single, multiple)' }),
    correctBoolean: Type.Boolean({ description: 'The answer of a true_false question; false otherwise' }),
    acceptedAnswers: Type.Array(Type.String(), { description: 'Accepted answers of a short_text question; empty otherwise' }),
    explanation: Type.String(),
  })),
})

export interface GeminiSettings {
  apiKey: string
  model: string
  /** A Gemini-compatible endpoint (tests point it at a local fake). */
  baseUrl?: string
}

const jsonSchema = (schema: TSchema): unknown => JSON.parse(JSON.stringify(schema))

type ApiErrorClass = typeof import('@google/genai').ApiError

/**
 * Google Gemini through the official `@google/genai` SDK: structured JSON replies (`responseMimeType:
 * application/json` with a JSON schema), validated against TypeBox schemas. The SDK's own retries are off:
 * the tutor retries with its own bounds and counts every attempt.
 */
export class GeminiProvider implements AiProvider {
  readonly identifier = 'gemini'
  readonly model: string
  readonly #settings: GeminiSettings
  /** The SDK, imported on the first call: an engine on the offline provider never loads it. */
  #sdk: Promise<{ client: GoogleGenAI; ApiError: ApiErrorClass }> | undefined

  constructor(settings: GeminiSettings) {
    this.model = settings.model
    this.#settings = settings
  }

  #load(): Promise<{ client: GoogleGenAI; ApiError: ApiErrorClass }> {
    const { apiKey, baseUrl } = this.#settings
    this.#sdk ??= import('@google/genai').then(({ GoogleGenAI: Sdk, ApiError }) => ({
      client: new Sdk({ apiKey, httpOptions: baseUrl ? { baseUrl } : {} }),
      ApiError,
    }))
    return this.#sdk
  }

  async summarize(lesson: LessonSource, signal: AbortSignal): Promise<Generated<Summary>> {
    const { value, usage } = await this.#structured(SYSTEM.summary, summaryPrompt(lesson), SummaryReply, signal)
    return { value: { summary: value.summary, keyPoints: value.keyPoints }, usage }
  }

  async generateQuiz(lessons: LessonSource[], count: number, signal: AbortSignal): Promise<Generated<QuizDraft>> {
    const { value, usage } = await this.#structured(SYSTEM.quiz, quizPrompt(lessons, count), QuizReply, signal)
    const questions = value.questions.slice(0, count).map(toDraftQuestion)
    const draft: QuizDraft = { passScore: 70, questions }
    const problems = checkQuiz(draft)
    if (problems.length) throw new ProviderFailure('malformed', `the quiz is not a valid quiz document (${problems[0]!.field} ${problems[0]!.message})`)
    return { value: draft, usage }
  }

  async answer(question: string, passages: PassageSource[], signal: AbortSignal): Promise<Generated<Answer>> {
    const { value, usage } = await this.#structured(SYSTEM.answer, answerPrompt(question, passages), AnswerReply, signal)
    return { value: toAnswer(value.covered, value.answer, value.citations, passages.length), usage }
  }

  async *answerStream(question: string, passages: PassageSource[], signal: AbortSignal): AsyncIterable<AnswerChunk> {
    const { ApiError } = await this.#load()
    const stream = await this.#call((client) => client.models.generateContentStream({
      model: this.model,
      contents: [{ role: 'user', parts: [{ text: answerPrompt(question, passages) }] }],
      config: { systemInstruction: SYSTEM.answerStream, abortSignal: signal },
    }), signal)
    const parser = new StreamedAnswer()
    let usage: Usage | undefined
    try {
      for await (const chunk of stream) {
        usage = usageOf(chunk) ?? usage
        const text = parser.push(chunk.text ?? '')
        if (text) yield { text }
      }
    } catch (error) {
      throw classify(error, signal, ApiError)
    }
    const rest = parser.end()
    if (rest) yield { text: rest }
    const done = parser.result(passages.length)
    if (!done) throw new ProviderFailure('malformed', 'the streamed answer has no COVERED line')
    yield { done, usage }
  }

  async #structured<S extends TSchema>(system: string, prompt: string, schema: S, signal: AbortSignal): Promise<Generated<Static<S>>> {
    const response = await this.#call((client) => client.models.generateContent({
      model: this.model,
      contents: [{ role: 'user', parts: [{ text: prompt }] }],
      config: { systemInstruction: system, responseMimeType: 'application/json', responseJsonSchema: jsonSchema(schema), abortSignal: signal },
    }), signal)
    const text = response.text
    if (!text) throw new ProviderFailure('malformed', 'the reply has no text')
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new ProviderFailure('malformed', 'the reply is not JSON')
    }
    if (!Value.Check(schema, parsed)) throw new ProviderFailure('malformed', 'the reply does not match the requested schema')
    return { value: parsed as Static<S>, usage: usageOf(response) }
  }

  async #call<T>(work: (client: GoogleGenAI) => Promise<T>, signal: AbortSignal): Promise<T> {
    const { client, ApiError } = await this.#load()
    try {
      return await work(client)
    } catch (error) {
      throw classify(error, signal, ApiError)
    }
  }
}

function usageOf(response: GenerateContentResponse): Usage | undefined {
  const u = response.usageMetadata
  if (!u || (u.promptTokenCount === undefined && u.candidatesTokenCount === undefined)) return undefined
  return { inputTokens: u.promptTokenCount ?? 0, outputTokens: u.candidatesTokenCount ?? 0 }
}

/** SDK errors as failure kinds: ApiError carries the HTTP status; an aborted signal is our timeout. */
function classify(error: unknown, signal: AbortSignal, ApiError: ApiErrorClass): ProviderFailure {
  if (error instanceof ProviderFailure) return error
  if (signal.aborted || (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))) {
    return new ProviderFailure('timeout', 'the call timed out')
  }
  if (error instanceof ApiError) {
    if (error.status === 429) return new ProviderFailure('rate_limited', 'the provider is rate limiting requests (429)')
    if (error.status >= 500) return new ProviderFailure('unavailable', `the provider answered ${error.status}`)
    // 4xx other than 429: our request or key is wrong; retrying will not help, and the student cannot fix it.
    return new ProviderFailure('unavailable', `the provider refused the request (${error.status})`, { retryable: false })
  }
  if (error instanceof SyntaxError) return new ProviderFailure('malformed', 'the reply is not JSON')
  return new ProviderFailure('unavailable', error instanceof Error ? error.message : 'unknown error')
}

function toDraftQuestion(q: Static<typeof QuizReply>['questions'][number]): DraftQuestion {
  const explanation = q.explanation || undefined
  switch (q.type) {
    case 'single':
    case 'multiple':
      return { type: q.type, prompt: q.prompt, options: q.options, answer: q.correctOptions, ...(explanation ? { explanation } : {}) }
    case 'true_false':
      return { type: 'true_false', prompt: q.prompt, answer: q.correctBoolean, ...(explanation ? { explanation } : {}) }
    default:
      return { type: 'short_text', prompt: q.prompt, answer: q.acceptedAnswers, ...(explanation ? { explanation } : {}) }
  }
}

/** Citations are 1-based passage numbers from the model; numbers it invented are a malformed reply. */
function toAnswer(covered: boolean, answer: string, numbers: number[], passageCount: number): Answer {
  if (numbers.some((n) => n > passageCount)) throw new ProviderFailure('malformed', 'the answer cites a passage it was not given')
  const citations = covered ? [...new Set(numbers)].map((n) => n - 1) : []
  return { answer: answer.trim(), covered, citations }
}

/**
 * Reads the streamed plain-text answer: a first line "COVERED: yes|no", the answer (passed on as it arrives),
 * and a last line "CITATIONS: 1, 2" (held back until the stream ends).
 */
class StreamedAnswer {
  #buffer = ''
  #covered: boolean | undefined
  #answer = ''

  push(text: string): string {
    this.#buffer += text
    if (this.#covered === undefined) {
      const newline = this.#buffer.indexOf('\n')
      if (newline < 0) return ''
      const first = this.#buffer.slice(0, newline).trim()
      const match = /^COVERED:\s*(yes|no)$/i.exec(first)
      if (!match) throw new ProviderFailure('malformed', 'the streamed answer does not start with a COVERED line')
      this.#covered = match[1]!.toLowerCase() === 'yes'
      this.#buffer = this.#buffer.slice(newline + 1)
    }
    // Hold back what may be the start of the CITATIONS line, with the line break before it.
    const lastLine = this.#buffer.lastIndexOf('\n')
    const tail = this.#buffer.slice(lastLine + 1)
    const maybeCitations = 'CITATIONS:'.startsWith(tail.slice(0, 10).toUpperCase()) || /^CITATIONS:/i.test(tail)
    const holdFrom = maybeCitations ? Math.max(lastLine, 0) : this.#buffer.length
    const out = this.#buffer.slice(0, holdFrom)
    this.#buffer = this.#buffer.slice(holdFrom)
    this.#answer += out
    return out
  }

  end(): string {
    if (this.#covered === undefined && this.#buffer) this.push('\n')
    const match = /(?:^|\n)CITATIONS:[^\n]*$/i.exec(this.#buffer)
    const rest = match ? this.#buffer.slice(0, match.index) : this.#buffer
    this.#citationsLine = match ? match[0] : ''
    this.#buffer = ''
    this.#answer += rest
    return rest
  }

  #citationsLine = ''

  result(passageCount: number): Answer | undefined {
    if (this.#covered === undefined) return undefined
    const numbers = (this.#citationsLine.match(/\d+/g) ?? []).map(Number)
    return toAnswer(this.#covered, this.#answer, numbers, passageCount)
  }
}
