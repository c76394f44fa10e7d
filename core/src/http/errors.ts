import createError from '@fastify/error'

/** Errors core raises. Plugins make their own with `createError` from `@fastify/error`. */
export const Unauthorized = createError('EDU_UNAUTHORIZED', '%s', 401)
export const Forbidden = createError('EDU_FORBIDDEN', '%s', 403)
export const NotFound = createError('EDU_NOT_FOUND', '%s', 404)
export const Conflict = createError('EDU_CONFLICT', '%s', 409)
export const BadRequest = createError('EDU_BAD_REQUEST', '%s', 400)
export const InvalidCursor = createError('EDU_INVALID_CURSOR', 'The cursor is not one this API issued', 400)

export { createError }
