import { randomUUID } from 'node:crypto'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@eduplatform/core/testing'
import { createWorld, tableChecksums, type World } from './world.ts'

/**
 * Fuzzing from the engine's own OpenAPI document: every operation of every enabled plugin gets
 * malformed input (wrong types, missing and extra fields, values past each boundary, NUL and lone
 * surrogates, malformed JSON, wrong content types, bad ids and query values). Each case is invalid by
 * construction, so none may change anything stored. Every answer must be a problem+json error below
 * 500, and every 400 must name its fields. New operations are picked up from the document itself.
 */

type Schema = {
  $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema
  anyOf?: Schema[]; oneOf?: Schema[]; enum?: unknown[]; const?: unknown; format?: string; pattern?: string
  minLength?: number; maxLength?: number; minimum?: number; maximum?: number; minItems?: number; maxItems?: number
  additionalProperties?: boolean | Schema; default?: unknown; examples?: unknown[]
}
interface Parameter { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema?: Schema }
interface Operation { operationId?: string; parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }
interface Spec { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } }

interface Case { name: string; request: InjectOptions }
interface Finding { operation: string; case: string; status: number; contentType: string; body: string }

let world: World
let spec: Spec
beforeAll(async () => {
  world = await createWorld()
  spec = (await world.t.inject({ method: 'GET', url: '/openapi.json' })).json()
}, 120_000)
afterAll(async () => world?.t.close())

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const
const NUL = 'a\u0000b'
const LONE_SURROGATE = 'a\ud800b'
const BAD_IDS = ['not-a-uuid', 'a'.repeat(101), '%00', '%E0%A4%A', '..%2F..%2Fetc%2Fpasswd', "1'%20OR%20'1'%3D'1", '-1', '%F0%9F%98%80', 'a'.repeat(600)]

function resolve(schema: Schema | undefined): Schema {
  let s = schema ?? {}
  for (let i = 0; i < 10 && s.$ref; i++) {
    const name = s.$ref.replace(/^#\/components\/schemas\//, '').replace(/#$/, '')
    s = spec.components?.schemas?.[name] ?? {}
  }
  return s
}

const typesOf = (schema: Schema): string[] => {
  const s = resolve(schema)
  if (s.anyOf || s.oneOf) return [...(s.anyOf ?? []), ...(s.oneOf ?? [])].flatMap(typesOf)
  if (s.enum) return [...new Set(s.enum.map((v) => (v === null ? 'null' : typeof v)))]
  if (s.const !== undefined) return [typeof s.const]
  return [s.type ?? []].flat()
}

/** A value the schema accepts, as far as can be told without solving patterns: the base every case changes one thing of. */
function sample(schema: Schema | undefined, name = ''): unknown {
  const s = resolve(schema)
  if (s.default !== undefined) return s.default
  if (s.examples?.[0] !== undefined) return s.examples[0]
  if (s.anyOf || s.oneOf) return sample([...(s.anyOf ?? []), ...(s.oneOf ?? [])].find((x) => resolve(x).type !== 'null'), name)
  if (s.enum) return s.enum[0]
  if (s.const !== undefined) return s.const
  const type = [s.type ?? 'string'].flat()[0]
  if (type === 'object') return Object.fromEntries((s.required ?? []).map((k) => [k, sample(s.properties?.[k], k)]))
  if (type === 'array') return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items))
  if (type === 'integer' || type === 'number') return s.minimum ?? 1
  if (type === 'boolean') return true
  if (type === 'null') return null
  if (s.format === 'uuid') return /course/i.test(name) ? world.ids.courseId : world.ids.lessonId
  if (s.format === 'email') return 'fuzz@example.com'
  if (s.format === 'uri' || /url/i.test(name)) return 'https://example.com/a.mp4'
  return 'x'.repeat(Math.max(s.minLength ?? 1, 8))
}

