import { Type, type Static } from 'typebox'

/**
 * Options of the `ai-tutor` plugin (`aiTutor({ ... })` in `edu.config.ts`). Times are milliseconds unless named
 * otherwise. The provider is chosen at boot: `auto` means Gemini when `GEMINI_API_KEY` is set, offline otherwise.
 */
export const AiTutorOptions = Type.Object({
  provider: Type.Enum(['auto', 'gemini', 'offline'], { default: 'auto' }),
  gemini: Type.Object({
    /** Model name, e.g. `gemini-2.5-flash`. */
    model: Type.String({ minLength: 1, default: 'gemini-2.5-flash' }),
    /** Defaults to `GEMINI_API_KEY`. */
    apiKey: Type.Optional(Type.String({ minLength: 1 })),
    /** Defaults to `GEMINI_BASE_URL`, then Google's endpoint. */
    baseUrl: Type.Optional(Type.String({ minLength: 1 })),
  }, { default: {} }),
  /** Timeout of one provider call (ms); the call is abandoned after it. */
  timeoutMs: Type.Integer({ minimum: 100, maximum: 300_000, default: 20_000 }),
  /** Retries after a failed provider call (timeouts, 429, 5xx, network), with exponential backoff and full jitter. */
  retries: Type.Integer({ minimum: 0, maximum: 5, default: 2 }),
  /** First backoff (ms); doubles on each retry, capped at 8 times this. */
  backoffMs: Type.Integer({ minimum: 0, maximum: 60_000, default: 250 }),
  /** Requests per user per minute on the AI routes. */
  ratePerMinute: Type.Integer({ minimum: 1, default: 20 }),
  /** Requests per user per day on the AI routes (a rolling 24-hour window from the first). */
  dailyQuota: Type.Integer({ minimum: 1, default: 200 }),
  /** How long summaries, quiz drafts and answers stay cached (seconds). Keys carry the content version. */
  cacheTtlSeconds: Type.Integer({ minimum: 1, default: 7 * 24 * 3600 }),
  /** Passages handed to the provider for one question. */
  passagesPerQuestion: Type.Integer({ minimum: 1, maximum: 20, default: 4 }),
})
export type AiTutorOptions = Static<typeof AiTutorOptions>
