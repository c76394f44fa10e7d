import { Ajv } from 'ajv'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isBlankText, PlainText, PlainTextLine, unstorableText } from '../src/index.ts'
import { encodeCursor } from '../src/db/pagination.ts'
import { allStorable, unstorableStrings } from '../src/http/validation.ts'
import { createTestEngine, type TestEngine } from '../src/testing/index.ts'

let t: TestEngine
beforeAll(async () => {
  t = await createTestEngine()
})
afterAll(async () => t?.close())

const userCount = async () => (await t.app.orm.em.fork().execute<Array<{ n: number }>>('SELECT count(*)::int AS n FROM edu_users'))[0]!.n
const register = (body: Record<string, unknown>) =>
  t.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email: 'text@example.com', password: 'password-123', name: 'Ann', ...body } })

describe('the plain-text types', () => {
  const ajv = new Ajv({ strict: false })
  const line = ajv.compile(PlainTextLine({ maxLength: 50 }))
  const multi = ajv.compile(PlainText({ maxLength: 50 }))

  it.each([
    ['Java: List<String> basics', true, true],
    ['Uses Map<K, V> & <b>tags</b>', true, true],
    ['  spaces kept  ', true, true],
    ['emoji 😀 and 漢字', true, true],
    ['two\nlines', false, true],
    ['tab\there', false, true],
    ['crlf\r\n', false, true],
    ['   ', false, true],
    ['\u00a0\u3000', false, true],
    ['', false, true],
    ['\u200b\u202e', false, true],
    ['\u00ad\u2060\ufeff\u200d \u3164', false, true],
    ['\ufe0f\u034f\u180e', false, true],
    ['\u202eevil', false, true],
    ['a\u2067b\u2069', false, true],
    ['\u05d3\u05e0\u05d4\u200f', true, true],
    ['a\u200bb', true, true],
    ['nul\u0000', false, false],
    ['lone \ud800 high', false, false],
    ['lone \udc00 low', false, false],
    ['bell\u0007', false, false],
    ['del\u007f', false, false],
    ['c1\u0085', false, false],
    // Line and paragraph separators break a line as LF does.
    ['a\u2028b', false, true],
    ['a\u2029b', false, true],
    // Characters that show nothing on their own: blank.
    ['\u2800', false, true],
    ['\u2800\u2800 \u2800', false, true],
    ['\u3164', false, true],
    ['\u115f\u1160', false, true],
    ['\uffa0', false, true],
    ['\u0301', false, true],
    ['\u0301\u0308\u20dd', false, true],
    // A letter with its combining marks, or beside a blank, shows.
    ['e\u0301', true, true],
    ['\u2800a', true, true],
  ])('%j: one line %s, multi-line %s', (value, okLine, okMulti) => {
    expect(line(value)).toBe(okLine)
    expect(multi(value)).toBe(okMulti)
  })

  it('multi-line text that must not be blank refuses invisible-only text too', () => {
    const question = ajv.compile(PlainText({ notBlank: true }))
    expect(question('why?\n')).toBe(true)
    expect(question(' \n\t')).toBe(false)
    expect(question('\u200b\n\u202e')).toBe(false)
    expect(multi('\u200b\n\u202e')).toBe(true)
    expect(question('\u2800\n\u0301')).toBe(false)
    expect(question('a\u2028b')).toBe(true)
  })

  it('counts text of only invisible characters as blank', () => {
    expect(isBlankText('\u200b\u202e')).toBe(true)
    expect(isBlankText(' \u2060\t')).toBe(true)
    expect(isBlankText('\u200bA')).toBe(false)
    expect(isBlankText('\u2800\u3164\u115f\u1160\uffa0\u0301')).toBe(true)
    expect(isBlankText('\u0435\u0308')).toBe(false)
  })

  it('says why a string cannot be stored', () => {
    expect(unstorableText('a\u0000b')).toBe('must not contain U+0000 (NUL)')
    expect(unstorableText('a\ud83db')).toBe('must not contain a lone UTF-16 surrogate (U+D800–U+DFFF)')
    expect(unstorableText('a\ud83d\ude00b')).toBeUndefined()
  })
})

