import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { createError, Forbidden, Unauthorized } from '../http/errors.ts'
import { readAccessClaims, VerifiedTokens, type AccessClaims } from './access-token.ts'
import type { ApiKeyService, AuthenticatedKey } from './api-keys.ts'
import type { Role } from './entities.ts'
import type { ApiKeyScope, UserView } from './schemas.ts'
import type { IdentityService } from './service.ts'

/** Who is calling: a signed-in user, or an integrator's API key (which acts with admin rights within its scopes). */
export interface Principal {
  kind: 'user' | 'apiKey'
  id: string
  role: Role
  scopes?: ApiKeyScope[]
  /** Users: the session their access token belongs to. */
  sessionId?: string
  /** Users: their account, read with the session (no further lookup needed). */
  account?: UserView
  /** API keys: the key. */
  apiKey?: AuthenticatedKey
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: Partial<AccessClaims>
    user: Principal | null
  }
}

export interface RequireOptions {
  /** Teachers must also be verified by an admin (admins pass). */
  verified?: boolean
  /** `false`: signed-in users only; an API key is refused (403). Default true. */
  apiKeys?: boolean
}

export interface Auth {
  /**
   * A guard that lets only signed-in callers of these roles through (any role when none is named): 401
   * anonymous, 403 wrong role or unverified teacher. Declare it as `preHandler`, `preValidation` or
   * `onRequest`: the engine runs it first, at `onRequest`, before the body is read or validated.
   * API keys need the `read` scope for GET/HEAD/OPTIONS and `write` for the other methods; on routes
   * only admins may call, they need the `admin` scope instead. (On routes anyone may call that show a
   * credential more — `security: OPTIONAL_BEARER` — a key without the method's scope is refused, 403.)
   */
  require(roles?: Role | Role[], options?: RequireOptions): preHandlerAsyncHookHandler
  /** A guard (like `require`) that lets only API keys with this scope through (a signed-in user is refused, 403). */
  requireApiKey(scope: ApiKeyScope): preHandlerAsyncHookHandler
  /** The caller, or a 401. */
  principal(request: FastifyRequest): Principal
}

/** A user-only route called with an API key. */
export const ApiKeyNotAUser = createError('EDU_API_KEY_NOT_A_USER', '%s', 403)

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Marks the guards `require` makes, so the OpenAPI document can tell which routes need a credential. */
export const REQUIRES_AUTH = Symbol.for('eduplatform.requiresAuth')

/** Whether a route is open to anyone yet answers a credential with more (its OpenAPI `security` offers both). */
function showsCallerMore(request: FastifyRequest): boolean {
  const security = (request.routeOptions.schema as { security?: Array<Record<string, unknown>> } | undefined)?.security
  return Array.isArray(security) && security.some((s) => Object.keys(s).length === 0) && security.some((s) => 'bearer' in s)
}

const describeKey = (key: AuthenticatedKey) => `the API key "${key.name}" (${key.prefix}…, scopes: ${key.scopes.join(', ')})`

/** `Auth` with what the engine's shared cache asks of it. */
export interface Authentication extends Auth {
  /**
   * The signed-in user of an `Authorization` header, at once (no promise): when it is `Bearer <token>` (exactly so)
   * with an access token verified before and not expired, whose session the in-process cache holds open. Undefined
   * when it cannot tell (an unknown token, a cache miss, an ended session, an API key, Redis): then only the
   * request hook's full check may decide.
   */
  userAtOnce(header: string): Principal | undefined
}

