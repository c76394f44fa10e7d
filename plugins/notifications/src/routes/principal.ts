import type { FastifyRequest, preValidationAsyncHookHandler } from 'fastify'
import type { EduApp } from '@eduplatform/core'
import { NotAUser } from '../errors.ts'

/** The signed-in user's id: notifications belong to user accounts, so an API key is refused (403). */
export function userIdOf(app: EduApp, request: FastifyRequest): string {
  const who = app.auth.principal(request)
  if (who.kind !== 'user') throw new NotAUser()
  return who.id
}

/** Guards for `preValidation`: a signed-in user account, checked before the body and query are looked at. */
export function signedInUser(app: EduApp): preValidationAsyncHookHandler[] {
  const accountOnly: preValidationAsyncHookHandler = async (request) => {
    userIdOf(app, request)
  }
  return [app.auth.require() as unknown as preValidationAsyncHookHandler, accountOnly]
}