/** Values the schema refuses: a type it does not allow, one past each boundary, text PostgreSQL cannot store. */
function invalidValues(schema: Schema | undefined): Array<[string, unknown]> {
  const s = resolve(schema)
  const allowed = new Set(typesOf(s))
  const out: Array<[string, unknown]> = []
  const byType: Array<[string, unknown]> = [['number', 12345], ['string', 'wrong-type'], ['boolean', true], ['null', null], ['array', [1, 'two']], ['object', { nested: { deeper: [] } }]]
  for (const [type, value] of byType) {
    if (allowed.size === 0) break
    if (!allowed.has(type) && !(type === 'number' && allowed.has('integer'))) out.push([`type ${type}`, value])
  }
  if (allowed.has('string')) {
    out.push(['NUL', NUL], ['lone surrogate', LONE_SURROGATE], ['lone low surrogate', '\udc00'])
    if (s.maxLength !== undefined) out.push(['over maxLength', 'é'.repeat(s.maxLength + 1)])
    if (s.minLength !== undefined && s.minLength > 0) out.push(['under minLength', 'x'.repeat(s.minLength - 1)])
    if (s.enum) out.push(['not in enum', 'zzz-not-allowed'])
    if (s.format === 'uuid') out.push(['not a uuid', 'not-a-uuid'], ['huge', '0'.repeat(100_000)])
  }
  if (allowed.has('integer')) out.push(['fraction', 1.5])
  if (allowed.has('integer') || allowed.has('number')) {
    if (s.minimum !== undefined) out.push(['under minimum', s.minimum - 1])
    if (s.maximum !== undefined) out.push(['over maximum', s.maximum + 1])
    out.push(['huge number', 1e308 * 10 === Infinity ? '1e999' : 1e309])
  }
  if (allowed.has('array')) {
    if (s.maxItems !== undefined) out.push(['over maxItems', Array.from({ length: s.maxItems + 1 }, () => sample(s.items))])
    if (s.minItems !== undefined && s.minItems > 0) out.push(['under minItems', []])
    if (s.items) for (const [what, v] of invalidValues(s.items).slice(0, 3)) out.push([`item ${what}`, [v]])
  }
  return out
}

/** Query-string text the parameter's schema refuses. */
function invalidQueryValues(schema: Schema | undefined): Array<[string, string]> {
  const s = resolve(schema)
  const types = new Set(typesOf(s))
  // (An escape that does not decode is kept as literal text by the query parser: not invalid in itself.)
  const out: Array<[string, string]> = [['NUL', '%00'], ['NUL inside', 'a%00b']]
  if (types.has('integer') || types.has('number')) {
    out.push(['not a number', 'abc'], ['huge number', '1e999'])
    if (types.has('integer')) out.push(['fraction', '1.5'])
    if (s.minimum !== undefined) out.push(['under minimum', String(s.minimum - 1)])
    if (s.maximum !== undefined) out.push(['over maximum', String(s.maximum + 1)])
  }
  if (types.has('boolean')) out.push(['not a boolean', 'maybe'])
  if (s.enum) out.push(['not in enum', 'zzz-not-allowed'])
  if (s.maxLength !== undefined) out.push(['over maxLength', 'a'.repeat(s.maxLength + 1)])
  if (s.format === 'uuid') out.push(['not a uuid', 'not-a-uuid'])
  return out
}

function pathValue(path: string, name: string): string {
  const before = path.split('/').at(path.split('/').indexOf(`{${name}}`) - 1) ?? ''
  if (name === 'slug') return world.ids.categorySlug
  if (name === 'provider') return 'mock'
  if (before === 'courses') return world.ids.courseId
  if (before === 'modules') return world.ids.moduleId
  if (before === 'lessons') return world.ids.lessonId
  return randomUUID()
}

