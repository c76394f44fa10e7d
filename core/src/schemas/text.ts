import { Type, type TString } from 'typebox'

/**
 * Text that PostgreSQL can store, and plain text as people write it.
 *
 * PostgreSQL's `text` and `jsonb` cannot hold U+0000 (NUL), and a lone UTF-16 surrogate
 * (U+D800–U+DFFF not in a pair) is not a character at all: encoded to UTF-8 it silently
 * becomes U+FFFD, so two different inputs would be stored as the same text. Both are refused,
 * with a 400 naming the field, on every string of every request (see `http/validation.ts`).
 *
 * Plain text (titles, names, descriptions, comments) is stored and returned exactly as written:
 * never trimmed, never stripped of markup (`Java: List<String>` stays that); clients escape it.
 * "Control characters aside" (CONTRACT.md) means: the C0 and C1 control characters
 * (U+0000–U+001F, U+007F–U+009F; Unicode general category Cc) are refused, except that
 * multi-line text keeps tab, line feed and carriage return. One-line text (titles, names)
 * refuses all of them and the line and paragraph separators U+2028/U+2029, and must hold at least
 * one visible character. One-line text also refuses the bidirectional embedding, override and isolate
 * controls (U+202A–U+202E, U+2066–U+2069): they reorder what is shown after them, so a name or title
 * could read as something other than what is stored, or turn the text around it (Trojan Source,
 * CVE-2021-42574); U+200E/U+200F (marks, which reorder nothing past themselves) stay allowed.
 * White space (`\s`), format
 * characters (general category Cf: U+200B, U+202E, U+2060, U+FEFF, …), other default-ignorable
 * code points (U+00AD, U+034F, U+3164, U+115F, U+1160, U+FFA0, variation selectors, …), combining
 * marks on their own (U+0301, …) and U+2800 BRAILLE PATTERN BLANK show nothing, so text made only of
 * them is blank (`isBlankText`).
 *
 * The rules are JSON Schema `pattern`s, so the OpenAPI document carries them and any client
 * can check the same rule before sending. Patterns are ECMA-262 with the `u` flag (Ajv's default).
 */

const SURROGATES = '\\uD800-\\uDFFF'
const MULTILINE_PATTERN = `^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${SURROGATES}]*$`
/** What one line may not hold: the control characters and the Unicode line and paragraph separators. */
const LINE_BREAKING = '\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029'
/** The bidirectional embedding, override and isolate controls (see above). */
const BIDI_CONTROLS = '\\u202A-\\u202E\\u2066-\\u2069'
const LINE_PATTERN = `^[^${LINE_BREAKING}${BIDI_CONTROLS}${SURROGATES}]*$`
/**
 * White space and characters that show nothing on their own (Unicode properties; see above): format
 * characters, default-ignorable code points (U+3164, U+115F, U+1160, U+FFA0 among them), combining marks
 * (general category M: they only change the character before them) and U+2800 BRAILLE PATTERN BLANK.
 */
const INVISIBLE = '\\s\\p{Cf}\\p{Default_Ignorable_Code_Point}\\p{M}\\u2800'
const NON_BLANK_LINE_PATTERN = `^(?=[\\s\\S]*[^${INVISIBLE}])[^${LINE_BREAKING}${BIDI_CONTROLS}${SURROGATES}]*$`
const NON_BLANK_MULTILINE_PATTERN = `^(?=[\\s\\S]*[^${INVISIBLE}])[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${SURROGATES}]*$`

export interface TextOptions {
  minLength?: number
  /** In Unicode code points, as JSON Schema (and Ajv) counts them: an astral character (an emoji) counts once. */
  maxLength?: number
  description?: string
  default?: string
  examples?: string[]
}

/**
 * Multi-line plain text (descriptions, comments): stored exactly as written; tab, line feed and
 * carriage return allowed; other control characters, NUL and lone surrogates refused (400).
 * `notBlank`: must also show something, as one-line text must (see above).
 */
export function PlainText(options: TextOptions & { notBlank?: boolean } = {}): TString {
  const { notBlank, ...rest } = options
  return Type.String({ ...rest, pattern: notBlank ? NON_BLANK_MULTILINE_PATTERN : MULTILINE_PATTERN, description: options.description ?? 'Plain text, stored as written' })
}

/**
 * One line of plain text (titles, names): stored exactly as written; not blank (some character
 * other than white space) unless `allowBlank`; no control characters at all (no line breaks), no
 * bidirectional embedding, override or isolate controls (Trojan Source, CVE-2021-42574).
 */
export function PlainTextLine(options: TextOptions & { allowBlank?: boolean } = {}): TString {
  const { allowBlank, ...rest } = options
  return Type.String({
    minLength: allowBlank ? undefined : 1,
    ...rest,
    pattern: allowBlank ? LINE_PATTERN : NON_BLANK_LINE_PATTERN,
    description: options.description ?? (allowBlank ? 'One line of plain text, stored as written' : 'One line of plain text, not blank, stored as written'),
  })
}

const VISIBLE = new RegExp(`[^${INVISIBLE}]`, 'u')

/** Whether text shows nothing: only white space, format characters, default-ignorable code points, combining marks and U+2800. */
export function isBlankText(value: string): boolean {
  return !VISIBLE.test(value)
}

/** Why a string cannot be stored as text, or undefined when it can: NUL, or a lone surrogate. */
export function unstorableText(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain U+0000 (NUL)'
  if (!value.isWellFormed()) return 'must not contain a lone UTF-16 surrogate (U+D800–U+DFFF)'
  return undefined
}

/** The message for a value that failed one of the patterns above; undefined for any other pattern. */
export function plainTextMessage(pattern: unknown, value: unknown): string | undefined {
  if (pattern !== MULTILINE_PATTERN && pattern !== NON_BLANK_MULTILINE_PATTERN && pattern !== LINE_PATTERN && pattern !== NON_BLANK_LINE_PATTERN) return undefined
  if (typeof value !== 'string') return 'must be plain text'
  const unstorable = unstorableText(value)
  if (unstorable) return unstorable
  const multiline = pattern === MULTILINE_PATTERN || pattern === NON_BLANK_MULTILINE_PATTERN
  const control = multiline ? /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.exec(value) : /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/.exec(value)
  if (control) {
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
    return multiline ? `must not contain control characters (found ${code})` : `must be one line without control characters (found ${code})`
  }
  const bidi = multiline ? null : /[\u202A-\u202E\u2066-\u2069]/.exec(value)
  if (bidi) return `must not contain bidirectional control characters (found U+${bidi[0].charCodeAt(0).toString(16).toUpperCase()})`
  return 'must not be blank'
}
