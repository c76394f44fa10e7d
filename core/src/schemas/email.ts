import { Type, type TString } from 'typebox'

/**
 * Email addresses people and schools give the engine.
 *
 * The special-use names `.invalid` and `.localhost` (RFC 2606, RFC 6761) can never be a mailbox: no
 * mail is delivered to them. The engine keeps `.invalid` for its own placeholder addresses (students
 * of embedding schools who were given none), so callers may not register or pass an address in either
 * domain (400 naming the field). The documentation names `.example`, `example.com` and `.test` stay
 * allowed: they are what examples and test systems use. Matched case-insensitively, trailing dot or not.
 */
const RESERVED_PATTERN = '^(?![\\s\\S]*[@.](?:[iI][nN][vV][aA][lL][iI][dD]|[lL][oO][cC][aA][lL][hH][oO][sS][tT])\\.?$)'

/** The domains no caller's address may use (see above). */
export const RESERVED_EMAIL_DOMAINS = ['invalid', 'localhost'] as const

/** An email address a caller gives: RFC 5321 length, format `email`, not in a reserved domain. */
export function EmailAddress(options: { description?: string } = {}): TString {
  return Type.String({
    format: 'email', maxLength: 254, pattern: RESERVED_PATTERN,
    description: options.description ?? 'Case-insensitive; not in the special-use domains .invalid or .localhost',
  })
}

/** The message for a value that failed the reserved-domain pattern; undefined for any other pattern. */
export function reservedEmailMessage(pattern: unknown): string | undefined {
  if (pattern !== RESERVED_PATTERN) return undefined
  return 'must not be in a reserved domain (.invalid, .localhost): no mail can reach it'
}
