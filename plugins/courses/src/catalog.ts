import { CursorTimestamp, decodeCursor, encodeCursor, etagOf, InvalidCursor } from '@eduplatform/core'
import { Type, type TSchema } from 'typebox'
import {
  CATALOG_TAG, COUNTER_ORDER_TTL_SECONDS, decodeBody, decodeForSending, encodeBody, hashQuery, keys, makeBody, TTL_SECONDS, type CachedBody, type SendableBody,
} from './cache.ts'
import { BadPriceRange } from './errors.ts'
import type { CatalogQuery, CourseView, MineQuery, Sort } from './schemas.ts'
import type { CoursesCore } from './service.ts'
import { COURSE_COLUMNS, COURSE_FROM, courseView, type CourseRow } from './views.ts'

/** At most this many words of `q` are searched (the first ones). */
export const MAX_SEARCH_WORDS = 8
/** A word not in the catalogue is replaced by up to this many of its nearest catalogue words… */
const CORRECTIONS = 3
/**
 * …each with at least this trigram similarity (a swapped pair in a six-letter word, "chrods" for
 * "chords", scores 0.27; pg_trgm's default for `%` is 0.3)…
 */
const MIN_SIMILARITY = 0.25
/** …and within this much of the nearest one ("wrting": "writing" 0.5, not "alerting" 0.33)… */
const SIMILARITY_MARGIN = 0.15
/**
 * …and at most this many letters longer or shorter: a typo, not another word ("wegiht" shares as many
 * trigrams with "we" as with "weight", and "we" is in most descriptions).
 */
const MAX_LENGTH_CHANGE = 2
/** How many nearest words are looked at for the above. */
const NEAREST = 8
/** The last word also matches as a prefix (typing in progress) when it has this many letters and begins a catalogue word. */
const MIN_PREFIX = 3

/**
 * The words of `q` as the search index splits them (`to_tsvector('simple', q)`, in order), each with
 * itself when the catalogue uses it, else its nearest catalogue words by trigram distance. One round
 * trip for all words: the GiST index orders the word list by distance (`<->`).
 */
const WORDS_SQL = `
  WITH tokens AS (
    SELECT t.lexeme AS token, t.positions[1] AS pos
    FROM unnest(to_tsvector('simple', ?::text)) AS t ORDER BY t.positions[1] LIMIT ${MAX_SEARCH_WORDS}
  ), numbered AS (
    SELECT token, pos, pos = max(pos) OVER () AS last FROM tokens
  )
  SELECT k.pos, k.token, m.word,
    k.last AND char_length(k.token) >= ${MIN_PREFIX} AND EXISTS (
      SELECT 1 FROM course_search_words p
      WHERE p.word LIKE replace(replace(replace(k.token, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' AND p.word <> k.token
    ) AS prefix
  FROM numbered k
  LEFT JOIN LATERAL (
    SELECT w.word FROM course_search_words w WHERE w.word = k.token
    UNION ALL
    SELECT n.word FROM (
      SELECT d.word, d.distance, min(d.distance) OVER () AS nearest FROM (
        SELECT w.word, w.word <-> k.token AS distance FROM course_search_words w
        WHERE NOT EXISTS (SELECT 1 FROM course_search_words e WHERE e.word = k.token)
        ORDER BY w.word <-> k.token LIMIT ${NEAREST}
      ) d
      WHERE abs(char_length(d.word) - char_length(k.token)) <= ${MAX_LENGTH_CHANGE}
      ORDER BY d.distance, d.word LIMIT ${CORRECTIONS}
    ) n WHERE n.distance <= ${1 - MIN_SIMILARITY} AND n.distance <= n.nearest + ${SIMILARITY_MARGIN}
  ) m ON true
  ORDER BY k.pos`

export interface WordRow {
  pos: number
  token: string
  /** The token itself or a correction; null when neither. */
  word: string | null
  /** The last token, when it is not a whole catalogue word but begins some. */
  prefix: boolean
}

