import { currentEm } from '@eduplatform/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import type { FastifyInstance } from 'fastify'
import { lessonContentVersion, type LessonText } from '@eduplatform/plugin-courses'
import { splitPassages } from './passages.ts'

/** Cache tag of a course's indexed content: bumped whenever a lesson's passages change (answers are keyed by it). */
export const courseTag = (courseId: string) => `ai:course:${courseId}`

/** A lesson's content version: changes with its title or body (the courses plugin's `LessonFacts.contentVersion`). */
export const lessonVersion = (lesson: Pick<LessonText, 'title' | 'body'>) => lessonContentVersion(lesson.title, lesson.body)

/**
 * The passage index (`ai_passages`): kept current by the courses plugin's `lesson.changed` and `course.deleted`
 * events, and brought up to date on demand when a course's indexed lessons do not match its lesson count (a
 * course written before the plugin was switched on). Every write is one transaction per lesson under an advisory
 * lock on the lesson, so concurrent re-indexing never duplicates passages.
 */
export class PassageIndex {
  readonly #app: FastifyInstance

  constructor(app: FastifyInstance) {
    this.#app = app
  }

  /**
   * Replaces a lesson's passages (in `em`'s transaction) unless they are of this version already; true when changed.
   * Two round trips: the lesson's advisory lock, then one statement that compares the indexed version and, when it
   * differs, deletes the old passages, inserts the new ones and records the version (its snapshot is taken once
   * the lock is held, so it sees what a concurrent re-indexing of the lesson committed). The insert reads the
   * delete's count, so the old passages are gone before the new ones take their (lesson, position) keys: the
   * parts of one statement otherwise run in no set order.
   */
  async indexLesson(em: EntityManager, lesson: LessonText): Promise<boolean> {
    await this.#lock(em, lesson.id)
    return this.#replace(em, lesson)
  }

