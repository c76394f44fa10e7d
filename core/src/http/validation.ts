import type { FastifyInstance, FastifySchema } from 'fastify'
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { unstorableText } from '../schemas/text.ts'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

function makeAjv(options: Options): Ajv {
  // verbose: a failed check carries the value, so messages can say what was wrong with it.
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, strict: false, verbose: true, ...options })
  addFormats(ajv)
  return ajv
}

/**
 * Every string of a request part (values and object keys, at any depth) that PostgreSQL could not
 * store as text: NUL, or a lone UTF-16 surrogate. Reported as Ajv errors, so they leave as a 400
 * naming the field like any other validation failure, whatever schema the route declared.
 */
export function unstorableStrings(data: unknown, path = '', out: ErrorObject[] = []): ErrorObject[] {
  if (typeof data === 'string') {
    const message = unstorableText(data)
    if (message) out.push({ instancePath: path, schemaPath: '#/unstorable', keyword: 'unstorable', params: {}, message })
  } else if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) unstorableStrings(data[i], `${path}/${i}`, out)
  } else if (data !== null && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) {
      const keyProblem = unstorableText(key)
      const here = `${path}/${keyProblem ? encodeURIComponent(key) : key}`
      if (keyProblem) out.push({ instancePath: here, schemaPath: '#/unstorable', keyword: 'unstorable', params: {}, message: `has a name that ${keyProblem}` })
      unstorableStrings(value, here, out)
    }
  }
  return out
}

/** Runs the schema's check, then refuses any string PostgreSQL cannot store. */
function withStorableStrings(validate: ValidateFunction): (data: unknown) => boolean {
  const check = (data: unknown): boolean => {
    const valid = validate(data)
    const unstorable = unstorableStrings(data)
    if (unstorable.length === 0) {
      check.errors = validate.errors
      return valid
    }
    check.errors = [...unstorable, ...(validate.errors ?? [])]
    return false
  }
  check.errors = null as ErrorObject[] | null | undefined
  return check
}

/**
 * Bodies are checked as sent: a number is not a string, an array is not a scalar. Params, query and
 * headers arrive as text and are coerced to the types their schema names. No part may carry a
 * string PostgreSQL cannot store (see `schemas/text.ts`).
 */
export function registerValidation(app: FastifyInstance) {
  const strict = makeAjv({ coerceTypes: false })
  const coercing = makeAjv({ coerceTypes: 'array' })
  app.setValidatorCompiler(({ schema, httpPart }) =>
    withStorableStrings((httpPart === 'body' ? strict : coercing).compile(schema as FastifySchema & object)))
}
