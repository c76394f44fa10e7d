import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { Forbidden, Unauthorized } from '../http/errors.ts'
import type { ApiKeyService } from './api-keys.ts'
import type { Role } from './entities.ts'
import type { IdentityService } from './service.ts'

/** Who is calling: a signed-in user, or an integrator's API key (which acts with admin rights within its scopes). */
export interface Principal {
  kind: 'user' | 'apiKey'
  id: string
  role: Role
  scopes?: string[]
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string; role: Role }
    user: Principal | null
  }
}

export interface RequireOptions {
  /** Teachers must also be verified by an admin (admins pass). */
  verified?: boolean
}

export interface Auth {
  /**
   * A guard that lets only signed-in callers of these roles through (any role when none is named): 401
   * anonymous, 403 wrong role or unverified teacher. Declare it as `preHandler`, `preValidation` or
   * `onRequest`: the engine runs it first, at `onRequest`, before the body is read or validated.
   */
  require(roles?: Role | Role[], options?: RequireOptions): preHandlerAsyncHookHandler
  /** The caller, or a 401. */
  principal(request: FastifyRequest): Principal
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Marks the guards `require` makes, so the OpenAPI document can tell which routes need a credential. */
export const REQUIRES_AUTH = Symbol.for('eduplatform.requiresAuth')

/** Reads the bearer credential of every request: a JWT access token or an API key. */
export function registerAuthentication(app: FastifyInstance, identity: IdentityService, apiKeys: ApiKeyService): Auth {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization
    if (!header) return
    const space = header.indexOf(' ')
    const scheme = header.slice(0, space)
    const token = header.slice(space + 1).trim()
    if (space < 0 || scheme.toLowerCase() !== 'bearer' || !token) throw new Unauthorized('Use "Authorization: Bearer <token>"')
    if (apiKeys.looksLikeKey(token)) {
      const key = await apiKeys.authenticate(token)
      if (!key) throw new Unauthorized('This API key is not valid')
      request.user = { kind: 'apiKey', id: key.id, role: 'admin', scopes: key.scopes }
      return
    }
    let payload: { sub: string; role: Role }
    try {
      payload = app.jwt.verify(token)
    } catch (error) {
      const expired = (error as { code?: string }).code === 'FAST_JWT_EXPIRED'
      throw new Unauthorized(expired ? 'The access token has expired; refresh it' : 'The access token is not valid')
    }
    request.user = { kind: 'user', id: payload.sub, role: payload.role }
  })

  const principal = (request: FastifyRequest): Principal => {
    if (!request.user) throw new Unauthorized('Sign in first')
    return request.user
  }

  return {
    principal,
    require(roles, options = {}) {
      const allowed = roles === undefined ? undefined : new Set(Array.isArray(roles) ? roles : [roles])
      const guard = async function requireRole(request: FastifyRequest, _reply: FastifyReply) {
        const who = principal(request)
        if (who.kind === 'apiKey') {
          const needed = SAFE_METHODS.has(request.method) ? 'read' : 'write'
          if (!who.scopes?.includes(needed)) throw new Forbidden(`This API key lacks the "${needed}" scope`)
        }
        if (allowed && !allowed.has(who.role)) throw new Forbidden(`Only ${[...allowed].join(' or ')} accounts may do this`)
        if (options.verified && who.role === 'teacher') {
          const user = await identity.getUser(who.id)
          if (!user?.isVerified) throw new Forbidden('An admin has to verify your teacher account first')
        }
      }
      return Object.assign(guard, { [REQUIRES_AUTH]: true })
    },
  }
}
