import { announceConfigChange, tokenSet } from '../../internal/page.ts'
import type { Strings } from '../../internal/i18n.ts'

/**
 * @summary Page-wide settings of every EduPlatform widget on the page (or inside it): the engine's
 * origin, the student's token and replacement strings. Renders nothing; its children show as usual.
 * A widget's own `api-base` and `token` attributes win over these.
 *
 * @tag edu-config
 * @attr api-base - The engine's origin; default: the origin the bundle was loaded from.
 * @attr token - A student's access token; renew it here on `edu-token-expired` and every widget retries.
 * @attr wait-for-token - The page sets a token soon (its backend mints one): the widgets make no request until `token` is set;
 *   setting it to `undefined` or `null` (no token came) shows public data.
 */
export class EduConfig extends HTMLElement {
  static observedAttributes = ['api-base', 'token', 'wait-for-token']
  #token: string | null = null
  #tokenSet = false
  #strings: Partial<Strings> | undefined

  /** The engine's origin. */
  get apiBase(): string | null {
    return this.getAttribute('api-base')
  }
  set apiBase(value: string | null) {
    if (value === null) this.removeAttribute('api-base')
    else this.setAttribute('api-base', value)
  }

  /** The student's access token: the property, else the `token` attribute. Setting it keeps it out of the DOM. */
  get token(): string | null {
    return this.#token ?? this.getAttribute('token')
  }
  set token(value: string | null | undefined) {
    this.#token = value ?? null
    this.#tokenSet = true
    tokenSet()
    this.#changed()
  }

  /** Whether the page set `token`, even to `undefined` or `null` (no token is coming): `wait-for-token` no longer holds. */
  get tokenSet(): boolean {
    return this.#tokenSet
  }

  /** Replacement strings for every widget under this configuration. */
  get strings(): Partial<Strings> | undefined {
    return this.#strings
  }
  set strings(value: Partial<Strings> | undefined) {
    this.#strings = value
    this.#changed()
  }

  connectedCallback() {
    this.style.display = 'contents'
    this.#changed()
  }

  attributeChangedCallback(name: string) {
    if (name === 'token') tokenSet()
    this.#changed()
  }

  #changed() {
    if (this.isConnected) announceConfigChange()
  }
}
