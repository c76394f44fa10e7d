import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit'
import { createApi, TokenExpired, ApiError, type Api } from './api.ts'
import type { EduEventMap, EduEventName } from './events.ts'
import { languageOf } from './format.ts'
import { stringsFor, translate, type Params, type StringKey, type Strings } from './i18n.ts'
import { learnerState, type LearnerChange } from './learner-state.ts'
import { abandon, announceConfigChange, CONFIG_CHANGE, endSession, identityOf, isAbandoned, isKnownExpired, sessionHasEnded, tokenRefused, tokenSet, tokensSetSoFar, tokenWorked, watchLanguage } from './page.ts'

/** The engine the bundle was loaded from: the default `api-base`. */
const BUNDLE_ORIGIN = (() => {
  try {
    return new URL(import.meta.url).origin
  } catch {
    return globalThis.location?.origin ?? ''
  }
})()

interface PageConfig extends Element {
  readonly apiBase: string | null
  readonly token: string | null
  /** Whether the page set `token` (to a token or to none): `wait-for-token` no longer holds. */
  readonly tokenSet?: boolean
  readonly strings: Partial<Strings> | undefined
}

/**
 * The base of every EduPlatform element: its settings (`api-base`, `token`, strings, language,
 * `theme`) from its own attributes or the page's `<edu-config>`, a typed `emit()`, and `call()`, which
 * runs API work and, when the token is refused, waits for a new token to retry the same request, so
 * the learner keeps their place. The first widget of the page to find a token refused emits
 * `edu-token-expired`; the others wait for the same renewal. A renewed token of the same student
 * changes nothing shown (`identity`). What a widget changes in the learner's state (an enrollment, a
 * completed lesson or quiz) reaches every other widget of the page through `learnerChanged()`.
 *
 * @attr theme - `light` or `dark`: the colour scheme of this widget where the page does not declare one (CSS `color-scheme`); unset, the page's.
 */
export class EduElement extends LitElement {
  static properties: PropertyDeclarations = {
    apiBase: { attribute: 'api-base' },
    token: { noAccessor: true },
    strings: { attribute: false },
    theme: { reflect: true },
    expired: { state: true },
    signedOut: { state: true },
  }

  /** The engine's origin (`https://learn.school.example`). Default: `<edu-config>`'s, else the origin the bundle came from. */
  declare apiBase: string | null
  #token: string | null = null
  #tokenSet = false
  /**
   * A student's access token (from `POST /api/v1/embed/sessions` or sign-in). Default: `<edu-config>`'s; none shows
   * public data. Setting it, even to `undefined` or `null`, ends `wait-for-token`.
   */
  get token(): string | null {
    return this.#token
  }
  set token(value: string | null | undefined) {
    const old = this.#token
    this.#token = value ?? null
    this.#tokenSet = true
    tokenSet()
    if (this.#token === old) this.#tokenMaybeChanged() // the same token set again: no update, but a renewal answered
    else this.requestUpdate('token', old)
  }
  /** Replacements for any user-visible string of this element (see `i18n.ts` for the keys). */
  declare strings: Partial<Strings> | undefined
  /** `light` or `dark`: overrides the colour scheme the widget takes from the page (reflected to the `theme` attribute). */
  declare theme: 'light' | 'dark' | undefined
  /** The last token was refused and no new one has come yet. */
  declare protected expired: boolean
  /** The token was refused and could not be renewed (or the page set none instead): public data and a sign-in message. */
  declare protected signedOut: boolean

  #tokenWaiters: Array<() => void> = []
  #expiredToken: string | null = null
  /** `tokensSetSoFar()` when the token was found refused: a token set after it answers the renewal. */
  #setBeforeRenewal = 0
  #api: { key: string; api: Api } | undefined
  readonly #onConfigChange = () => {
    this.requestUpdate()
    this.#tokenMaybeChanged()
  }

  constructor() {
    super()
    this.apiBase = null
    this.strings = undefined
    this.expired = false
    this.signedOut = false
  }