function casesFor(path: string, method: string, op: Operation): Case[] {
  const params = op.parameters ?? []
  const pathParams = params.filter((p) => p.in === 'path')
  const query = params.filter((p) => p.in === 'query')
  const headers = params.filter((p) => p.in === 'header')
  const urlWith = (overrides: Record<string, string> = {}) =>
    `/${path.replace(/\{(\w+)\}/g, (_, name: string) => overrides[name] ?? pathValue(path, name)).replace(/^\//, '')}`
  const baseQuery = Object.fromEntries(query.filter((p) => p.required).map((p) => [p.name, String(sample(p.schema, p.name))]))
  const qs = (q: Record<string, string>) => (Object.keys(q).length ? `?${Object.entries(q).map(([k, v]) => `${k}=${v}`).join('&')}` : '')
  const baseHeaders = Object.fromEntries(headers.filter((p) => p.required).map((p) => [p.name, randomUUID()]))
  const bodySchema = op.requestBody?.content?.['application/json']?.schema
  const body = bodySchema ? resolve(bodySchema) : undefined
  const baseBody = body ? sample(body) : undefined
  const M = method.toUpperCase() as InjectOptions['method']
  const base = (extra: Partial<InjectOptions> = {}): InjectOptions => ({
    method: M, url: `${urlWith()}${qs(baseQuery)}`, headers: { ...baseHeaders }, ...(baseBody !== undefined ? { payload: baseBody as object } : {}), ...extra,
  })
  const cases: Case[] = []

  for (const p of pathParams) {
    for (const bad of BAD_IDS) {
      // A value the parameter's schema accepts cannot be "bad": skip the cases that would be valid for it.
      if (resolve(p.schema).format !== 'uuid' && /^[a-z0-9-]+$/.test(bad)) continue
      cases.push({ name: `path ${p.name}=${bad.slice(0, 20)}`, request: base({ url: `${urlWith({ [p.name]: bad })}${qs(baseQuery)}` }) })
    }
  }
  for (const p of query) {
    for (const [what, value] of invalidQueryValues(p.schema)) {
      cases.push({ name: `query ${p.name} ${what}`, request: base({ url: `${urlWith()}${qs({ ...baseQuery, [p.name]: value })}` }) })
    }
  }
  for (const p of headers) {
    for (const [what, value] of [['too short', 'x'], ['too long', 'k'.repeat(300)], ['spaces', 'has spaces in it']] as const) {
      cases.push({ name: `header ${p.name} ${what}`, request: base({ headers: { ...baseHeaders, [p.name]: value } }) })
    }
  }
  if (body && baseBody && typeof baseBody === 'object' && !Array.isArray(baseBody)) {
    const props = body.properties ?? {}
    for (const [key, propSchema] of Object.entries(props)) {
      for (const [what, value] of invalidValues(propSchema)) {
        cases.push({ name: `body ${key} ${what}`, request: base({ payload: { ...(baseBody as object), [key]: value } as object }) })
      }
    }
    // A field with a default is filled in when missing: leaving it out is not an error.
    for (const key of (body.required ?? []).filter((k) => resolve(body.properties?.[k]).default === undefined)) {
      const { [key]: _dropped, ...rest } = baseBody as Record<string, unknown>
      cases.push({ name: `body without ${key}`, request: base({ payload: rest }) })
    }
    if (body.additionalProperties === false) {
      cases.push({ name: 'body with an unknown field', request: base({ payload: { ...(baseBody as object), isAdmin: true } as object }) })
      cases.push({ name: 'body with a NUL field name', request: base({ payload: { ...(baseBody as object), 'x\u0000': 1 } as object }) })
    }
  }
  if (body) {
    for (const [what, payload] of [['null', 'null'], ['an array', '[]'], ['a string', '"text"'], ['a number', '42']] as const) {
      cases.push({ name: `body is ${what}`, request: base({ payload, headers: { ...baseHeaders, 'content-type': 'application/json' } }) })
    }
  }
  if (['POST', 'PUT', 'PATCH'].includes(M as string)) {
    const raw = (name: string, payload: string, contentType: string) =>
      cases.push({ name, request: base({ payload, headers: { ...baseHeaders, 'content-type': contentType } }) })
    raw('malformed JSON', '{"title": "x",', 'application/json')
    raw('empty JSON body', '', 'application/json')
    raw('prototype pollution', '{"__proto__": {"isAdmin": true}}', 'application/json')
    // A route that reads no body ignores one it is sent, so only routes with a body schema get JSON that parses.
    if (body) raw('JSON in another charset', '{"a": 1}', 'application/json; charset=utf-16')
    raw('XML', '<title>x</title>', 'application/xml')
    raw('multipart', '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--b--', 'multipart/form-data; boundary=b')
    if (body) raw('deeply nested JSON', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'application/json')
  }
  return cases
}

