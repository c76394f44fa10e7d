import createError, { type FastifyError } from '@fastify/error'

/** One bad field of a request, as the problem's `errors` lists it: `body.title`, `querystring.cursor`, `params.id`. */
export interface FieldError {
  field: string
  message: string
}

/** A 400 that names the fields it is about (`error.errors`), as validation failures do. */
export interface InputError extends FastifyError {
  errors: FieldError[]
}

export interface InputErrorConstructor {
  /** `fields`: where the bad input is (`body.videoUrl`, or several); `args` fill the message's `%s`. */
  new (fields: string | string[], ...args: unknown[]): InputError
}

/**
 * Makes a 400 error about input that the schema cannot check (an unknown category, a bad order,
 * minPrice above maxPrice): the problem's `errors` names each field with the error's message.
 */
export function createInputError(code: string, message: string): InputErrorConstructor {
  const Base = createError(code, message, 400)
  return class extends Base {
    errors: FieldError[]
    constructor(fields: string | string[], ...args: unknown[]) {
      super(...args)
      this.errors = [fields].flat().map((field) => ({ field, message: this.message }))
    }
  } as unknown as InputErrorConstructor
}

/** The field errors an error carries, if it carries well-formed ones. */
export function fieldErrorsOf(error: unknown): FieldError[] | undefined {
  const errors = (error as { errors?: unknown }).errors
  if (!Array.isArray(errors) || errors.length === 0) return undefined
  const ok = errors.every((e) => typeof e?.field === 'string' && typeof e?.message === 'string')
  return ok ? (errors as FieldError[]).map(({ field, message }) => ({ field, message })) : undefined
}

/** Errors core raises. Plugins make their own with `createError` (or `createInputError`) from `@eduplatform/core`. */
export const Unauthorized = createError('EDU_UNAUTHORIZED', '%s', 401)
export const Forbidden = createError('EDU_FORBIDDEN', '%s', 403)
export const NotFound = createError('EDU_NOT_FOUND', '%s', 404)
export const Conflict = createError('EDU_CONFLICT', '%s', 409)
/** A request body of a type, coding or charset the engine does not read (RFC 9110 §15.5.16). */
export const UnsupportedMediaType = createError('EDU_UNSUPPORTED_MEDIA_TYPE', '%s', 415)
/** A 400 about input: name the fields (`new BadRequest(['body.token'], 'This link has expired')`). */
export const BadRequest = createInputError('EDU_BAD_REQUEST', '%s')
const InvalidCursorError = createInputError('EDU_INVALID_CURSOR', 'The cursor is not one this API issued')
/** A 400 naming `querystring.cursor`. */
export class InvalidCursor extends InvalidCursorError {
  constructor() {
    super('querystring.cursor')
  }
}

export { createError }
