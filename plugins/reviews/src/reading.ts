import { CursorTimestamp, decodeCursor, encodeCursor, queryPrimary, type EduApp, type Principal } from '@eduplatform/core'
import { Type, type TSchema } from 'typebox'
import { cachedBody, courseTag, decodeForSending, keys, makeBody, PAGE_TTL_SECONDS, SUMMARY_TTL_SECONDS, type CachedBody, type SendableBody } from './cache.ts'
import { CourseNotFound } from './errors.ts'
import { averageOf, REVIEW_COLUMNS, type ReviewRow, type StatsRow } from './rows.ts'
import type { ListReviewsQuery, ReviewSort, ReviewSummary } from './schemas.ts'
import { reviewViews } from './views.ts'

/** A response body and whether shared caches may keep it. */
export interface Readable {
  body: CachedBody | SendableBody
  public: boolean
}

const Uuid = Type.String({ format: 'uuid' })

/**
 * A course id as the database spells it (lower case). Routes take a uuid in either case, and a review write
 * bumps the tag of the id it read from the database: pages and summaries read through an id in capitals would be
 * cached under another tag, which no write bumps, and serve hidden, edited and deleted reviews until they expire.
 */
const canonicalId = (id: string) => id.toLowerCase()
const Stars = Type.Integer({ minimum: 1, maximum: 5 })

interface SortPlan {
  name: ReviewSort
  order: string
  /** Keyset condition after the cursor's values. */
  after: string
  /** The condition names the first key twice. */
  firstKeyTwice?: boolean
  cursor: TSchema
  keysOf(row: ReviewRow): unknown[]
}

/** Every sort ends in newest first and the id, so the order is total; cursors name their sort. */
const SORT_PLANS: Record<ReviewSort, SortPlan> = {
  newest: {
    name: 'newest',
    order: 'r.created_at DESC, r.id DESC',
    after: '(r.created_at, r.id) < (?::timestamptz, ?::uuid)',
    cursor: Type.Tuple([Type.Literal('newest'), CursorTimestamp, Uuid]),
    keysOf: (r) => [r.created_at, r.id],
  },
  rating_desc: {
    name: 'rating_desc',
    order: 'r.rating DESC, r.created_at DESC, r.id DESC',
    after: '(r.rating, r.created_at, r.id) < (?::smallint, ?::timestamptz, ?::uuid)',
    cursor: Type.Tuple([Type.Literal('rating_desc'), Stars, CursorTimestamp, Uuid]),
    keysOf: (r) => [r.rating, r.created_at, r.id],
  },
  rating_asc: {
    name: 'rating_asc',
    firstKeyTwice: true,
    order: 'r.rating ASC, r.created_at DESC, r.id DESC',
    after: '(r.rating > ?::smallint OR (r.rating = ?::smallint AND (r.created_at, r.id) < (?::timestamptz, ?::uuid)))',
    cursor: Type.Tuple([Type.Literal('rating_asc'), Stars, CursorTimestamp, Uuid]),
    keysOf: (r) => [r.rating, r.created_at, r.id],
  },
}

/**
 * Public reads: a course's review pages and its rating summary, cached serialized with their ETag under
 * the course's tag version (every review write bumps it after commit). Admins read hidden reviews too,
 * uncached.
 */
export class ReviewReading {
  readonly #app: EduApp

  constructor(app: EduApp) {
    this.#app = app
  }

  async #query<T>(sql: string, params: unknown[]): Promise<T[]> {
    // Cache fills read the primary: a replica may still hold what a write just changed.
    return queryPrimary<T>(this.#app.orm, sql, params)
  }

