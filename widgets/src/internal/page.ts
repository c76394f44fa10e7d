// What the widgets of one page share: the settings-changed signal, and the tokens already announced
// as refused (so one expiry is one `edu-token-expired` for the whole page, however many widgets saw it),
// and how many tokens in a row were refused (so a renewal that is always refused ends, not loops).

/** Fired on `document` when an `<edu-config>`, a `lang` attribute or a language's strings change: widgets re-read their settings. */
export const CONFIG_CHANGE = 'edu-config-change'

/** Tells every widget of the page to re-read its settings and re-render. */
export function announceConfigChange(): void {
  globalThis.document?.dispatchEvent(new Event(CONFIG_CHANGE))
}

let langObserver: MutationObserver | undefined
/** Watches `lang` attributes anywhere in the page (once per page): a change re-renders the widgets. */
export function watchLanguage(): void {
  if (langObserver || typeof MutationObserver === 'undefined') return
  langObserver = new MutationObserver(announceConfigChange)
  langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true })
}

const announced = new Set<string>()
const abandoned = new Set<string>()
let refusedInARow = 0

/** Tokens refused in a row (each a renewal of the one before) after which the page stops asking for another. */
export const REFUSALS_BEFORE_GIVING_UP = 3

/**
 * `token` was refused (a 401, or a JWT far past its `exp`). What the widget that saw it does:
 * `'wait'` — another widget of the page already saw it refused and is handling it; a number — emit
 * `edu-token-expired` after that many milliseconds (0 for the first refusal; 1 s, 2 s, … for each
 * renewed token refused again); `'give-up'` — the third token refused in a row: stop renewing, emit
 * `edu-token-failed`, and show public data (the token now counts as none: `isAbandoned`).
 */
export function tokenRefused(token: string): number | 'wait' | 'give-up' {
  if (announced.has(token)) return 'wait'
  announced.add(token)
  refusedInARow += 1
  if (refusedInARow < REFUSALS_BEFORE_GIVING_UP) return refusedInARow === 1 ? 0 : 1000 * 2 ** (refusedInARow - 2)
  abandoned.add(token)
  return 'give-up'
}

/** A request with a token succeeded: the refusals in a row start again from zero. */
export function tokenWorked(): void {
  refusedInARow = 0
  sessionEnded = false
}

let sessionEnded = false

/**
 * The page's token was refused and could not be renewed (or the page set none in its place): every
 * widget of the page without a token of its own says so, not only those whose request was refused.
 */
export function endSession(): void {
  if (sessionEnded) return
  sessionEnded = true
  announceConfigChange()
}

/** Whether the page's session ended (`endSession`) and no token has worked since. */
export function sessionHasEnded(): boolean {
  return sessionEnded
}

/** Whether the page gave up on `token` (refused, and the renewals before it too): the widgets show public data. */
export function isAbandoned(token: string): boolean {
  return abandoned.has(token)
}

let tokensSet = 0

/** The page set a token on `<edu-config>` or a widget (even the one it had): counted, so a refused token set again is seen. */
export function tokenSet(): void {
  tokensSet += 1
}

/** How many times the page set a token so far (`tokenSet`). */
export function tokensSetSoFar(): number {
  return tokensSet
}

/**
 * The page answered `edu-token-expired` with the token that was refused (a backend that keeps a
 * token until its `exp`): it would only be refused again, so the page gives up on it at once.
 */
export function abandon(token: string): void {
  abandoned.add(token)
}

/** The JWT payload of a token, or undefined for a token that is not a JWT. Unverified: the engine checks the signature. */
function claims(token: string): { exp?: unknown; sub?: unknown } | undefined {
  const payload = token.split('.')[1]
  if (!payload) return undefined
  try {
    return JSON.parse(atob(payload.replaceAll('-', '+').replaceAll('_', '/'))) as { exp?: unknown; sub?: unknown }
  } catch {
    return undefined
  }
}

/**
 * How far (ms) the browser's clock may be ahead of the engine's: a token is known to be expired only
 * when its `exp` is further than this in the past. Tokens live 15 minutes; a visitor's clock 20 minutes
 * ahead must not make every new token look expired. Within the margin the engine decides (a 401).
 */
export const CLOCK_SKEW_MS = 60 * 60 * 1000

/**
 * Whether a token is a JWT whose `exp` (seconds) passed more than `CLOCK_SKEW_MS` ago: sending it would
 * only earn a 401. Tokens that are not JWTs, or carry no `exp`, are not known to be expired.
 */
export function isKnownExpired(token: string, now = Date.now()): boolean {
  const exp = claims(token)?.exp
  return typeof exp === 'number' && exp * 1000 + CLOCK_SKEW_MS <= now
}

/**
 * Whose data a token shows: `''` for none (a visitor), the JWT's `sub` (the student), else the token
 * itself. A renewed token of the same student is the same identity: nothing needs reading again.
 */
export function identityOf(token: string | null): string {
  if (!token) return ''
  const sub = claims(token)?.sub
  return typeof sub === 'string' ? `sub:${sub}` : `token:${token}`
}
