import type { FastifyInstance, FastifySchema } from 'fastify'
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { unstorableText } from '../schemas/text.ts'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

function makeAjv(options: Options): Ajv {
  // verbose: a failed check carries the value, so messages can say what was wrong with it.
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, strict: false, verbose: true, ...options })
  addFormats(ajv)
  // A UUID in its RFC 9562 string form only: ajv-formats also takes a `urn:uuid:` prefix, which PostgreSQL's uuid
  // type refuses (a 500 where a 400 belongs).
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  return ajv
}

/**
 * Every string of a request part (values and object keys, at any depth) that PostgreSQL could not
 * store as text: NUL, or a lone UTF-16 surrogate. Reported as Ajv errors, so they leave as a 400
 * naming the field like any other validation failure, whatever schema the route declared.
 * Walks without recursion, so a body nested thousands of levels deep cannot overflow the stack.
 */
export function unstorableStrings(data: unknown): ErrorObject[] {
  const out: ErrorObject[] = []
  const report = (instancePath: string, message: string) =>
    out.push({ instancePath, schemaPath: '#/unstorable', keyword: 'unstorable', params: {}, message })
  const pending: Array<[unknown, string]> = [[data, '']]
  while (pending.length > 0) {
    const [value, path] = pending.pop()!
    if (typeof value === 'string') {
      const message = unstorableText(value)
      if (message) report(path, message)
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push([value[i], `${path}/${i}`])
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value).reverse()) {
        const keyProblem = unstorableText(key)
        const here = `${path}/${keyProblem ? encodeURIComponent(key.toWellFormed()) : key}`
        if (keyProblem) report(here, `has a name that ${keyProblem}`)
        pending.push([child, here])
      }
    }
  }
  return out
}

const storable = (text: string) => !text.includes('\u0000') && text.isWellFormed()

/**
 * Whether every string of a request part (values and keys, at any depth) can be stored: the check every
 * validated request pays, so it builds no paths and no errors (`unstorableStrings` does, when one cannot).
 * Without recursion, like `unstorableStrings`.
 */
export function allStorable(data: unknown): boolean {
  if (typeof data === 'string') return storable(data)
  if (data === null || typeof data !== 'object') return true
  const pending: unknown[] = [data]
  while (pending.length > 0) {
    const value = pending.pop()
    if (typeof value === 'string') {
      if (!storable(value)) return false
    } else if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item === 'string') {
          if (!storable(item)) return false
        } else if (item !== null && typeof item === 'object') pending.push(item)
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue
        if (!storable(key)) return false
        const child = (value as Record<string, unknown>)[key]
        if (typeof child === 'string') {
          if (!storable(child)) return false
        } else if (child !== null && typeof child === 'object') pending.push(child)
      }
    }
  }
  return true
}

/** Runs the schema's check, then refuses any string PostgreSQL cannot store. */
function withStorableStrings(validate: ValidateFunction): (data: unknown) => boolean {
  const check = (data: unknown): boolean => {
    const valid = validate(data)
    const unstorable = allStorable(data) ? [] : unstorableStrings(data)
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
