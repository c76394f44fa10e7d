import { decodeCursor, encodeCursor, InvalidCursor } from '@eduplatform/core'
import { Type, type TSchema } from 'typebox'
import { CATALOG_TAG, hashQuery, keys, makeBody, TTL_SECONDS, type CachedBody } from './cache.ts'
import { BadPriceRange } from './errors.ts'
import type { CatalogQuery, CourseView, MineQuery, Sort } from './schemas.ts'
import type { CoursesCore } from './service.ts'
import { COURSE_COLUMNS, COURSE_FROM, courseView, type CourseRow } from './views.ts'

/**
 * Minimum word similarity for `q <% search_text`. pg_trgm's default (0.6) misses two typos in two
 * words ("kubernetis netwrking" scores 0.58 against "Kubernetes Networking"); 0.45 finds the same
 * courses but lets up to six times more candidates out of the index, each rechecked at ~70 µs on
 * a title + description (measured on the 100,000-course seed).
 */
export const WORD_SIMILARITY_THRESHOLD = 0.5

interface SortSpec {
  /** Key expressions before the id, in order; `?` stands for the search text. */
  keys: string[]
  /** SQL casts for the cursor values of `keys`. */
  casts: string[]
  /** Cursor value schemas of `keys`. */
  shapes: TSchema[]
  dir: 'ASC' | 'DESC'
}

// Bounded, so a forged cursor can never make PostgreSQL fail a cast.
const Timestamp = Type.String({ pattern: '^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?[+-]\\d\\d(:\\d\\d)?$' })
const Rating = Type.Number({ minimum: 0, maximum: 5 })
const Similarity = Type.Number({ minimum: 0, maximum: 1 })
const Int = Type.Integer({ minimum: 0, maximum: 2_147_483_647 })
const CursorId = Type.String({ format: 'uuid' })

// Every sort ends in the id, so the order is total and a cursor (sort key + id) resumes exactly.
const SORTS: Record<Sort, SortSpec> = {
  relevance: { keys: ['word_similarity(?, c.search_text)'], casts: ['real'], shapes: [Similarity], dir: 'DESC' },
  newest: { keys: ['c.published_at'], casts: ['timestamptz'], shapes: [Timestamp], dir: 'DESC' },
  rating: { keys: ['c.avg_rating', 'c.review_count'], casts: ['numeric', 'integer'], shapes: [Rating, Int], dir: 'DESC' },
  price_asc: { keys: ['c.price_cents'], casts: ['integer'], shapes: [Int], dir: 'ASC' },
  price_desc: { keys: ['c.price_cents'], casts: ['integer'], shapes: [Int], dir: 'DESC' },
  popular: { keys: ['c.enrollment_count'], casts: ['integer'], shapes: [Int], dir: 'DESC' },
}
const CURSOR_SHAPES = Object.fromEntries(
  Object.entries(SORTS).map(([name, spec]) => [name, Type.Tuple([Type.Literal(name), ...spec.shapes, CursorId])]),
) as unknown as Record<Sort, TSchema>
const MINE_CURSOR = Type.Tuple([Type.Literal('mine'), Timestamp, CursorId])
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Search text as searched: control characters dropped, whitespace collapsed. */
export function normalizeQ(q: string | undefined): string | undefined {
  if (q === undefined) return undefined
  const clean = q.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim()
  return clean === '' ? undefined : clean
}

/** Reads the cursor of a sort (a cursor of another sort or query shape is a 400 too). */
function readCursor(cursor: string, sort: Sort): unknown[] {
  const values = decodeCursor(cursor, CURSOR_SHAPES[sort]) as unknown[]
  const id = values[values.length - 1]
  if (typeof id !== 'string' || !UUID.test(id)) throw new InvalidCursor()
  return values.slice(1)
}

export class Catalog {
  readonly core: CoursesCore

  constructor(core: CoursesCore) {
    this.core = core
  }

