import type { AiTutorOptions } from '../options.ts'
import { GeminiProvider } from './gemini.ts'
import { OfflineProvider } from './offline.ts'
import type { AiProvider } from './provider.ts'

/**
 * The provider the options and environment ask for: `gemini` with a key (option `gemini.apiKey`, else
 * `GEMINI_API_KEY`) and an endpoint (option `gemini.baseUrl`, else `GEMINI_BASE_URL`, else Google's); `offline`
 * otherwise. `provider: 'gemini'` without a key stops the boot rather than silently going offline.
 */
export function chooseProvider(options: AiTutorOptions, env: Record<string, string | undefined>): AiProvider {
  const apiKey = options.gemini.apiKey ?? (env.GEMINI_API_KEY || undefined)
  const baseUrl = options.gemini.baseUrl ?? (env.GEMINI_BASE_URL || undefined)
  if (options.provider === 'offline' || (options.provider === 'auto' && !apiKey)) return new OfflineProvider()
  if (!apiKey) throw new Error('Plugin "ai-tutor": option "provider" is "gemini" but no API key is set (gemini.apiKey or GEMINI_API_KEY)')
  return new GeminiProvider({ apiKey, model: options.gemini.model, baseUrl })
}
