import type { Static, TObject } from 'typebox'
import { Value } from 'typebox/value'

/**
 * Checks one object option of edu.config.ts (`where`, e.g. `auth.accountCeiling`) against its TypeBox schema, so
 * that a mistyped option stops the engine before it starts with one line naming the field at fault:
 * `<where>.<field> in edu.config.ts <the schema's message>; got <the value>`, or, for an option that is not an
 * object at all, `<where> in edu.config.ts must be <shape>; got <the value>`, and for a field the schema does not
 * have, `<where> in edu.config.ts has no option "<field>"; its options are <its fields>`. Throws what `fail`
 * makes of that line; returns the value, typed by the schema.
 */
export function checkConfigOption<T extends TObject>(where: string, schema: T, value: unknown, shape: string, fail: (line: string) => Error): Static<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail(`${where} in edu.config.ts must be ${shape}; got ${JSON.stringify(value)}`)
  const options = Object.keys(schema.properties)
  const unknown = Object.keys(value).find((key) => !options.includes(key))
  if (unknown !== undefined) throw fail(`${where} in edu.config.ts has no option "${unknown}"; its options are ${options.join(', ')}`)
  const [first] = Value.Errors(schema, value) as Array<{ instancePath?: string; message?: string; params?: { requiredProperties?: string[] } }>
  if (!first) return value as Static<T>
  // A missing field is told at the field, as a field of the wrong type is.
  const path = [...(first.instancePath ?? '').split('/').filter(Boolean), ...(first.params?.requiredProperties?.slice(0, 1) ?? [])]
  const got = path.reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value)
  const message = first.params?.requiredProperties ? 'is required' : (first.message ?? 'is invalid')
  throw fail(`${[where, ...path].join('.')} in edu.config.ts ${message}; got ${JSON.stringify(got)}`)
}
