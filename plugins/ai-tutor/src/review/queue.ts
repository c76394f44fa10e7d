import { currentEm, newId } from '@eduplatform/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import type { FastifyInstance } from 'fastify'
import { createEmptyCard, fsrs, Rating, type Card, type Grade } from 'ts-fsrs'
import type { QuizAttemptGraded } from '@eduplatform/plugin-quizzes'
import { ReviewItemNotDue, ReviewItemNotFound } from '../errors.ts'
import type { ReviewGrade, ReviewItemView } from '../schemas.ts'

const GRADES: Record<ReviewGrade, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy }

interface ItemRow {
  id: string
  course_id: string
  lesson_id: string
  question_id: string
  card: StoredCard
  due: string
}

/** A card as stored in jsonb: dates as ISO strings. */
type StoredCard = Omit<Card, 'due' | 'last_review'> & { due: string; last_review?: string }

const toCard = (stored: StoredCard): Card => ({ ...stored, due: new Date(stored.due), last_review: stored.last_review ? new Date(stored.last_review) : undefined })

/**
 * The spaced-repetition queue. Every question a student answers in a graded quiz attempt becomes (or updates) an
 * item scheduled by FSRS (Free Spaced Repetition Scheduler, ts-fsrs with its default parameters): a right
 * answer counts as a "good" review, a wrong one as "again". The student then grades their own recall of due
 * items. Items of a refunded enrollment are removed; questions removed from their quiz leave the queue.
 */
export class ReviewQueue {
  readonly #app: FastifyInstance
  readonly #scheduler = fsrs()

  constructor(app: FastifyInstance) {
    this.#app = app
  }

  /** The `quiz.attempt.graded` handler, in its delivery transaction; idempotent per attempt. */
  async recordAttempt(em: EntityManager, attempt: QuizAttemptGraded): Promise<void> {
    if (attempt.results.length === 0) return
    const now = new Date()
    const ids = attempt.results.map((r) => r.questionId)
    const existing = await em.execute<Array<ItemRow & { last_attempt_id: string | null }>>(
      `SELECT id, course_id, lesson_id, question_id, card, due, last_attempt_id FROM ai_review_items
       WHERE student_id = ?::uuid AND question_id = ANY(string_to_array(?, ',')::uuid[]) FOR UPDATE`, [attempt.studentId, ids.join(',')])
    const byQuestion = new Map(existing.map((row) => [row.question_id, row]))
    const items = attempt.results.flatMap((result) => {
      const row = byQuestion.get(result.questionId)
      if (row?.last_attempt_id === attempt.attemptId) return []
      const card = row ? toCard(row.card) : createEmptyCard(now)
      const next = this.#scheduler.next(card, now, result.correct ? Rating.Good : Rating.Again).card
      return [{ id: newId(), question_id: result.questionId, card: next, due: next.due.toISOString() }]
    })
    if (items.length === 0) return
    // One statement for every question of the attempt: the rows locked above stay locked one round trip, not ten.
    await em.execute(
      `INSERT INTO ai_review_items (id, student_id, course_id, lesson_id, question_id, card, due, last_attempt_id)
       SELECT i.id, ?::uuid, ?::uuid, ?::uuid, i.question_id, i.card, i.due, ?::uuid
       FROM jsonb_to_recordset(?::jsonb) AS i(id uuid, question_id uuid, card jsonb, due timestamptz)
       ON CONFLICT (student_id, question_id) DO UPDATE SET card = EXCLUDED.card, due = EXCLUDED.due,
         last_attempt_id = EXCLUDED.last_attempt_id, lesson_id = EXCLUDED.lesson_id, course_id = EXCLUDED.course_id, updated_at = now()`,
      [attempt.studentId, attempt.courseId, attempt.lessonId, attempt.attemptId, JSON.stringify(items)])
  }

