import type { EduApp } from '../../plugin/types.ts'
import type { Auth } from '../auth.ts'
import type { AccountLimiter, SignInLimiter } from '../limits.ts'
import { Accepted, ForgotBody, LoginBody, Ok, ProfileBody, RefreshBody, RegisterBody, ResetBody, Session, TokenBody, UserView } from '../schemas.ts'
import type { IdentityService } from '../service.ts'
import { NotFound } from '../../http/errors.ts'
import { Type } from 'typebox'

export interface AuthRouteDeps {
  identity: IdentityService
  auth: Auth
  /** Route config of credential routes: the limit per client address. */
  strictLimit: { rateLimit: { max: number; timeWindow: number } }
  /** Limits per account: sign-in attempts (per address, and from all addresses), reset mails. */
  accountLimits: { login: SignInLimiter; passwordReset: AccountLimiter }
}

export async function authRoutes(app: EduApp, { identity, auth, strictLimit, accountLimits }: AuthRouteDeps) {
  const tags = ['identity']
  const usersOnly = auth.require(undefined, { apiKeys: false })

  app.post('/auth/register', {
    config: strictLimit,
    schema: { operationId: 'registerUser', tags, summary: 'Create a student or teacher account', body: RegisterBody, response: { 201: Session } },
  }, async (request, reply) => reply.code(201).send(await identity.register(request.body)))

  app.post('/auth/login', {
    config: strictLimit,
    schema: {
      operationId: 'signIn',
      tags,
      summary: 'Sign in with email and password',
      description: 'Attempts are limited per account and client address (`auth.accountRateLimit`, default 10 per 15 minutes) and per account from all addresses (`auth.accountCeiling`, default 100 per 15 minutes), counted before the password is checked: one over gets 429 with `Retry-After`, right password or not.',
      body: LoginBody,
      response: { 200: Session },
    },
  }, async (request) => {
    await accountLimits.login.count(request)
    return identity.login(request.body.email, request.body.password)
  })

  app.post('/auth/refresh', {
    config: strictLimit,
    schema: { operationId: 'refreshSession', tags, summary: 'Trade a refresh token for a new pair; the old one is spent', body: RefreshBody, response: { 200: Session } },
  }, async (request) => identity.refresh(request.body.refreshToken))

  app.post('/auth/logout', {
    preHandler: usersOnly,
    schema: { operationId: 'signOut', tags, summary: 'Sign out the session of this refresh token', body: RefreshBody, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await identity.logout(auth.principal(request).id, request.body.refreshToken)
    return reply.code(204).send(null)
  })

  app.get('/auth/me', {
    preHandler: usersOnly,
    schema: { operationId: 'getCurrentUser', tags, summary: 'The signed-in user', response: { 200: UserView } },
  }, async (request) => {
    const who = auth.principal(request)
    const user = who.account ?? (await identity.getUser(who.id))
    if (!user) throw new NotFound('This account no longer exists')
    return user
  })

  app.patch('/auth/me', {
    preHandler: usersOnly,
    schema: { operationId: 'updateCurrentUser', tags, summary: 'Change your own profile (name)', body: ProfileBody, response: { 200: UserView } },
  }, async (request) => identity.updateProfile(auth.principal(request).id, request.body))

  app.post('/auth/email/verify-request', {
    preHandler: usersOnly,
    config: strictLimit,
    schema: { operationId: 'requestEmailVerification', tags, summary: 'Send a link that confirms the email address', response: { 202: Accepted } },
  }, async (request, reply) => {
    await identity.requestEmailVerification(auth.principal(request).id)
    return reply.code(202).send({ accepted: true })
  })

  app.post('/auth/email/verify', {
    config: strictLimit,
    schema: { operationId: 'verifyEmail', tags, summary: 'Confirm an email address with the emailed token', body: TokenBody, response: { 200: Ok } },
  }, async (request) => {
    await identity.verifyEmail(request.body.token)
    return { ok: true }
  })

  app.post('/auth/password/forgot', {
    config: strictLimit,
    schema: {
      operationId: 'requestPasswordReset',
      tags,
      summary: 'Email a reset link (202 whether or not the account exists)',
      description: 'Reset mails are limited per account from any address (`auth.accountRateLimit`, default 10 per 15 minutes): one over gets 429 with `Retry-After`. Each mail voids the links sent before it.',
      body: ForgotBody,
      response: { 202: Accepted },
    },
  }, async (request, reply) => {
    await accountLimits.passwordReset.count(request)
    await identity.forgotPassword(request.body.email)
    return reply.code(202).send({ accepted: true })
  })

  app.post('/auth/password/reset', {
    config: strictLimit,
    schema: { operationId: 'resetPassword', tags, summary: 'Set a new password with the emailed token; signs out every session', body: ResetBody, response: { 200: Ok } },
  }, async (request) => {
    await identity.resetPassword(request.body.token, request.body.password)
    return { ok: true }
  })
}
