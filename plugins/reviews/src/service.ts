import type { EntityManager } from '@mikro-orm/postgresql'
import { newId, type EduApp, type Principal } from '@eduplatform/core'
import { courseTag } from './cache.ts'
import { AlreadyReviewed, CourseNotFound, EnrollmentRefunded, HiddenReview, NoReply, NotAuthor, NotCourseOwner, NotEnrolled, ReviewNotFound } from './errors.ts'
import { averageOf, REVIEW_COLUMNS, type ReviewRow, type StatsRow } from './rows.ts'
import type { CreateReviewBody, ReviewView, UpdateReviewBody } from './schemas.ts'
import { reviewViews } from './views.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Review writes. Each is one transaction: the review row, the course's figures (a trigger keeps
 * `review_course_stats`, whose row lock serializes writes to one course; the result is pushed to the
 * courses plugin with `courses.setRatingStats` in the same transaction), the event (outbox), and after
 * commit the invalidation of the course's cached review pages and summary.
 */
export class ReviewsService {
  readonly #app: EduApp

  constructor(app: EduApp) {
    this.#app = app
  }

  #transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return (this.#app.orm.em.fork() as EntityManager).transactional(work)
  }

  /** Locks and returns a review, or 404 (also for a malformed id that slipped through). */
  async #lock(em: EntityManager, reviewId: string): Promise<ReviewRow> {
    if (!UUID.test(reviewId)) throw new ReviewNotFound(reviewId)
    const [row] = await em.execute<ReviewRow[]>(`SELECT ${REVIEW_COLUMNS} FROM reviews r WHERE r.id = ? FOR UPDATE`, [reviewId])
    if (!row) throw new ReviewNotFound(reviewId)
    return row
  }

  async #update(em: EntityManager, reviewId: string, set: string, params: unknown[]): Promise<ReviewRow> {
    const [row] = await em.execute<ReviewRow[]>(
      `UPDATE reviews r SET ${set}, updated_at = now() WHERE r.id = ? RETURNING ${REVIEW_COLUMNS}`, [...params, reviewId])
    return row!
  }

  /** Pushes the course's visible-review figures (as the trigger left them in this transaction) to the courses plugin. */
  async #syncCourseRating(em: EntityManager, courseId: string): Promise<void> {
    const [s] = await em.execute<StatsRow[]>('SELECT review_count, rating_sum FROM review_course_stats WHERE course_id = ?', [courseId])
    const reviewCount = s?.review_count ?? 0
    await this.#app.services.get('courses').setRatingStats(em, courseId, { avgRating: averageOf(s?.rating_sum ?? 0, reviewCount), reviewCount })
  }

  /** Forgets the course's cached review pages and summary once `em`'s transaction commits. */
  async #invalidateAfterCommit(em: EntityManager, courseId: string): Promise<void> {
    await this.#app.afterCommit(em, () => this.#app.cache.bump(courseTag(courseId)))
  }

  async #view(row: ReviewRow): Promise<ReviewView> {
    const [view] = await reviewViews(this.#app, row.course_id, [row])
    return view!
  }

  /**
   * `POST /courses/:id/reviews`: one review per enrolled student and course.
   * @throws CourseNotFound (404) unknown or draft course; NotEnrolled / EnrollmentRefunded (403); AlreadyReviewed (409)
   */
  async create(principal: Principal, courseId: string, input: CreateReviewBody): Promise<ReviewView> {
    const course = await this.#app.services.get('courses').getCourseFacts(courseId)
    if (!course || course.status === 'draft') throw new CourseNotFound(courseId)
    const standing = (await this.#app.services.get('enrollment').learnerStandings(courseId, [principal.id])).get(principal.id)
    if (!standing) throw new NotEnrolled(courseId)
    if (standing.status === 'refunded') throw new EnrollmentRefunded(courseId)
    const row = await this.#transaction(async (em) => {
      const [inserted] = await em.execute<ReviewRow[]>(
        `INSERT INTO reviews AS r (id, course_id, author_id, rating, comment) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (course_id, author_id) DO NOTHING RETURNING ${REVIEW_COLUMNS}`,
        [newId(), courseId, principal.id, input.rating, input.comment],
      )
      if (!inserted) {
        const [existing] = await em.execute<Array<{ id: string }>>('SELECT id FROM reviews WHERE course_id = ? AND author_id = ?', [courseId, principal.id])
        throw new AlreadyReviewed(courseId, existing?.id ?? '')
      }
      await this.#syncCourseRating(em, courseId)
      await this.#app.events.emit(em, 'review.created', { reviewId: inserted.id, courseId, authorId: principal.id, rating: inserted.rating })
      await this.#invalidateAfterCommit(em, courseId)
      return inserted
    })
    return this.#view(row)
  }

  /**
   * `PATCH /reviews/:id`: the author or an admin changes the rating and/or the comment.
   * @throws ReviewNotFound (404; also a hidden review for anyone but its author and admins); NotAuthor (403)
   */
  async update(principal: Principal, reviewId: string, input: UpdateReviewBody): Promise<ReviewView> {
    const row = await this.#transaction(async (em) => {
      const current = await this.#lock(em, reviewId)
      this.#mayChange(principal, current)
      const rating = input.rating ?? current.rating
      const comment = input.comment ?? current.comment
      if (rating === current.rating && comment === current.comment) return current
      const updated = await this.#update(em, reviewId, 'rating = ?, comment = ?', [rating, comment])
      if (rating !== current.rating) await this.#syncCourseRating(em, current.course_id)
      await this.#app.events.emit(em, 'review.updated', { reviewId, courseId: current.course_id, authorId: current.author_id, rating })
      await this.#invalidateAfterCommit(em, current.course_id)
      return updated
    })
    return this.#view(row)
  }

  /**
   * `DELETE /reviews/:id`: the author or an admin. A hidden review only an admin may delete: its author
   * deleting it could post a new one in its place, past the moderation.
   * @throws ReviewNotFound (404); NotAuthor (403); HiddenReview (403) the author, of a hidden review
   */
  async remove(principal: Principal, reviewId: string): Promise<void> {
    await this.#transaction(async (em) => {
      const current = await this.#lock(em, reviewId)
      this.#mayChange(principal, current)
      if (current.hidden && principal.role !== 'admin') throw new HiddenReview(reviewId)
      await em.execute('DELETE FROM reviews WHERE id = ?', [reviewId])
      await this.#syncCourseRating(em, current.course_id)
      await this.#app.events.emit(em, 'review.deleted', { reviewId, courseId: current.course_id, authorId: current.author_id })
      await this.#invalidateAfterCommit(em, current.course_id)
    })
  }

  #mayChange(principal: Principal, review: ReviewRow): void {
    if (principal.role === 'admin' || principal.id === review.author_id) return
    // Others cannot tell that a hidden review exists.
    if (review.hidden) throw new ReviewNotFound(review.id)
    throw new NotAuthor()
  }

  /** The course's owner teacher (admins and API keys do not reply in a teacher's name). */
  async #mayReply(principal: Principal, review: ReviewRow): Promise<void> {
    const course = await this.#app.services.get('courses').getCourseFacts(review.course_id)
    const isOwner = course !== undefined && principal.kind === 'user' && principal.id === course.teacherId
    if (review.hidden && principal.role !== 'admin') throw new ReviewNotFound(review.id)
    if (!isOwner) throw new NotCourseOwner()
  }

  /**
   * `PUT /reviews/:id/reply`: writes the course owner's one reply, or replaces it.
   * Emits `review.replied` when the review had no reply (a replaced reply is not announced again).
   * @returns the review, and whether the reply is new (201) or replaced (200)
   */
  async reply(principal: Principal, reviewId: string, body: string): Promise<{ review: ReviewView; created: boolean }> {
    const { row, created } = await this.#transaction(async (em) => {
      const current = await this.#lock(em, reviewId)
      await this.#mayReply(principal, current)
      const created = current.reply_body === null
      if (!created && current.reply_body === body) return { row: current, created }
      const row = await this.#update(em, reviewId,
        'reply_body = ?, reply_created_at = COALESCE(reply_created_at, now()), reply_updated_at = now()', [body])
      if (created) {
        await this.#app.events.emit(em, 'review.replied', { reviewId, courseId: current.course_id, authorId: current.author_id, teacherId: principal.id })
      }
      await this.#invalidateAfterCommit(em, current.course_id)
      return { row, created }
    })
    return { review: await this.#view(row), created }
  }

  /** `DELETE /reviews/:id/reply`: the course's owner removes the reply. @throws NoReply (404) when there is none */
  async deleteReply(principal: Principal, reviewId: string): Promise<void> {
    await this.#transaction(async (em) => {
      const current = await this.#lock(em, reviewId)
      await this.#mayReply(principal, current)
      if (current.reply_body === null) throw new NoReply(reviewId)
      await this.#update(em, reviewId, 'reply_body = NULL, reply_created_at = NULL, reply_updated_at = NULL', [])
      await this.#invalidateAfterCommit(em, current.course_id)
    })
  }

  /**
   * `PATCH /reviews/:id/moderation` (admins): hides a review from the public list and the course's
   * figures, or shows it again. Emits `review.hidden` (for the author) when the state changes.
   */
  async moderate(principal: Principal, reviewId: string, input: { hidden: boolean; reason?: string }): Promise<ReviewView> {
    const row = await this.#transaction(async (em) => {
      const current = await this.#lock(em, reviewId)
      const reason = input.hidden ? (input.reason ?? null) : null
      if (current.hidden === input.hidden && current.hidden_reason === reason) return current
      const updated = await this.#update(em, reviewId,
        input.hidden
          ? 'hidden = true, hidden_reason = ?, hidden_at = COALESCE(hidden_at, now()), hidden_by = ?'
          : 'hidden = false, hidden_reason = NULL, hidden_at = NULL, hidden_by = NULL',
        input.hidden ? [reason, principal.kind === 'user' ? principal.id : null] : [])
      if (current.hidden !== input.hidden) {
        await this.#syncCourseRating(em, current.course_id)
        await this.#app.events.emit(em, 'review.hidden', {
          reviewId, courseId: current.course_id, authorId: current.author_id, hidden: input.hidden, ...(reason !== null ? { reason } : {}),
        })
      }
      await this.#invalidateAfterCommit(em, current.course_id)
      return updated
    })
    return this.#view(row)
  }

  /** Course ids whose review pages show this user's name (as an author). */
  async coursesReviewedBy(em: EntityManager, userId: string): Promise<string[]> {
    if (!UUID.test(userId)) return []
    const rows = await em.execute<Array<{ course_id: string }>>('SELECT course_id FROM reviews WHERE author_id = ?', [userId])
    return rows.map((r) => r.course_id)
  }

  /** Whether this student reviewed this course (a completion then changes its `verifiedLearner`). */
  async hasReviewed(em: EntityManager, studentId: string, courseId: string): Promise<boolean> {
    const rows = await em.execute('SELECT 1 FROM reviews WHERE course_id = ? AND author_id = ?', [courseId, studentId])
    return rows.length > 0
  }

  /** A deleted course takes its reviews along (their figures went with the course). */
  async deleteCourseReviews(em: EntityManager, courseId: string): Promise<void> {
    await em.execute('DELETE FROM reviews WHERE course_id = ?', [courseId])
    await em.execute('DELETE FROM review_course_stats WHERE course_id = ?', [courseId])
    await this.#invalidateAfterCommit(em, courseId)
  }
}
