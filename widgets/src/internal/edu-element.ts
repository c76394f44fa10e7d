import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit'
import { createApi, TokenExpired, ApiError, type Api } from './api.ts'
import type { EduEventMap, EduEventName } from './events.ts'
import { languageOf } from './format.ts'
import { stringsFor, translate, type Params, type StringKey, type Strings } from './i18n.ts'

/** Fired on `document` when an `<edu-config>` or a `lang` attribute changes: widgets re-read their settings. */
export const CONFIG_CHANGE = 'edu-config-change'

/** The engine the bundle was loaded from: the default `api-base`. */
const BUNDLE_ORIGIN = (() => {
  try {
    return new URL(import.meta.url).origin
  } catch {
    return globalThis.location?.origin ?? ''
  }
})()

/**
 * Whether a token is a JWT whose `exp` (seconds) has passed: sending it would only earn a 401. Tokens
 * that are not JWTs, or carry no `exp`, are not known to be expired. The signature is the engine's to check.
 */
export function isKnownExpired(token: string, now = Date.now()): boolean {
  const payload = token.split('.')[1]
  if (!payload) return false
  try {
    const { exp } = JSON.parse(atob(payload.replaceAll('-', '+').replaceAll('_', '/'))) as { exp?: unknown }
    return typeof exp === 'number' && exp * 1000 <= now
  } catch {
    return false
  }
}

interface PageConfig extends Element {
  readonly apiBase: string | null
  readonly token: string | null
  readonly strings: Partial<Strings> | undefined
}

let langObserver: MutationObserver | undefined
function watchLanguage() {
  if (langObserver || typeof MutationObserver === 'undefined') return
  langObserver = new MutationObserver(() => document.dispatchEvent(new Event(CONFIG_CHANGE)))
  langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true })
}

/**
 * The base of every EduPlatform element: its settings (`api-base`, `token`, strings, language) from
 * its own attributes or the page's `<edu-config>`, a typed `emit()`, and `call()`, which runs API
 * work and, when the token is refused, emits `edu-token-expired` and waits for a new token to retry
 * the same work, so the learner keeps their place.
 */
export class EduElement extends LitElement {
  static properties: PropertyDeclarations = {
    apiBase: { attribute: 'api-base' },
    token: {},
    strings: { attribute: false },
    expired: { state: true },
  }

  /** The engine's origin (`https://learn.school.example`). Default: `<edu-config>`'s, else the origin the bundle came from. */
  declare apiBase: string | null
  /** A student's access token (from `POST /api/v1/embed/sessions` or sign-in). Default: `<edu-config>`'s; none shows public data. */
  declare token: string | null
  /** Replacements for any user-visible string of this element (see `i18n.ts` for the keys). */
  declare strings: Partial<Strings> | undefined
  /** The last token was refused and no new one has come yet. */
  declare protected expired: boolean

  #tokenWaiters: Array<() => void> = []
  #expiredToken: string | null = null
  #api: { key: string; api: Api } | undefined
  readonly #onConfigChange = () => {
    this.requestUpdate()
    this.#tokenMaybeChanged()
  }

  constructor() {
    super()
    this.apiBase = null
    this.token = null
    this.strings = undefined
    this.expired = false
  }

  override connectedCallback() {
    super.connectedCallback()
    watchLanguage()
    document.addEventListener(CONFIG_CHANGE, this.#onConfigChange)
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    document.removeEventListener(CONFIG_CHANGE, this.#onConfigChange)
  }

  protected override updated(changed: PropertyValues) {
    super.updated(changed)
    if (changed.has('token') || changed.has('apiBase')) this.#tokenMaybeChanged()
  }

  #pageConfig(): PageConfig | null {
    return (this.closest('edu-config') ?? document.querySelector('edu-config')) as PageConfig | null
  }

  /** The engine origin in effect. */
  protected get resolvedApiBase(): string {
    return this.apiBase || this.getAttribute('api-base') || this.#pageConfig()?.apiBase || BUNDLE_ORIGIN
  }

  /** The token in effect, or null (anonymous). */
  protected get resolvedToken(): string | null {
    return this.token || this.#pageConfig()?.token || null
  }

  /**
   * No token yet, and the page said one is coming (`wait-for-token` on the element or its
   * `<edu-config>`): the element makes no request until it is set.
   */
  protected get waitingForToken(): boolean {
    return !this.resolvedToken && (this.hasAttribute('wait-for-token') || Boolean(this.#pageConfig()?.hasAttribute('wait-for-token')))
  }

  /** The language in effect: the nearest `lang` attribute, else the browser's. */
  protected get language(): string {
    return languageOf(this)
  }

  /** A user-visible string in the element's language, placeholders filled. */
  protected t(key: StringKey | string, params?: Params): string {
    return translate(stringsFor(this.language, this.#pageConfig()?.strings, this.strings), this.language, key, params)
  }

  /** The API client for the current settings. */
  protected get api(): Api {
    const base = this.resolvedApiBase
    const token = this.resolvedToken
    const key = `${base}\n${token ?? ''}`
    if (this.#api?.key !== key) this.#api = { key, api: createApi(base, token) }
    return this.#api.api
  }

  /**
   * Dispatches a typed `edu-*` event from this element: bubbles and composed, so a listener on the
   * host page's `document` hears it through any shadow root. Returns the event (check `defaultPrevented`).
   */
  emit<K extends EduEventName>(name: K, detail: EduEventMap[K], options: { cancelable?: boolean } = {}): CustomEvent<EduEventMap[K]> {
    const event = new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false })
    this.dispatchEvent(event)
    return event
  }

  /**
   * Runs `work` against the API. A refused token emits `edu-token-expired` (once per token) and
   * waits until the host page sets another, then runs `work` again; other failures emit `edu-error`
   * and are rethrown. No request leaves with a token known to be missing (`wait-for-token`) or
   * expired (a JWT past its `exp`): the element waits, as for a refused one, without asking.
   */
  protected async call<T>(work: (api: Api) => Promise<T>): Promise<T> {
    for (;;) {
      const token = this.resolvedToken
      if (token === null && this.waitingForToken) {
        await new Promise<void>((resolve) => this.#tokenWaiters.push(resolve))
        continue
      }
      if (token !== null && isKnownExpired(token)) {
        await this.#awaitNewToken(token)
        continue
      }
      try {
        const result = await work(this.api)
        this.expired = false
        return result
      } catch (error) {
        if (!(error instanceof TokenExpired) || token === null) {
          if (error instanceof ApiError && ![401, 403, 404, 409].includes(error.status)) {
            this.emit('edu-error', { status: error.status, code: error.problem?.code ?? null, detail: error.message })
          }
          throw error
        }
        if (this.resolvedToken === token) await this.#awaitNewToken(token)
      }
    }
  }

  /** Emits `edu-token-expired` (once per token) and resolves when the host page has set another. */
  async #awaitNewToken(token: string): Promise<void> {
    if (this.resolvedToken !== token) return
    this.expired = true
    if (this.#expiredToken !== token) {
      this.#expiredToken = token
      this.emit('edu-token-expired', { tag: this.localName })
    }
    await new Promise<void>((resolve) => this.#tokenWaiters.push(resolve))
  }

  #tokenMaybeChanged() {
    if (this.#tokenWaiters.length === 0 || this.resolvedToken === this.#expiredToken || (this.resolvedToken === null && this.waitingForToken)) return
    for (const resolve of this.#tokenWaiters.splice(0)) resolve()
  }
}