describe('every string of every request refuses what PostgreSQL cannot store', () => {
  it('the quick scan every request pays finds exactly what the detailed report finds, at any depth and in keys', () => {
    const lone = 'x\uD800y'
    const cases: unknown[] = [
      'plain', 'nul\u0000', lone, '😀 paired', 42, null, true, [], {},
      { id: '5f1c' }, { a: { b: [1, 'ok', { c: 'fine' }] } }, { a: { b: [1, 'ok', { c: 'bad\u0000' }] } },
      [['deep', ['deeper', [lone]]]], { [`key${lone}`]: 'value' }, { 'key\u0000': 1 }, { list: [null, 'a', { 'ok': ['b'] }] },
    ]
    for (const value of cases) expect([value, allStorable(value)]).toEqual([value, unstorableStrings(value).length === 0])
  })

  it('a NUL in a name is a 400 naming the field, and nothing is stored', async () => {
    const before = await userCount()
    const res = await register({ name: 'a\u0000b' })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(res.json().errors).toEqual([{ field: 'body.name', message: 'must not contain U+0000 (NUL)' }])
    expect(await userCount()).toBe(before)
  })

  it('passwords, emails and unknown fields alike', async () => {
    const res = await register({ email: 'a\u0000@example.com', password: 'password-\ud800', extra: 'x\u0000' })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual(expect.arrayContaining([
      { field: 'body.email', message: 'must not contain U+0000 (NUL)' },
      { field: 'body.password', message: 'must not contain a lone UTF-16 surrogate (U+D800–U+DFFF)' },
      { field: 'body.extra', message: 'must not contain U+0000 (NUL)' },
    ]))
    const login = await t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'x@example.com', password: '\udfff' } })
    expect(login.statusCode).toBe(400)
    expect(login.json().errors).toEqual([{ field: 'body.password', message: 'must not contain a lone UTF-16 surrogate (U+D800–U+DFFF)' }])
  })

  it('object keys are checked as well as values', async () => {
    const res = await register({ 'bad\u0000key': 1 })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual(expect.arrayContaining([{ field: 'body.bad%00key', message: 'has a name that must not contain U+0000 (NUL)' }]))
    // A lone surrogate in a key is named with U+FFFD in its place (percent-encoding cannot encode it).
    const lone = await t.inject({ method: 'POST', url: '/api/v1/auth/register', headers: { 'content-type': 'application/json' },
      payload: '{"email":"text@example.com","password":"password-123","name":"Ann","bad\\ud800key":1}' })
    expect(lone.statusCode).toBe(400)
    expect(lone.json().errors).toEqual(expect.arrayContaining([{ field: 'body.bad%EF%BF%BDkey', message: 'has a name that must not contain a lone UTF-16 surrogate (U+D800–U+DFFF)' }]))
  })

  it('names are stored exactly as written, markup included', async () => {
    const res = await register({ email: 'markup@example.com', name: ' <b>Ann</b> & Bob<script> ' })
    expect(res.statusCode).toBe(201)
    expect(res.json().user.name).toBe(' <b>Ann</b> & Bob<script> ')
    const me = await t.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${res.json().accessToken}` } })
    expect(me.json().name).toBe(' <b>Ann</b> & Bob<script> ')
    const blank = await t.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${res.json().accessToken}` }, payload: { name: '  ' } })
    expect(blank.statusCode).toBe(400)
    expect(blank.json().errors).toEqual([{ field: 'body.name', message: 'must not be blank' }])
    const invisible = await t.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${res.json().accessToken}` }, payload: { name: '\u200b\u2060' } })
    expect(invisible.statusCode).toBe(400)
    expect(invisible.json().errors).toEqual([{ field: 'body.name', message: 'must not be blank' }])
    const before = await userCount()
    const registered = await register({ email: 'invisible@example.com', name: '\u200b\u200b' })
    expect(registered.statusCode).toBe(400)
    expect(registered.json().errors).toEqual([{ field: 'body.name', message: 'must not be blank' }])
    const braille = await register({ email: 'braille@example.com', name: '\u2800\u0301' })
    expect(braille.json().errors).toEqual([{ field: 'body.name', message: 'must not be blank' }])
    const separator = await register({ email: 'separator@example.com', name: 'Ann\u2028Bob' })
    expect(separator.json().errors).toEqual([{ field: 'body.name', message: 'must be one line without control characters (found U+2028)' }])
    // Bidirectional controls reorder what is shown (Trojan Source, CVE-2021-42574): refused in one line.
    for (const [name, code] of [['a\u202eb', 'U+202E'], ['a\u202ab', 'U+202A'], ['a\u2066b\u2069', 'U+2066'], ['b\u2069', 'U+2069']] as const) {
      const bidi = await register({ email: `bidi-${code}@example.com`, name })
      expect(bidi.statusCode).toBe(400)
      expect(bidi.json().errors).toEqual([{ field: 'body.name', message: `must not contain bidirectional control characters (found ${code})` }])
    }
    // Marks reorder nothing past themselves: kept, as Hebrew and Arabic names need them.
    const marked = await register({ email: 'marked@example.com', name: '\u05d3\u05e0\u05d4\u200f' })
    expect(marked.statusCode).toBe(201)
    expect(await userCount()).toBe(before + 1)
  })

  it('a cursor that decodes to text PostgreSQL cannot store is refused like any forged cursor', async () => {
    const admin = await t.asAdmin()
    const forged = encodeCursor(['a\u0000b', '01900000-0000-7000-8000-000000000000'])
    const res = await admin.inject({ method: 'GET', url: `/api/v1/admin/teachers/pending?cursor=${forged}` })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('EDU_INVALID_CURSOR')
    const notBase64 = await admin.inject({ method: 'GET', url: '/api/v1/admin/teachers/pending?cursor=%00' })
    expect(notBase64.statusCode).toBe(400)
    expect(notBase64.json().errors).toEqual([{ field: 'querystring.cursor', message: 'must not contain U+0000 (NUL)' }])
  })
})