  /** The `payment.refunded` handler: the refunded enrollment's items leave the queue. */
  async removeCourse(em: EntityManager, studentId: string, courseId: string): Promise<void> {
    await em.execute('DELETE FROM ai_review_items WHERE student_id = ?::uuid AND course_id = ?::uuid', [studentId, courseId])
  }

  /**
   * Items due now, oldest first, with their question as students see it (no answer). Items whose question is
   * gone, or whose course the student is no longer enrolled in, are removed as they are met.
   */
  async due(studentId: string, limit: number): Promise<ReviewItemView[]> {
    const em = currentEm(this.#app.orm)
    const rows = await em.execute<ItemRow[]>(
      `SELECT id, course_id, lesson_id, question_id, card, due FROM ai_review_items
       WHERE student_id = ?::uuid AND due <= now() ORDER BY due, id LIMIT ?`, [studentId, limit])
    if (rows.length === 0) return []
    const views = await this.#views(studentId, rows)
    const gone = rows.filter((r) => !views.has(r.id)).map((r) => r.id)
    if (gone.length) await em.execute(`DELETE FROM ai_review_items WHERE id = ANY(string_to_array(?, ',')::uuid[])`, [gone.join(',')])
    return rows.flatMap((r) => views.get(r.id) ?? [])
  }

  /**
   * Grades the student's recall of a due item and reschedules it (FSRS). An item is graded once per time it
   * falls due, so a double click or a retried request does not push it further out.
   * @throws ReviewItemNotFound (404) another student's item, or one the student can no longer review;
   *   ReviewItemNotDue (409) an item not due yet (graded already)
   */
  async grade(studentId: string, itemId: string, grade: ReviewGrade): Promise<ReviewItemView> {
    const select = `SELECT id, course_id, lesson_id, question_id, card, due FROM ai_review_items WHERE id = ?::uuid AND student_id = ?::uuid`
    // An item the student can no longer review (not enrolled, or its question left the quiz) is a 404 that changes
    // nothing. Checked before the row is locked: the check reads other plugins' services, on other connections.
    const [current] = await this.#app.orm.em.fork().execute<ItemRow[]>(select, [itemId, studentId])
    const view = current && (await this.#views(studentId, [current])).get(itemId)
    if (!view) throw new ReviewItemNotFound(itemId)
    const due = await this.#app.orm.em.fork().transactional(async (em) => {
      const [row] = await em.execute<ItemRow[]>(`${select} FOR UPDATE`, [itemId, studentId])
      if (!row) throw new ReviewItemNotFound(itemId)
      const now = new Date()
      if (new Date(row.due) > now) throw new ReviewItemNotDue(itemId, new Date(row.due).toISOString())
      const next = this.#scheduler.next(toCard(row.card), now, GRADES[grade]).card
      await em.execute('UPDATE ai_review_items SET card = ?::jsonb, due = ?, updated_at = now() WHERE id = ?::uuid',
        [JSON.stringify(next), next.due.toISOString(), itemId])
      return next.due.toISOString()
    })
    return { ...view, due }
  }

  async #views(studentId: string, rows: ItemRow[]): Promise<Map<string, ReviewItemView>> {
    const quizzes = this.#app.services.find('quizzes')
    const access = this.#app.services.find('course-access')
    if (!quizzes) return new Map()
    const courses = [...new Set(rows.map((r) => r.course_id))]
    const enrolled = new Set<string>()
    for (const courseId of courses) if (!access || (await access.isEnrolled(studentId, courseId))) enrolled.add(courseId)
    const questions = new Map((await quizzes.getStudentQuestions(rows.map((r) => r.question_id))).map((q) => [q.id, q]))
    const views = new Map<string, ReviewItemView>()
    for (const row of rows) {
      const q = questions.get(row.question_id)
      if (!q || !enrolled.has(row.course_id)) continue
      views.set(row.id, {
        id: row.id, lessonId: row.lesson_id, due: new Date(row.due).toISOString(),
        question: { id: q.id, type: q.type, prompt: q.prompt, ...(q.options ? { options: q.options } : {}) },
      })
    }
    return views
  }
}
