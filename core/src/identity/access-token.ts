import { Type, type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { ROLES } from './entities.ts'

/**
 * The claims of an access token (a JWT, RFC 7519, signed HS256). Every claim is checked on every
 * request: a token signed with the right secret but carrying a malformed or missing claim is refused
 * like a forged one (401), never trusted into a route.
 */
export const AccessClaims = Type.Object({
  /** The user's id. */
  sub: Type.String({ format: 'uuid' }),
  role: Type.Enum(ROLES),
  /** The session (refresh-token family) the token belongs to; ending the session ends the token. */
  sid: Type.String({ format: 'uuid' }),
  /** Token type: only access tokens open the API (other tokens the engine signs carry other types). */
  typ: Type.Literal('access'),
  /** Issued at and expiry, seconds since the epoch (RFC 7519 §4.1.4, §4.1.6). */
  iat: Type.Integer({ minimum: 0 }),
  exp: Type.Integer({ minimum: 0 }),
})
export type AccessClaims = Static<typeof AccessClaims>

/** What the engine puts in a new access token; `iat` and `exp` are added when it is signed. */
export type AccessTokenInput = Pick<AccessClaims, 'sub' | 'role' | 'sid'>

const check = Compile(AccessClaims)

/** The payload as claims, or undefined when any claim is missing or malformed. */
export function readAccessClaims(payload: unknown): AccessClaims | undefined {
  return check.Check(payload) ? payload : undefined
}

/**
 * Access tokens already verified, with their claims, until they expire: the same token arrives on every
 * request of a session, and a lookup by the token's text skips parsing, the signature check and the claims'
 * schema check. The only token cache: fast-jwt's own is off (it hashed the token on every call). Bounded: past `max` entries the oldest goes.
 */
export class VerifiedTokens {
  #entries = new Map<string, AccessClaims>()
  private readonly max: number

  constructor(max = 10_000) {
    this.max = max
  }

  /** The claims of a token verified before, while it has not expired (`exp`, RFC 7519 §4.1.4). */
  get(token: string): AccessClaims | undefined {
    const claims = this.#entries.get(token)
    if (claims === undefined) return undefined
    if (claims.exp * 1000 > Date.now()) return claims
    this.#entries.delete(token)
    return undefined
  }

  set(token: string, claims: AccessClaims) {
    if (this.#entries.size >= this.max) this.#entries.delete(this.#entries.keys().next().value!)
    this.#entries.set(token, claims)
  }
}
