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
   * Brings a course's index up to its lessons: one read of the indexed versions and one of the lessons' texts,
   * then each lesson missing or of another version is indexed from its text as read under its lock (an edit
   * indexed meanwhile by its own event is never overwritten by the text read first), and each indexed lesson
   * that is gone is dropped; in `em`'s transaction when given, else each lesson in a transaction of its own.
   */
  async catchUp(courseId: string, em?: EntityManager): Promise<void> {
    // The index is read before the lessons: a lesson added and indexed between the two reads is then among the
    // lessons (re-read under its lock), never taken for one that is gone.
    const rows = await (em ?? currentEm(this.#app.orm)).execute<Array<{ lesson_id: string; version: string }>>(
      'SELECT lesson_id, version FROM ai_indexed_lessons WHERE course_id = ?::uuid', [courseId])
    const lessons = await this.#app.services.get('courses').listLessonTexts(courseId)
    const indexed = new Map(rows.map((r) => [r.lesson_id, r.version]))
    const within = (work: (tx: EntityManager) => Promise<unknown>) => (em ? work(em) : this.#app.orm.em.fork().transactional(work))
    for (const lesson of lessons) {
      if (indexed.get(lesson.id) !== lessonVersion(lesson)) await within((tx) => this.#indexCurrent(tx, lesson.id))
      indexed.delete(lesson.id)
    }
    for (const gone of indexed.keys()) await within((tx) => this.removeLesson(tx, courseId, gone))
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
   * `catchUp`.
   */
  async ensureCourse(courseId: string, lessonCount: number): Promise<void> {
    const [row] = await currentEm(this.#app.orm).execute<Array<{ n: number }>>(
      'SELECT count(*)::int AS n FROM ai_indexed_lessons WHERE course_id = ?::uuid', [courseId])
    if (row && row.n === lessonCount) return
    await this.catchUp(courseId)
  }
}