  /** A catalogue page, served from the cache; the key holds the catalogue version. */
  async page(query: CatalogQuery): Promise<CachedBody> {
    const q = normalizeQ(query.q)
    const sort: Sort = query.sort ?? (q ? 'relevance' : 'newest')
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) throw new BadPriceRange()
    // Validate the cursor before the cache lookup so garbage never reaches a key.
    const after = query.cursor === undefined ? undefined : readCursor(query.cursor, sort)
    const { cache } = this.core.app
    const version = await cache.version(CATALOG_TAG)
    const key = keys.list(version, hashQuery({ ...query, q: q?.toLowerCase(), sort }))
    const raw = await cache.getRaw(key)
    if (raw !== undefined) {
      const i = raw.indexOf('\n')
      return makeBodyFrom(raw.slice(0, i), raw.slice(i + 1))
    }
    const page = await this.#load({ ...query, q }, sort, after)
    const body = makeBody(JSON.stringify(page))
    await cache.setRaw(key, `${body.etag}\n${body.json}`, TTL_SECONDS)
    return body
  }

  async #load(query: CatalogQuery, sort: Sort, after: unknown[] | undefined) {
    const spec = SORTS[sort === 'relevance' && !query.q ? 'newest' : sort]
    const effective: Sort = sort === 'relevance' && !query.q ? 'newest' : sort
    const params: unknown[] = []
    const keyExprs = spec.keys.map((k) => {
      if (k.includes('?')) params.push(query.q)
      return k
    })
    // Cursor values as JSON can carry them: timestamps as text (microseconds kept), numerics as numbers.
    const asJson: Record<string, string> = { timestamptz: '::text', numeric: '::float8' }
    const select = keyExprs.map((k, i) => `${k}${asJson[spec.casts[i]!] ?? ''} AS k${i}`).join(', ')

    const where = [`c.status = 'published'`]
    if (query.q) {
      where.push('? <% c.search_text')
      params.push(query.q)
    }
    if (query.category) {
      where.push('c.category_id = (SELECT id FROM course_categories WHERE slug = ?)')
      params.push(query.category)
    }
    if (query.level) {
      where.push('c.level = ?')
      params.push(query.level)
    }
    if (query.free === true) where.push('c.price_cents = 0')
    if (query.free === false) where.push('c.price_cents > 0')
    if (query.minPrice !== undefined) {
      where.push('c.price_cents >= ?')
      params.push(query.minPrice)
    }
    if (query.maxPrice !== undefined) {
      where.push('c.price_cents <= ?')
      params.push(query.maxPrice)
    }
    if (query.minRating !== undefined) {
      where.push('c.avg_rating >= ?')
      params.push(query.minRating)
    }
    if (after) {
      const left = [...spec.keys, 'c.id']
      const right = [...spec.casts, 'uuid'].map((cast) => `?::${cast}`)
      where.push(`(${left.join(', ')}) ${spec.dir === 'DESC' ? '<' : '>'} (${right.join(', ')})`)
      for (const k of spec.keys) if (k.includes('?')) params.push(query.q)
      params.push(...after)
    }
    const order = [...spec.keys, 'c.id'].map((k) => `${k} ${spec.dir}`).join(', ')
    for (const k of spec.keys) if (k.includes('?')) params.push(query.q)
    const limit = query.limit
    const sql = `SELECT ${COURSE_COLUMNS}, ${select} FROM ${COURSE_FROM} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${limit + 1}`

    type KeyedRow = CourseRow & Record<`k${number}`, unknown>
    const rows = query.q
      ? await this.core.transaction(async (em) => {
          await em.execute(`SET LOCAL pg_trgm.word_similarity_threshold = ${WORD_SIMILARITY_THRESHOLD}`)
          return em.execute<KeyedRow[]>(sql, params)
        })
      : await this.core.query<KeyedRow>(sql, params)

    const more = rows.length > limit
    const pageRows = more ? rows.slice(0, limit) : rows
    const items = await this.views(pageRows)
    const last = pageRows[pageRows.length - 1]
    const nextCursor = more && last ? encodeCursor([effective, ...spec.keys.map((_, i) => last[`k${i}`]), last.id]) : null
    return { items, nextCursor }
  }

  /** Course views with teacher names (from the identity service, cached). */
  async views(rows: CourseRow[]): Promise<CourseView[]> {
    const ids = [...new Set(rows.map((r) => r.teacher_id))]
    const users = await Promise.all(ids.map((id) => this.core.app.identity.getUser(id)))
    const names = new Map(ids.map((id, i) => [id, users[i]?.name ?? 'Unknown teacher']))
    return rows.map((row) => courseView(row, names.get(row.teacher_id) ?? 'Unknown teacher'))
  }

  /** A teacher's own courses, every status, newest first. Not cached: private and small. */
  async mine(teacherId: string, query: MineQuery) {
    const params: unknown[] = [teacherId]
    const where = ['c.teacher_id = ?::uuid']
    if (query.status) {
      where.push('c.status = ?')
      params.push(query.status)
    }
    if (query.cursor) {
      const [, createdAt, id] = decodeCursor(query.cursor, MINE_CURSOR)
      if (!UUID.test(id)) throw new InvalidCursor()
      where.push('(c.created_at, c.id) < (?::timestamptz, ?::uuid)')
      params.push(createdAt, id)
    }
    const rows = await this.core.query<CourseRow & { k0: string }>(
      `SELECT ${COURSE_COLUMNS}, c.created_at::text AS k0 FROM ${COURSE_FROM} WHERE ${where.join(' AND ')}
       ORDER BY c.created_at DESC, c.id DESC LIMIT ${query.limit + 1}`, params)
    const more = rows.length > query.limit
    const pageRows = more ? rows.slice(0, query.limit) : rows
    const last = pageRows[pageRows.length - 1]
    return { items: await this.views(pageRows), nextCursor: more && last ? encodeCursor(['mine', last.k0, last.id]) : null }
  }
}

function makeBodyFrom(etag: string, json: string): CachedBody {
  return { etag, status: '-', ownerId: '-', json }
}

