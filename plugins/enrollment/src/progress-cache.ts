import { randomUUID } from 'node:crypto'
import type { Cache } from '@eduplatform/core'
import type { EnrollmentStatus } from './entities/enrollment.ts'

/** What the progress read needs of one enrollment, as stored: its status and the lessons completed in it. */
export interface StoredProgress {
  status: EnrollmentStatus
  /** Completed lesson ids, including lessons deleted since (reads count only the course's lessons now). */
  done: string[]
}

/** How long a student's progress in a course is cached (seconds); every write to it forgets it at once. */
export const PROGRESS_TTL_SECONDS = 300
/** A revision outlives the entries read under it; a revision gone makes those entries misses, never stale hits. */
const REVISION_TTL_SECONDS = 2 * PROGRESS_TTL_SECONDS

const entryKey = (studentId: string, courseId: string) => `enrollment-progress:${studentId}:${courseId}`
const revisionKey = (studentId: string, courseId: string) => `enrollment-progress-rev:${studentId}:${courseId}`

interface Entry extends StoredProgress {
  /** The revision of the (student, course) when the entry's rows were read. */
  rev: string
}

/**
 * Students' progress per course in core's cache (in-process, or Redis shared by every engine), so a warm
 * progress read is one cache round trip and no database work.
 *
 * A read that misses could fetch the rows just before a write commits and store them just after the write
 * forgot the entry, leaving the old progress cached. So each (student, course) has a revision, a random
 * value: an entry holds the revision current when its rows were read, every write sets a new revision
 * after it commits (`changed`), and an entry counts only while its revision is the current one. Entry and
 * revision are read together (one `getMany`). A reader sets a missing revision only if it is still
 * missing, before it reads the database; when another reader set one first, nothing is cached that time.
 * A revision that expired or was evicted turns the entries read under it into misses. This is how
 * sessions are cached too (core's `SessionCache`).
 */
export class ProgressCache {
  readonly #cache: Cache

  constructor(cache: Cache) {
    this.#cache = cache
  }

  /**
   * The cached progress, else `load()` (which must read committed rows from the primary), cached under the
   * revision read before it. `undefined` from `load` (no enrollment) is returned and not cached.
   */
  async read(studentId: string, courseId: string, load: () => Promise<StoredProgress | undefined>): Promise<StoredProgress | undefined> {
    const { entry, rev } = await this.#lookup(studentId, courseId)
    if (entry) return entry
    const rKey = revisionKey(studentId, courseId)
    let current = rev
    if (current === undefined) {
      const made = randomUUID()
      current = (await this.#cache.add(rKey, made, REVISION_TTL_SECONDS)) ? made : undefined
    }
    const progress = await load()
    if (progress && current !== undefined) {
      await this.#cache.fill(entryKey(studentId, courseId), { rev: current, status: progress.status, done: progress.done } satisfies Entry, PROGRESS_TTL_SECONDS)
    }
    return progress
  }

  /** The cached progress when there is a current entry; never loads or fills. */
  async peek(studentId: string, courseId: string): Promise<StoredProgress | undefined> {
    return (await this.#lookup(studentId, courseId)).entry
  }

  /** The entry (when its revision is the current one) and the current revision, in one cache round trip. */
  async #lookup(studentId: string, courseId: string): Promise<{ entry?: StoredProgress; rev?: string }> {
    const [entry, rev] = await this.#cache.getMany<Entry | string>([entryKey(studentId, courseId), revisionKey(studentId, courseId)]) as [Entry | undefined, string | undefined]
    if (entry && rev !== undefined && entry.rev === rev) return { entry: { status: entry.status, done: entry.done }, rev }
    return { rev }
  }

  /**
   * After a write to these students' enrollments or completed lessons has committed (or at once outside a
   * transaction): their cached progress in those courses is no longer read.
   */
  async changed(pairs: ReadonlyArray<{ studentId: string; courseId: string }>): Promise<void> {
    await Promise.all(pairs.map(({ studentId, courseId }) => this.#cache.set(revisionKey(studentId, courseId), randomUUID(), REVISION_TTL_SECONDS)))
  }
}