/** Reads the bearer credential of every request: a JWT access token or an API key. */
export function registerAuthentication(app: FastifyInstance, identity: IdentityService, apiKeys: ApiKeyService): Authentication {
  const verified = new VerifiedTokens()
  // A request without a credential (most anonymous reads) passes without a promise or a microtask, and so does
  // one whose access token was verified before and whose session this process's cache holds (no Redis).
  app.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers.authorization
    if (!header) return done()
    const user = userAtOnce(header)
    if (user) {
      request.user = user
      return done()
    }
    // Cannot tell at once: `authenticate` decides, refusals included.
    authenticate(request).then(() => done(), done)
  })

  function userAtOnce(header: string): Principal | undefined {
    if (!header.startsWith('Bearer ')) return undefined
    const claims = verified.get(header.slice(7))
    if (claims === undefined) return undefined
    const session = identity.peekSession(claims.sub, claims.sid)
    if (session?.active !== true) return undefined
    return { kind: 'user', id: claims.sub, role: claims.role, sessionId: claims.sid, account: session.user }
  }

  async function authenticate(request: FastifyRequest) {
    const header = request.headers.authorization!
    const space = header.indexOf(' ')
    const scheme = header.slice(0, space)
    const token = header.slice(space + 1).trim()
    if (space < 0 || scheme.toLowerCase() !== 'bearer' || !token) throw new Unauthorized('Use "Authorization: Bearer <token>"')
    if (apiKeys.looksLikeKey(token)) {
      const key = await apiKeys.authenticate(token)
      if (!key) throw new Unauthorized('This API key is not valid')
      // Routes anyone may call that show a credential more (drafts, lessons, hidden reviews) have no guard
      // to check the key's scope: it is checked here, so a key never sees more than its scopes allow.
      const needed: ApiKeyScope = SAFE_METHODS.has(request.method) ? 'read' : 'write'
      if (!key.scopes.includes(needed) && showsCallerMore(request)) throw new Forbidden(`This API key lacks the "${needed}" scope`)
      request.user = { kind: 'apiKey', id: key.id, role: 'admin', scopes: key.scopes, apiKey: key }
      return
    }
    let claims = verified.get(token)
    if (claims === undefined) {
      let payload: unknown
      try {
        payload = app.jwt.verify(token)
      } catch (error) {
        const expired = (error as { code?: string }).code === 'FAST_JWT_EXPIRED'
        throw new Unauthorized(expired ? 'The access token has expired; refresh it' : 'The access token is not valid')
      }
      claims = readAccessClaims(payload)
      if (!claims) throw new Unauthorized('The access token is not valid')
      verified.set(token, claims)
    }
    const session = await identity.readSession(claims.sub, claims.sid)
    if (!session.active) throw new Unauthorized('This session has ended; sign in again')
    request.user = { kind: 'user', id: claims.sub, role: claims.role, sessionId: claims.sid, account: session.user }
  }

  // A key was used when the engine did what it asked: refused requests (4xx, 5xx) leave `lastUsedAt` alone.
  // Before the reply leaves, so the next request (and a test reading the row) sees it. Other replies pass at once.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.user?.kind !== 'apiKey' || reply.statusCode >= 400) return done(null, payload)
    apiKeys.noteUse(request.user.id).then(() => done(null, payload), done)
  })

  const principal = (request: FastifyRequest): Principal => {
    if (!request.user) throw new Unauthorized('Sign in first')
    return request.user
  }
  const marked = (guard: preHandlerAsyncHookHandler) => Object.assign(guard, { [REQUIRES_AUTH]: true })

  return {
    principal,
    userAtOnce,
    require(roles, options = {}) {
      const allowed = roles === undefined ? undefined : new Set(Array.isArray(roles) ? roles : [roles])
      const adminOnly = allowed?.size === 1 && allowed.has('admin')
      return marked(async function requireRole(request: FastifyRequest, _reply: FastifyReply) {
        const who = principal(request)
        if (who.kind === 'apiKey') {
          if (options.apiKeys === false) throw new ApiKeyNotAUser(`This request is signed with ${describeKey(who.apiKey!)}, not by a user; this route is for signed-in users`)
          const needed: ApiKeyScope = adminOnly ? 'admin' : SAFE_METHODS.has(request.method) ? 'read' : 'write'
          if (!who.scopes?.includes(needed)) throw new Forbidden(`This API key lacks the "${needed}" scope`)
        }
        if (allowed && !allowed.has(who.role)) throw new Forbidden(`Only ${[...allowed].join(' or ')} accounts may do this`)
        if (options.verified && who.role === 'teacher') {
          const user = who.account ?? (await identity.getUser(who.id))
          if (!user?.isVerified) throw new Forbidden('An admin has to verify your teacher account first')
        }
      })
    },
    requireApiKey(scope) {
      return marked(async function requireApiKey(request: FastifyRequest, _reply: FastifyReply) {
        const who = principal(request)
        if (who.kind !== 'apiKey') throw new Forbidden(`Only an API key with the "${scope}" scope may do this`)
        if (!who.scopes?.includes(scope)) throw new Forbidden(`This API key lacks the "${scope}" scope`)
      })
    },
  }
}
