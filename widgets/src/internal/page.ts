// What the widgets of one page share: the settings-changed signal, and the tokens already announced
// as refused (so one expiry is one `edu-token-expired` for the whole page, however many widgets saw it).

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
/**
 * Whether this page has not yet announced `token` as refused; from now on it has. The first widget
 * to find a token refused or past its `exp` emits `edu-token-expired`; the others only wait for the
 * new token the host page sets.
 */
export function firstToAnnounce(token: string): boolean {
  if (announced.has(token)) return false
  announced.add(token)
  return true
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
 * Whether a token is a JWT whose `exp` (seconds) has passed: sending it would only earn a 401. Tokens
 * that are not JWTs, or carry no `exp`, are not known to be expired.
 */
export function isKnownExpired(token: string, now = Date.now()): boolean {
  const exp = claims(token)?.exp
  return typeof exp === 'number' && exp * 1000 <= now
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