/** The response, or undefined when none arrived within `seconds`. */
async function withinSeconds<T>(seconds: number, work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), seconds * 1000)
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}

function isProblem(res: LightMyRequestResponse) {
  return String(res.headers['content-type'] ?? '').startsWith('application/problem+json')
}

describe('fuzzing every operation of the OpenAPI document', () => {
  it('answers malformed input with problem+json 4xx, never a 5xx, naming the fields of each 400, and changes nothing', async () => {
    const { t, actors } = world
    const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m]! })))
    const before = await tableChecksums(t)
    const serverErrors: Finding[] = []
    const notProblems: Finding[] = []
    const unnamed400s: Finding[] = []
    const accepted: Finding[] = []
    const hangs: Finding[] = []
    let requests = 0
    const who: Array<[string, Actor | undefined]> = [['admin', actors.admin], ['anonymous', undefined], ['student', actors.student]]
    for (const { path, method, op } of operations) {
      const name = `${method.toUpperCase()} ${path}`
      const cs = casesFor(path, method, op)
        for (const c of cs) {
        // Every case as admin (who gets past every guard, so validation is reached); the body-level ones also as others.
        const callers = c.name.startsWith('body') || c.name.includes('JSON') ? who : who.slice(0, 1)
        for (const [, actor] of callers) {
          const res = await withinSeconds(5, actor ? actor.inject(c.request) : t.inject(c.request))
          requests += 1
          if (res === undefined) {
            // An answer that never comes: a stream opened for input that should have been refused.
            hangs.push({ operation: name, case: c.name, status: 0, contentType: '', body: '' })
            continue
          }
          const finding = { operation: name, case: c.name, status: res.statusCode, contentType: String(res.headers['content-type']), body: res.body.slice(0, 300) }
          if (res.statusCode >= 500) serverErrors.push(finding)
          else if (res.statusCode >= 400 && !isProblem(res)) notProblems.push(finding)
          else if (res.statusCode === 400 && !(Array.isArray(res.json().errors) && res.json().errors.length > 0)) unnamed400s.push(finding)
          else if (res.statusCode < 400) accepted.push(finding)
        }
      }
    }
    await t.drainEvents()
    const after = await tableChecksums(t)
    const changed = Object.keys(after).filter((table) => after[table] !== before[table])
    console.log(
      `fuzz: ${operations.length} operations, ${requests} requests; 5xx ${serverErrors.length}, not problem+json ${notProblems.length}, ` +
        `400 without errors ${unnamed400s.length}, accepted ${accepted.length}, unanswered ${hangs.length}, tables changed ${changed.length}`,
    )
    if (process.env.FUZZ_REPORT) {
      for (const [kind, list] of Object.entries({ serverErrors, notProblems, unnamed400s, accepted, hangs })) {
        for (const f of list) console.log(`FINDING ${kind} ${f.operation} | ${f.case} | ${f.status} ${f.body.slice(0, 160)}`)
      }
      console.log('CHANGED', changed.join(', '))
    }
    expect(operations.length).toBeGreaterThanOrEqual(60)
    expect(serverErrors).toEqual([])
    expect(notProblems).toEqual([])
    expect(unnamed400s).toEqual([])
    expect(accepted).toEqual([])
    expect(hangs).toEqual([])
    expect(changed).toEqual([])
  }, 120_000)
})