/** A lexeme as a tsquery operand: quoted, so nothing in it is read as tsquery syntax. */
const lexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`

/**
 * The tsquery for the words of `q`: per word an OR of itself or its corrections (and, for the last
 * word, itself as a prefix), the words ANDed. A word with no candidate is dropped. `undefined` when
 * `q` has no words at all; `null` when it has words but none matches anything in the catalogue.
 */
export function buildTsquery(rows: WordRow[]): string | null | undefined {
  if (rows.length === 0) return undefined
  const byPos = new Map<number, { token: string; words: string[]; prefix: boolean }>()
  for (const row of rows) {
    const entry = byPos.get(row.pos) ?? { token: row.token, words: [], prefix: false }
    if (row.word !== null) entry.words.push(row.word)
    if (row.prefix) entry.prefix = true
    byPos.set(row.pos, entry)
  }
  const parts: string[] = []
  for (const group of byPos.values()) {
    const operands = group.words.map(lexeme)
    if (group.prefix) operands.push(`${lexeme(group.token)}:*`)
    if (operands.length) parts.push(`(${operands.join(' | ')})`)
  }
  return parts.length ? parts.join(' & ') : null
}

interface SortSpec {
  /** Key expressions before the id, in order; `?` stands for the search tsquery. */
  keys: string[]
  /** SQL casts for the cursor values of `keys`. */
  casts: string[]
  /** Cursor value schemas of `keys`. */
  shapes: TSchema[]
  dir: 'ASC' | 'DESC'
}

// Every key bounded, so a forged cursor can never make PostgreSQL fail a cast (timestamps: `CursorTimestamp`).
const Rating = Type.Number({ minimum: 0, maximum: 5 })
// ts_rank of title and description weights: small positive reals (bounded only so the cast cannot fail).
const Rank = Type.Number({ minimum: 0, maximum: 1e30 })
const Int = Type.Integer({ minimum: 0, maximum: 2_147_483_647 })
const CursorId = Type.String({ format: 'uuid' })

// Every sort ends in the id, so the order is total and a cursor (sort key + id) resumes exactly.
const SORTS: Record<Sort, SortSpec> = {
  relevance: { keys: ['ts_rank(c.search_vector, ?::tsquery)'], casts: ['real'], shapes: [Rank], dir: 'DESC' },
  newest: { keys: ['c.published_at'], casts: ['timestamptz'], shapes: [CursorTimestamp], dir: 'DESC' },
  rating: { keys: ['c.avg_rating', 'c.review_count'], casts: ['numeric', 'integer'], shapes: [Rating, Int], dir: 'DESC' },
  price_asc: { keys: ['c.price_cents'], casts: ['integer'], shapes: [Int], dir: 'ASC' },
  price_desc: { keys: ['c.price_cents'], casts: ['integer'], shapes: [Int], dir: 'DESC' },
  popular: { keys: ['c.enrollment_count'], casts: ['integer'], shapes: [Int], dir: 'DESC' },
}
const CURSOR_SHAPES = Object.fromEntries(
  Object.entries(SORTS).map(([name, spec]) => [name, Type.Tuple([Type.Literal(name), ...spec.shapes, CursorId])]),
) as unknown as Record<Sort, TSchema>
const MINE_CURSOR = Type.Tuple([Type.Literal('mine'), CursorTimestamp, CursorId])
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Search text as searched: control characters dropped, whitespace collapsed. */
export function normalizeQ(q: string | undefined): string | undefined {
  if (q === undefined) return undefined
  const clean = q.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim()
  return clean === '' ? undefined : clean
}

/** Reads the cursor of a sort (a cursor of another sort or query shape is a 400 too). */
function readCursor(cursor: string, sort: Sort): { sort: Sort; values: unknown[] } {
  // A relevance search whose `q` has no words lists newest first, so its cursors are newest cursors.
  const shapes = sort === 'relevance' ? [CURSOR_SHAPES.relevance, CURSOR_SHAPES.newest] : [CURSOR_SHAPES[sort]]
  let values: unknown[] | undefined
  for (const shape of shapes) {
    try {
      values = decodeCursor(cursor, shape) as unknown[]
      break
    } catch (error) {
      if (shape === shapes[shapes.length - 1]) throw error
    }
  }
  const id = values![values!.length - 1]
  if (typeof id !== 'string' || !UUID.test(id)) throw new InvalidCursor()
  return { sort: values![0] as Sort, values: values!.slice(1) }
}

/** A card as a page needs it: its JSON and its ETag. */
interface CardBody {
  etag: string
  json: string
}

/**
 * A catalogue page's body. Its ETag is the SHA-1 of the cards' own ETags (each the SHA-1 of its card's JSON)
 * and the next cursor, not of the whole text: it changes exactly when a card or the cursor does, without
 * hashing some 20 KB a request.
 */
export function pageBody(cards: CardBody[], nextCursor: string | null): CachedBody {
  const cursor = JSON.stringify(nextCursor)
  let json = '{"items":['
  let tags = cursor
  for (let i = 0; i < cards.length; i++) {
    json += i === 0 ? cards[i]!.json : `,${cards[i]!.json}`
    tags += cards[i]!.etag
  }
  return { etag: etagOf(tags), status: '-', ownerId: '-', json: `${json}],"nextCursor":${cursor}}` }
}

const PAGE_OPEN = Buffer.from('{"items":[')
const COMMA = Buffer.from(',')

/** `pageBody` from cards held as UTF-8 bytes: the same JSON and ETag, as bytes, copied once. */
export function sendablePage(cards: SendableBody[], nextCursor: string | null): SendableBody {
  const cursor = JSON.stringify(nextCursor)
  const parts: Buffer[] = [PAGE_OPEN]
  let tags = cursor
  for (let i = 0; i < cards.length; i++) {
    if (i > 0) parts.push(COMMA)
    parts.push(cards[i]!.json)
    tags += cards[i]!.etag
  }
  parts.push(Buffer.from(`],"nextCursor":${cursor}}`))
  return { etag: etagOf(tags), status: '-', ownerId: '-', json: Buffer.concat(parts) }
}

/** A cached page: its ordered course ids and next cursor. */
interface PageIds {
  ids: string[]
  nextCursor: string | null
}

const encodePageIds = (page: PageIds) => `${page.ids.join(',')}\n${page.nextCursor ?? ''}`

/** The ids and cursor of a cached page (one function, so the in-process store keeps what it made: `Cache.peekDecoded`). */
function decodePageIds(raw: string): PageIds {
  const i = raw.indexOf('\n')
  return { ids: i === 0 ? [] : raw.slice(0, i).split(','), nextCursor: raw.slice(i + 1) || null }
}

export class Catalog {
  readonly core: CoursesCore

  constructor(core: CoursesCore) {
    this.core = core
  }

  /**
   * A catalogue page. The cache keeps each page as its ordered course ids and next cursor, under the
   * catalogue version (bumped only by changes to what lists a published course: its status, or fields that
   * filter, sort or search); the cards themselves are the per-course detail entries, read in one round
   * trip and invalidated course by course. So a count, a rating, a lesson added or a teacher renamed shows
   * on every page at once without recomputing any. Orders and filters on counters (`popular`, `rating`,
   * `minRating`) are kept for at most `COUNTER_ORDER_TTL_SECONDS` before they are recomputed.
   */
  async page(query: CatalogQuery): Promise<CachedBody> {
    const { cache } = this.core.app
    const { q, sort, after, key } = this.#plan(query, await cache.version(CATALOG_TAG))
    let page: PageIds
    const raw = await cache.getRaw(key)
    if (raw !== undefined) {
      page = decodePageIds(raw)
    } else {
      const loaded = await this.#load(query, q, sort, after)
      page = { ids: loaded.rows.map((row) => row.id), nextCursor: loaded.nextCursor }
      const counterOrder = sort === 'popular' || sort === 'rating' || query.minRating !== undefined
      await Promise.all([
        cache.setRaw(key, encodePageIds(page), counterOrder ? COUNTER_ORDER_TTL_SECONDS : TTL_SECONDS),
        // The page's own rows fill the cards they found missing, with no further query.
        this.#storeCards(loaded.rows),
      ])
    }
    return pageBody(await this.#cardBodies(page.ids), page.nextCursor)
  }

  /**
   * `page` at once, without a promise, when this process's cache (the in-process store; never with Redis) holds
   * the page's ids and every one of its cards: the cards' bytes, decoded once per cached card, copied into the
   * reply. Undefined when it cannot tell: then call `page`. Throws `page`'s 400s.
   */
  pageAtOnce(query: CatalogQuery): SendableBody | undefined {
    const { cache } = this.core.app
    const version = cache.peekVersion(CATALOG_TAG)
    if (version === undefined) return undefined
    const page = cache.peekDecoded(this.#plan(query, version).key, decodePageIds)
    if (!page) return undefined
    const cards: SendableBody[] = []
    for (const id of page.ids) {
      const card = cache.peekDecoded(keys.detail(id), decodeForSending)
      if (!card) return undefined
      // A course that stopped being published since its page was cached is left out, as `page` does.
      if (card.status === 'published') cards.push(card)
    }
    // The page made from these very values before is sent again (one object while nothing changed: the shared
    // cache compares by identity, and no bytes are copied again).
    const made = this.#made.get(page)
    if (made && made.cards.length === cards.length && made.cards.every((card, i) => card === cards[i])) return made.body
    const body = sendablePage(cards, page.nextCursor)
    this.#made.set(page, { cards, body })
    return body
  }

  /** The last page `pageAtOnce` made from each cached page of ids (kept while that cached value is). */
  readonly #made = new WeakMap<PageIds, { cards: SendableBody[]; body: SendableBody }>()

  /** The page's cache key under the catalogue `version`, and what loading it needs; throws the query's 400s. */
  #plan(query: CatalogQuery, version: number) {
    const q = normalizeQ(query.q)
    const sort: Sort = query.sort ?? (q ? 'relevance' : 'newest')
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) throw new BadPriceRange(['querystring.minPrice', 'querystring.maxPrice'])
    // Validate the cursor before the cache lookup so garbage never reaches a key.
    const after = query.cursor === undefined ? undefined : readCursor(query.cursor, sort)
    return { q, sort, after, key: keys.list(version, hashQuery({ ...query, q: q?.toLowerCase(), sort })) }
  }

  /**
   * The cards (course view JSON) of published courses, in the order given: from the per-course detail
   * entries, and for those not cached, from one query that also caches them. A course that stopped being
   * published since its page was cached is left out.
   */
  async cards(ids: string[]): Promise<string[]> {
    return (await this.#cardBodies(ids)).map((card) => card.json)
  }

  /**
   * `cards`, each with its ETag. Only published courses' cards unless `everyStatus` (a teacher's own list, whose
   * ids the caller has already limited to what it may see); a course gone since its id was read is left out.
   */
  async #cardBodies(ids: string[], everyStatus = false): Promise<CardBody[]> {
    if (ids.length === 0) return []
    const shown = (body: CachedBody) => (everyStatus || body.status === 'published' ? body : null)
    const raws = await this.core.app.cache.getManyRaw(ids.map((id) => keys.detail(id)))
    // Each slot: the card, null for a course that is not shown (left out), undefined when not cached.
    const cards: Array<CardBody | null | undefined> = []
    const missing: string[] = []
    raws.forEach((raw, i) => {
      const body = raw === undefined ? undefined : decodeBody(raw)
      if (!body) missing.push(ids[i]!)
      cards.push(body && shown(body))
    })
    if (missing.length) {
      const rows = await this.core.query<CourseRow>(`SELECT ${COURSE_COLUMNS} FROM ${COURSE_FROM} WHERE c.id = ANY(ARRAY[?]::uuid[])`, [missing])
      const stored = await this.#storeCards(rows)
      ids.forEach((id, i) => {
        const body = cards[i] === undefined ? stored.get(id) : undefined
        if (body) cards[i] = shown(body)
      })
    }
    return cards.filter((card): card is CardBody => card !== undefined && card !== null)
  }

  /** Caches the detail entries (the cards) of these rows; returns them by course id. */
  async #storeCards(rows: CourseRow[]): Promise<Map<string, CachedBody>> {
    const views = await this.views(rows)
    const bodies = new Map<string, CachedBody>()
    await Promise.all(rows.map((row, i) => {
      const body = makeBody(JSON.stringify(views[i]), row.status, row.teacher_id)
      bodies.set(row.id, body)
      return this.core.app.cache.fillRaw(keys.detail(row.id), encodeBody(body), TTL_SECONDS)
    }))
    return bodies
  }

  /** The tsquery text for `q` (see `buildTsquery`), from one look-up of all its words. */
  async searchQuery(q: string): Promise<string | null | undefined> {
    return buildTsquery(await this.core.query<WordRow>(WORDS_SQL, [q]))
  }

  async #load(query: CatalogQuery, q: string | undefined, sort: Sort, after: { sort: Sort; values: unknown[] } | undefined): Promise<{ rows: CourseRow[]; nextCursor: string | null }> {
    const search = q === undefined ? undefined : await this.searchQuery(q)
    // Words of `q` that match nothing in the catalogue: nothing to list.
    if (search === null) return { rows: [], nextCursor: null }
    const effective: Sort = sort === 'relevance' && search === undefined ? 'newest' : sort
    if (after && after.sort !== effective) throw new InvalidCursor()
    const spec = SORTS[effective]
    const params: unknown[] = []
    const keyExprs = spec.keys.map((k) => {
      if (k.includes('?')) params.push(search)
      return k
    })
    // Cursor values as JSON can carry them: timestamps as text (microseconds kept), numerics as numbers.
    const asJson: Record<string, string> = { timestamptz: '::text', numeric: '::float8' }
    const cursorKeys = (exprs: string[]) => exprs.map((k, i) => `${k}${asJson[spec.casts[i]!] ?? ''} AS k${i}`).join(', ')
    // With `q`, the inner query returns the keys as they are (r0…), to order the joined page again.
    const select = search === undefined ? cursorKeys(keyExprs) : keyExprs.map((k, i) => `${k} AS r${i}`).join(', ')

    // With `q`, filters, sort keys and rank come from the narrow `course_search` (published courses
    // only, same column names, see migrations/courses/004); the page's rows are joined afterwards.
    const where = search === undefined ? [`c.status = 'published'`] : []
    if (search !== undefined) {
      where.push('c.search_vector @@ ?::tsquery')
      params.push(search)
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
      for (const k of spec.keys) if (k.includes('?')) params.push(search)
      params.push(...after.values)
    }
    const order = [...spec.keys, 'c.id'].map((k) => `${k} ${spec.dir}`).join(', ')
    for (const k of spec.keys) if (k.includes('?')) params.push(search)
    const limit = query.limit
    const hitKeys = keyExprs.map((_, i) => `hit.r${i}`)
    const sql = search === undefined
      ? `SELECT ${COURSE_COLUMNS}, ${select} FROM ${COURSE_FROM} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${limit + 1}`
      : `SELECT ${COURSE_COLUMNS}, ${cursorKeys(hitKeys)}
         FROM (SELECT c.id, ${select} FROM course_search c WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${limit + 1}) hit
         JOIN ${COURSE_FROM} ON c.id = hit.id
         ORDER BY ${[...hitKeys, 'hit.id'].map((k) => `${k} ${spec.dir}`).join(', ')}`

    type KeyedRow = CourseRow & Record<`k${number}`, unknown>
    const rows = await this.core.query<KeyedRow>(sql, params)

    const more = rows.length > limit
    const pageRows = more ? rows.slice(0, limit) : rows
    const last = pageRows[pageRows.length - 1]
    const nextCursor = more && last ? encodeCursor([effective, ...spec.keys.map((_, i) => last[`k${i}`]), last.id]) : null
    return { rows: pageRows as CourseRow[], nextCursor }
  }

  /** Course views with teacher names (from the identity service, cached). */
  async views(rows: CourseRow[]): Promise<CourseView[]> {
    const users = await this.core.app.identity.getUsers(rows.map((r) => r.teacher_id))
    return rows.map((row) => courseView(row, users.get(row.teacher_id)?.name ?? 'Unknown teacher'))
  }

  /**
   * A teacher's own courses, every status, newest first: the page's ids and cursor keys from the teacher's
   * index (`courses_teacher`), its cards from the per-course detail entries that `GET /courses/:id` and the
   * catalogue read (drafts' included: every id is the teacher's own), invalidated course by course after each
   * write. So a page costs one narrow index read and, warm, no card built. The body is `pageBody`'s (JSON and ETag).
   * Throws `InvalidCursor` (400) for a cursor that is not one of this list's.
   */
  async mine(teacherId: string, query: MineQuery): Promise<CachedBody> {
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
    const rows = await this.core.query<{ id: string; k0: string }>(
      `SELECT c.id, c.created_at::text AS k0 FROM courses c WHERE ${where.join(' AND ')}
       ORDER BY c.created_at DESC, c.id DESC LIMIT ?`, [...params, query.limit + 1])
    const more = rows.length > query.limit
    const pageRows = more ? rows.slice(0, query.limit) : rows
    const last = pageRows[pageRows.length - 1]
    const nextCursor = more && last ? encodeCursor(['mine', last.k0, last.id]) : null
    return pageBody(await this.#cardBodies(pageRows.map((row) => row.id), true), nextCursor)
  }
}