  /** The course's status and owner, or 404; drafts are 404 to all but their owner and admins. */
  async #course(courseId: string) {
    const facts = await this.#app.services.get('courses').getCourseFacts(courseId)
    if (!facts) throw new CourseNotFound(courseId)
    return facts
  }

  #visible(body: CachedBody | SendableBody | undefined, courseId: string, principal: Principal | null): Readable {
    if (!body) throw new CourseNotFound(courseId)
    const manages = principal !== null && (principal.role === 'admin' || principal.id === body.ownerId)
    if (body.courseStatus === 'draft' && !manages) throw new CourseNotFound(courseId)
    return { body, public: body.courseStatus !== 'draft' }
  }

  /** `GET /courses/:id/reviews`: newest first or by rating, keyset pages. */
  async page(principal: Principal | null, id: string, query: ListReviewsQuery): Promise<Readable> {
    const courseId = canonicalId(id)
    const plan = SORT_PLANS[query.sort]
    // A bad cursor is 400 before any lookup.
    const after = query.cursor === undefined ? undefined : (decodeCursor(query.cursor, plan.cursor) as unknown[]).slice(1)
    if (principal?.role === 'admin') {
      return this.#visible(await this.#loadPage(courseId, plan, query.limit, after, true), courseId, principal)
    }
    const { cache } = this.#app
    const version = await cache.version(courseTag(courseId))
    const key = keys.page(courseId, version, query.sort, query.limit, query.cursor)
    const body = await cachedBody(cache, key, PAGE_TTL_SECONDS, () => this.#loadPage(courseId, plan, query.limit, after, false))
    return this.#visible(body, courseId, principal)
  }

  /**
   * `page` at once, without a promise, when this process's cache (the in-process store; never with Redis) holds
   * the page under the course's current tag version; undefined when it cannot tell (an admin, a bad cursor or
   * a miss): then call `page`. Throws `page`'s 404 for a draft course's page.
   */
  pageAtOnce(principal: Principal | null, id: string, query: ListReviewsQuery): Readable | undefined {
    if (principal?.role === 'admin') return undefined
    const courseId = canonicalId(id)
    return this.#cachedAtOnce(principal, courseId, (version) => keys.page(courseId, version, query.sort, query.limit, query.cursor))
  }

  /** `summary` at once, as `pageAtOnce` is `page`'s. */
  summaryAtOnce(principal: Principal | null, id: string): Readable | undefined {
    const courseId = canonicalId(id)
    return this.#cachedAtOnce(principal, courseId, (version) => keys.summary(courseId, version))
  }

  /** A body cached in this process under the course's current tag version, decoded (its JSON as bytes) once per cached value. */
  #cachedAtOnce(principal: Principal | null, courseId: string, keyOf: (version: number) => string): Readable | undefined {
    const { cache } = this.#app
    const version = cache.peekVersion(courseTag(courseId))
    if (version === undefined) return undefined
    const body = cache.peekDecoded(keyOf(version), decodeForSending)
    return body && this.#visible(body, courseId, principal)
  }

  async #loadPage(courseId: string, plan: SortPlan, limit: number, after: unknown[] | undefined, withHidden: boolean): Promise<CachedBody> {
    const course = await this.#course(courseId)
    const where = ['r.course_id = ?::uuid']
    const params: unknown[] = [courseId]
    if (!withHidden) where.push('NOT r.hidden')
    if (after) {
      where.push(plan.after)
      params.push(...(plan.firstKeyTwice ? [after[0], ...after] : after))
    }
    params.push(limit + 1)
    const rows = await this.#query<ReviewRow>(
      `SELECT ${REVIEW_COLUMNS} FROM reviews r WHERE ${where.join(' AND ')} ORDER BY ${plan.order} LIMIT ?`, params)
    const more = rows.length > limit
    const pageRows = more ? rows.slice(0, limit) : rows
    const items = await reviewViews(this.#app, courseId, pageRows)
    const nextCursor = more ? encodeCursor([plan.name, ...plan.keysOf(pageRows[limit - 1]!)]) : null
    return makeBody(JSON.stringify({ items, nextCursor }), course.status, course.teacherId)
  }

  /** `GET /courses/:id/reviews/summary`: average, count and histogram of the visible reviews. */
  async summary(principal: Principal | null, id: string): Promise<Readable> {
    const courseId = canonicalId(id)
    const { cache } = this.#app
    const version = await cache.version(courseTag(courseId))
    const body = await cachedBody(cache, keys.summary(courseId, version), SUMMARY_TTL_SECONDS, async () => {
      const course = await this.#course(courseId)
      const [s] = await this.#query<StatsRow>(
        'SELECT review_count, rating_sum, stars_1, stars_2, stars_3, stars_4, stars_5 FROM review_course_stats WHERE course_id = ?::uuid', [courseId])
      const summary: ReviewSummary = {
        courseId,
        avgRating: averageOf(s?.rating_sum ?? 0, s?.review_count ?? 0),
        reviewCount: s?.review_count ?? 0,
        histogram: { 1: s?.stars_1 ?? 0, 2: s?.stars_2 ?? 0, 3: s?.stars_3 ?? 0, 4: s?.stars_4 ?? 0, 5: s?.stars_5 ?? 0 },
      }
      return makeBody(JSON.stringify(summary), course.status, course.teacherId)
    })
    return this.#visible(body, courseId, principal)
  }
}