  /**
   * `indexLesson` with the lesson's text read once its lock is held (three round trips): for a caller that
   * read the text earlier (a catch-up over a whole course), which a re-indexing of a newer edit may have
   * overtaken meanwhile. False, and nothing written, when the lesson is gone (its own event drops its passages).
   */
  async #indexCurrent(em: EntityManager, lessonId: string): Promise<boolean> {
    await this.#lock(em, lessonId)
    const lesson = await this.#app.services.get('courses').getLessonText(lessonId)
    return lesson !== undefined && this.#replace(em, lesson)
  }

  /** The lesson's advisory lock, held until `em`'s transaction ends: every re-indexing of it takes it first. */
  async #lock(em: EntityManager, lessonId: string): Promise<void> {
    await em.execute('SELECT pg_advisory_xact_lock(hashtextextended(?, 7))', [lessonId])
  }

  /** The statement of `indexLesson`, under the lesson's lock. */
  async #replace(em: EntityManager, lesson: LessonText): Promise<boolean> {
    const version = lessonVersion(lesson)
    const passages = splitPassages(lesson.body)
    const added = passages.length === 0 ? '' : `,
       added AS (INSERT INTO ai_passages (course_id, lesson_id, position, lesson_title, text)
         SELECT ?::uuid, ?::uuid, p.position, ?, p.text FROM (VALUES ${passages.map(() => '(?::int, ?)').join(', ')}) AS p(position, text)
         WHERE (SELECT changed FROM stale) AND (SELECT count(*) FROM gone) >= 0)`
    const [row] = await em.execute<Array<{ changed: boolean }>>(
      `WITH stale AS MATERIALIZED (SELECT NOT EXISTS (SELECT 1 FROM ai_indexed_lessons WHERE lesson_id = ?::uuid AND version = ?) AS changed),
       gone AS (DELETE FROM ai_passages WHERE lesson_id = ?::uuid AND (SELECT changed FROM stale) RETURNING 1)${added},
       indexed AS (INSERT INTO ai_indexed_lessons (lesson_id, course_id, version) SELECT ?::uuid, ?::uuid, ? WHERE (SELECT changed FROM stale)
         ON CONFLICT (lesson_id) DO UPDATE SET course_id = EXCLUDED.course_id, version = EXCLUDED.version, indexed_at = now())
       SELECT changed FROM stale`,
      [
        lesson.id, version,
        lesson.id,
        ...(passages.length === 0 ? [] : [lesson.courseId, lesson.id, lesson.title, ...passages.flatMap((p, i) => [i, p.text])]),
        lesson.id, lesson.courseId, version,
      ])
    if (!row?.changed) return false
    await this.#app.afterCommit(em, () => this.#app.cache.bump(courseTag(lesson.courseId)))
    return true
  }

  /**
   * Indexes the lessons of a course whose passages are missing or of another version (lessons written while
   * it was a draft): one read of the lessons' texts and one of the indexed versions, then each lesson that
   * differs is indexed from its text as read under its lock (an edit indexed meanwhile by its own event is
   * never overwritten by the text read first), in `em`'s transaction when given, else each in a transaction
   * of its own. Passages of deleted lessons are dropped by their own event.
   */
  async catchUp(courseId: string, em?: EntityManager): Promise<void> {
    const lessons = await this.#app.services.get('courses').listLessonTexts(courseId)
    if (lessons.length === 0) return
    const rows = await (em ?? currentEm(this.#app.orm)).execute<Array<{ lesson_id: string; version: string }>>(
      'SELECT lesson_id, version FROM ai_indexed_lessons WHERE course_id = ?::uuid', [courseId])
    const indexed = new Map(rows.map((r) => [r.lesson_id, r.version]))
    for (const lesson of lessons) {
      if (indexed.get(lesson.id) === lessonVersion(lesson)) continue
      if (em) await this.#indexCurrent(em, lesson.id)
      else await this.#app.orm.em.fork().transactional((tx) => this.#indexCurrent(tx, lesson.id))
    }
  }

  /**
   * Drops a deleted lesson's passages, under the lesson's lock: a re-indexing that read the lesson before it
   * was deleted (a catch-up) has committed its passages by then, and they go too.
   */
  async removeLesson(em: EntityManager, courseId: string, lessonId: string): Promise<void> {
    await this.#lock(em, lessonId)
    await em.execute('DELETE FROM ai_passages WHERE lesson_id = ?::uuid', [lessonId])
    await em.execute('DELETE FROM ai_indexed_lessons WHERE lesson_id = ?::uuid', [lessonId])
    await this.#app.afterCommit(em, () => this.#app.cache.bump(courseTag(courseId)))
  }

  /** Drops a deleted course's passages. */
  async removeCourse(em: EntityManager, courseId: string): Promise<void> {
    await em.execute('DELETE FROM ai_passages WHERE course_id = ?::uuid', [courseId])
    await em.execute('DELETE FROM ai_indexed_lessons WHERE course_id = ?::uuid', [courseId])
    await this.#app.afterCommit(em, () => this.#app.cache.bump(courseTag(courseId)))
  }

  /**
   * Makes sure every lesson of the course is indexed: one count query when it is (the usual case); otherwise
   * indexes what is missing or stale and forgets lessons that are gone.
   */
  async ensureCourse(courseId: string, lessonCount: number): Promise<void> {
    const [row] = await currentEm(this.#app.orm).execute<Array<{ n: number }>>(
      'SELECT count(*)::int AS n FROM ai_indexed_lessons WHERE course_id = ?::uuid', [courseId])
    if (row && row.n === lessonCount) return
    const lessons = await this.#app.services.get('courses').listLessonTexts(courseId)
    const ids = new Set(lessons.map((l) => l.id))
    for (const lesson of lessons) await this.#app.orm.em.fork().transactional((em) => this.#indexCurrent(em, lesson.id))
    const indexed = await currentEm(this.#app.orm).execute<Array<{ lesson_id: string }>>(
      'SELECT lesson_id FROM ai_indexed_lessons WHERE course_id = ?::uuid', [courseId])
    for (const { lesson_id } of indexed) {
      if (!ids.has(lesson_id)) await this.#app.orm.em.fork().transactional((em) => this.removeLesson(em, courseId, lesson_id))
    }
  }
}
