import { etagOf, type Cache } from '@eduplatform/core'

/** Review pages carry `verifiedLearner`, which moves with the authors' progress: kept a minute at most. */
export const PAGE_TTL_SECONDS = 60
export const SUMMARY_TTL_SECONDS = 300

/** Every cached page and summary of a course is keyed under this tag's version; a review write bumps it. */
export const courseTag = (courseId: string) => `reviews:course:${courseId}`

export const keys = {
  page: (courseId: string, version: number, sort: string, limit: number, cursor: string | undefined) =>
    `reviews:page:${courseId}:${version}:${sort}:${limit}:${cursor ?? '-'}`,
  summary: (courseId: string, version: number) => `reviews:summary:${courseId}:${version}`,
}

/** A serialized body as cached: its ETag and its course's status and owner (for the draft check). */
export interface CachedBody {
  etag: string
  courseStatus: string
  ownerId: string
  json: string
}

export function makeBody(json: string, courseStatus: string, ownerId: string): CachedBody {
  return { etag: etagOf(json), courseStatus, ownerId, json }
}

// JSON.stringify never emits a raw newline, so the header is the first three lines.
export const encodeBody = (b: CachedBody) => `${b.etag}\n${b.courseStatus}\n${b.ownerId}\n${b.json}`

export function decodeBody(raw: string): CachedBody | undefined {
  const a = raw.indexOf('\n')
  const b = raw.indexOf('\n', a + 1)
  const c = raw.indexOf('\n', b + 1)
  if (a < 0 || b < 0 || c < 0) return undefined
  return { etag: raw.slice(0, a), courseStatus: raw.slice(a + 1, b), ownerId: raw.slice(b + 1, c), json: raw.slice(c + 1) }
}

/** A cached body ready to send: its JSON as UTF-8 bytes (see core's `sendCachedJson`). */
export interface SendableBody extends Omit<CachedBody, 'json'> {
  json: Buffer
}

/** `decodeBody` with the JSON as bytes, for a body decoded once and sent on every hit (`Cache.peekDecoded`). */
export function decodeForSending(raw: string): SendableBody | undefined {
  const body = decodeBody(raw)
  return body && { ...body, json: Buffer.from(body.json) }
}

/** Reads through the cache: the encoded body, or what `load` builds (undefined is not cached). */
export async function cachedBody(cache: Cache, key: string, ttl: number, load: () => Promise<CachedBody | undefined>): Promise<CachedBody | undefined> {
  const hit = await cache.getRaw(key)
  if (hit !== undefined) return decodeBody(hit)
  const body = await load()
  if (body) await cache.fillRaw(key, encodeBody(body), ttl)
  return body
}