  override connectedCallback() {
    super.connectedCallback()
    watchLanguage()
    document.addEventListener(CONFIG_CHANGE, this.#onConfigChange)
    learnerState.join(this, (change) => {
      if (change.identity === this.identity) this.learnerChanged(change)
    })
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    document.removeEventListener(CONFIG_CHANGE, this.#onConfigChange)
    learnerState.leave(this)
  }

  /**
   * Another widget of the page changed the state of the same learner (`change`): follow it. Called
   * only for the student this element shows; the default does nothing.
   */
  protected learnerChanged(_change: LearnerChange): void {}

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

  /** The token in effect, or null (anonymous; also when the page gave up renewing it: `edu-token-failed`). */
  protected get resolvedToken(): string | null {
    const token = this.token || this.#pageConfig()?.token || null
    return token && isAbandoned(token) ? null : token
  }

  /**
   * No token yet, and the page said one is coming (`wait-for-token` on the element or its
   * `<edu-config>`): the element makes no request until it is set.
   */
  protected get waitingForToken(): boolean {
    const config = this.#pageConfig()
    if (this.resolvedToken || this.#tokenSet || this.signedOut || config?.tokenSet) return false
    return this.hasAttribute('wait-for-token') || Boolean(config?.hasAttribute('wait-for-token'))
  }

  /** What the status line says of the session: reconnecting (a renewal is on its way), signed out, or nothing. */
  protected get sessionNotice(): string {
    if (this.expired) return this.t('sessionExpired')
    return this.signedOut || (!this.resolvedToken && sessionHasEnded()) ? this.t('sessionEnded') : ''
  }

  /**
   * Whose data the element shows: `''` for a visitor, else the student of the token (a JWT's `sub`).
   * Load what depends on the learner when this changes, not on every new token: a renewal is the same student.
   */
  protected get identity(): string {
    return identityOf(this.resolvedToken)
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
    this.#share(name, detail)
    return event
  }

  /** Tells the other widgets of the page what an event of this element changed in the learner's state. */
  #share<K extends EduEventName>(name: K, detail: EduEventMap[K]) {
    const identity = this.identity
    const publish = (change: Omit<LearnerChange, 'identity'>) => learnerState.publish({ identity, ...change }, this)
    if (name === 'edu-enroll') {
      const { courseId, progress } = detail as EduEventMap['edu-enroll']
      publish({ courseId, enrolled: true, ...(progress ? { progress } : {}) })
    } else if (name === 'edu-purchase') {
      const { courseId, payment } = detail as EduEventMap['edu-purchase']
      if (payment.status === 'completed') publish({ courseId, enrolled: true })
    } else if (name === 'edu-lesson-complete') {
      const { courseId, lessonId, progress } = detail as EduEventMap['edu-lesson-complete']
      publish({ courseId, lessonId, progress })
    } else if (name === 'edu-quiz-pass') {
      void this.#quizPassed((detail as EduEventMap['edu-quiz-pass']).lessonId)
    }
  }

  /**
   * A passed quiz completed its lesson on the engine: read the course's progress and emit
   * `edu-lesson-complete`, as for a lesson marked complete, so the page and its widgets follow.
   */
  async #quizPassed(lessonId: string) {
    try {
      const courseId = await this.courseOfLesson(lessonId)
      const { completed, total, percent, status } = await this.call((api) => api.progress(courseId))
      this.emit('edu-lesson-complete', { lessonId, courseId, progress: { completed, total, percent, status, courseId } })
    } catch {
      // Nothing to tell: the quiz shows its own result; edu-error has said what failed.
    }
  }

  /** The course of a lesson (an element that knows it answers without asking the engine). */
  protected async courseOfLesson(lessonId: string): Promise<string> {
    return (await this.call((api) => api.lesson(lessonId))).courseId
  }

  /**
   * Runs `work` against the API. A refused token emits `edu-token-expired` (once per token for the
   * page) and waits until the host page sets another, then runs `work` again; other failures emit
   * `edu-error` and are rethrown. No request leaves with a token known to be missing (`wait-for-token`) or
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
        if (token !== null) tokenWorked()
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

  /**
   * Resolves when the host page has set a token other than `token` (or none). The first widget of the
   * page to find `token` refused emits `edu-token-expired` (after a backoff when the token before it was
   * refused too), the others wait for the renewal it asked for. The third token refused in a row ends
   * the renewals: `edu-token-failed`, and every widget shows public data with a sign-in message.
   */
  async #awaitNewToken(token: string): Promise<void> {
    if (this.resolvedToken !== token) return
    const next = tokenRefused(token)
    if (next === 'give-up') {
      this.signedOut = true
      this.emit('edu-token-failed', { tag: this.localName })
      announceConfigChange()
      endSession()
      return
    }
    this.expired = true
    this.#expiredToken = token
    this.#setBeforeRenewal = tokensSetSoFar()
    const waited = new Promise<void>((resolve) => this.#tokenWaiters.push(resolve))
    if (next !== 'wait') {
      if (next > 0) await new Promise((resolve) => setTimeout(resolve, next))
      if (this.resolvedToken === token) this.emit('edu-token-expired', { tag: this.localName })
    }
    await waited
  }

  #tokenMaybeChanged() {
    // The page answered the renewal with the refused token itself (a backend that keeps a token until its
    // `exp`): it would be refused again, so the renewals end here, as after the third refusal.
    const stale = this.expired && this.#expiredToken !== null && this.resolvedToken === this.#expiredToken && tokensSetSoFar() > this.#setBeforeRenewal
    if (stale) abandon(this.#expiredToken!)
    const token = this.resolvedToken
    const given = this.token || this.#pageConfig()?.token
    if (token) this.signedOut = false
    else if (given && isAbandoned(given)) this.signedOut = true
    if (this.#tokenWaiters.length === 0 || token === this.#expiredToken || (token === null && this.waitingForToken)) return
    if (token === null && this.expired) {
      this.signedOut = true
      endSession()
    }
    this.expired = false
    for (const resolve of this.#tokenWaiters.splice(0)) resolve()
    if (stale) this.emit('edu-token-failed', { tag: this.localName })
  }
}
