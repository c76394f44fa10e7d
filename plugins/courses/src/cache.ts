import { createHash } from 'node:crypto'
import { etagOf } from '@eduplatform/core'

/**
 * Catalogue pages (ordered course ids) are keyed under this tag's version; a write bumps it only when it
 * changes which published courses a page lists or their order: a course entering or leaving `published`,
 * or a published course's fields that filter, sort or search (title, description, tags, price, level,
 * category, language). Counters (enrollments, ratings, lessons) and drafts never bump it.
 */
export const CATALOG_TAG = 'courses:catalog'
export const TTL_SECONDS = 300
/**
 * Pages ordered or filtered by a counter (`sort=popular`, `sort=rating`, `minRating`) are recomputed at least
 * this often: their order may lag a count or rating change by up to this many seconds (their cards do not).
 */
export const COUNTER_ORDER_TTL_SECONDS = 30

/**
 * Cache keys. Ids are put in lower case: a route takes a uuid in either case, and a write forgets the entries
 * of the ids it read from the database (lower case), so an entry filled under an id in capitals would outlive it.
 */
export const keys = {
  list: (version: number, hash: string) => `courses:list:${version}:${hash}`,
  detail: (courseId: string) => `courses:detail:${courseId.toLowerCase()}`,
  curriculum: (courseId: string) => `courses:curriculum:${courseId.toLowerCase()}`,
  lessonIds: (courseId: string) => `courses:lesson-ids:${courseId.toLowerCase()}`,
  facts: (courseId: string) => `courses:facts:${courseId.toLowerCase()}`,
  lesson: (lessonId: string) => `courses:lesson:${lessonId.toLowerCase()}`,
  lessonFacts: (lessonId: string) => `courses:lesson-facts:${lessonId.toLowerCase()}`,
  /** A course's owner and status: forgotten only by writes that may change the status (or delete the course). */
  control: (courseId: string) => `courses:control:${courseId.toLowerCase()}`,
  /** The course of a module, and of a lesson: never changes (neither moves), so never forgotten but by the TTL. */
  moduleCourse: (moduleId: string) => `courses:module-course:${moduleId.toLowerCase()}`,
  lessonCourse: (lessonId: string) => `courses:lesson-course:${lessonId.toLowerCase()}`,
  categories: () => 'courses:categories',
}

/**
 * A serialized response body as cached: its ETag, and the owner and status of its course for the
 * access check, so a warm read is one cache lookup and no JSON parsing.
 */
export interface CachedBody {
  etag: string
  /** Course status ('-' when the body is not about one course). */
  status: string
  /** Owner teacher id ('-' likewise). */
  ownerId: string
  json: string
}

export function makeBody(json: string, status = '-', ownerId = '-'): CachedBody {
  return { etag: etagOf(json), status, ownerId, json }
}

// JSON.stringify never emits a raw newline, so the header is the first three lines.
export function encodeBody(body: CachedBody): string {
  return `${body.etag}\n${body.status}\n${body.ownerId}\n${body.json}`
}

export function decodeBody(raw: string): CachedBody | undefined {
  const a = raw.indexOf('\n')
  const b = raw.indexOf('\n', a + 1)
  const c = raw.indexOf('\n', b + 1)
  if (a < 0 || b < 0 || c < 0) return undefined
  return { etag: raw.slice(0, a), status: raw.slice(a + 1, b), ownerId: raw.slice(b + 1, c), json: raw.slice(c + 1) }
}

/** A cached body ready to send: its JSON as UTF-8 bytes (see core's `sendCachedJson`). */
export interface SendableBody extends Omit<CachedBody, 'json'> {
  json: Buffer
}

/**
 * `decodeBody` with the JSON as bytes: for a body decoded once per stored value and sent on every hit
 * (`Cache.peekDecoded`), so a hit neither slices the stored text nor encodes it to UTF-8 again.
 */
export function decodeForSending(raw: string): SendableBody | undefined {
  const body = decodeBody(raw)
  return body && { etag: body.etag, status: body.status, ownerId: body.ownerId, json: Buffer.from(body.json) }
}

/** Stable hash of a query object, for list keys. */
export function hashQuery(query: Record<string, unknown>): string {
  const entries = Object.entries(query).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1))
  return createHash('sha1').update(JSON.stringify(entries)).digest('base64url')
}
