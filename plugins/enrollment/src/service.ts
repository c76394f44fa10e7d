import type { EntityManager } from '@mikro-orm/postgresql'
import { currentEm, openTransactionEm, queryPrimary, decodeCursor, formatMoney, newId, toPage, type EduApp, type EmittedEvent, type Principal } from '@eduplatform/core'
import type { CourseFacts, CoursesService, LessonFacts } from '@eduplatform/plugin-courses'
import { Type } from 'typebox'
import type { EnrollmentStatus } from './entities/enrollment.ts'
import { CompletionQueue } from './completion-queue.ts'
import { ProgressCache, type StoredProgress } from './progress-cache.ts'
import { AlreadyEnrolled, CompletionRefused, CourseNotFound, EnrollmentRefunded, LessonNotFound, NotCourseManager, NotEnrolled, PaymentRequired } from './errors.ts'

export interface Progress {
  completed: number
  total: number
  /** Whole percent, rounded down: 100 only when every lesson is complete. */
  percent: number
  completedLessonIds: string[]
}

/**
 * Progress against the course's lessons as they are now: lessons added later lower the percent,
 * completions of deleted lessons no longer count, recorded completions are never undone.
 */
export function progressOf(done: Iterable<string>, lessonIds: readonly string[]): Progress {
  const doneSet = new Set(done)
  const completedLessonIds = lessonIds.filter((id) => doneSet.has(id))
  const total = lessonIds.length
  const completed = completedLessonIds.length
  return { completed, total, percent: total === 0 ? 0 : Math.floor((completed * 100) / total), completedLessonIds }
}

/** A student's enrollment status and progress in one course (`learnerStandings`). */
export interface LearnerStanding {
  status: EnrollmentStatus
  /** Completed lessons that still exist. */
  completed: number
  /** Lessons the course has now. */
  total: number
  /** Whole percent, rounded down. */
  percent: number
}

export interface EnrollmentView {
  id: string
  studentId: string
  courseId: string
  status: EnrollmentStatus
  source: 'free' | 'payment'
  enrolledAt: string
  completedAt: string | null
}

interface EnrollmentRow {
  id: string
  student_id: string
  course_id: string
  status: EnrollmentStatus
  source: 'free' | 'payment'
  created_at: string | Date
  completed_at: string | Date | null
}

export const iso = (value: string | Date | null | undefined): string | null => (value == null ? null : new Date(value).toISOString())

const toView = (row: EnrollmentRow): EnrollmentView => ({
  id: row.id,
  studentId: row.student_id,
  courseId: row.course_id,
  status: row.status,
  source: row.source,
  enrolledAt: iso(row.created_at)!,
  completedAt: iso(row.completed_at),
})

/**
 * A rule another plugin adds to lesson completion (`EnrollmentService.addCompletionGuard`), e.g. "a quiz
 * lesson is complete only after a passing attempt". It is asked only for lessons of its `lessonTypes`
 * (known from the cached lesson facts), so completions of other lessons cost nothing more.
 */
export interface CompletionGuard {
  /** Stable name of the rule, e.g. `quizzes.passing-attempt`. */
  name: string
  lessonTypes: ReadonlyArray<LessonFacts['type']>
  /**
   * Resolves `undefined` to allow the completion, or the reason to refuse it: the completion is then a
   * 409 `EDU_ENROLLMENT_COMPLETION_REFUSED` with that reason as its detail (a student who is not
   * enrolled still gets the 403/404 they would get without the guard).
   */
  check(completion: { studentId: string; courseId: string; lessonId: string }): Promise<string | undefined>
}

interface CompletionItem {
  studentId: string
  courseId: string
  lessonId: string
  /** The course's lesson ids now; completion counts only these. */
  lessonIds: string[]
}

interface CompletionStep {
  /** 1-based position of the item in its batch. */
  item: number
  enrollment_id: string | null
  state: EnrollmentStatus | 'none'
  inserted: boolean
  completed: number
  completes_now: boolean
  completed_at: string | Date | null
}

/** Completion batches running at once: enough to keep PostgreSQL busy while the next one fills. */
const COMPLETION_BATCHES = 2
/** The SQLSTATE of `enrollment_complete_lessons_unless_completing` refusing a batch (migrations/enrollment/004). */
const COMPLETES_A_COURSE = 'EDU01'
/** The SQLSTATE of a PostgreSQL error as the driver or MikroORM hands it on. */
const sqlStateOf = (error: unknown): string | undefined => {
  const e = error as { code?: unknown; sqlState?: unknown; cause?: { code?: unknown } } | null
  const code = e?.code ?? e?.sqlState ?? e?.cause?.code
  return typeof code === 'string' ? code : undefined
}

const IdCursor = Type.Tuple([Type.String({ format: 'uuid' })])
/** Statuses that grant lesson access (an SQL list). */
const GRANTS_ACCESS = `('active', 'completed')`
/** How long a granted lesson access is remembered (seconds); a refund forgets it at once. */
const ACCESS_TTL_SECONDS = 300
/** Ids in lower case: a uuid given in capitals must name the entry a refund forgets (ids read from the database). */
const accessKey = (studentId: string, courseId: string) => `enrollment:access:${studentId.toLowerCase()}:${courseId.toLowerCase()}`
const formatPrice = (c: CourseFacts) => formatMoney(c.priceCents, c.currency)

/**
 * Enrollments and lesson progress. Every write is one transaction; the course's enrollment count
 * moves in the same transaction, and events go through the outbox.
 */
export class EnrollmentService {
  readonly #app: EduApp
  readonly #guards = new Map<string, CompletionGuard[]>()
  readonly #progress: ProgressCache

  constructor(app: EduApp) {
    this.#app = app
    this.#progress = new ProgressCache(app.cache)
  }

  get #courses(): CoursesService {
    return this.#app.services.get('courses')
  }

  #em(): EntityManager {
    return this.#app.orm.em.fork() as EntityManager
  }

  /** Reads (and writes outside a transaction): the open transaction of this flow, an event handler's, else a fork. */
  #read(): EntityManager {
    return currentEm(this.#app.orm)
  }

  /**
   * The lesson access check the courses plugin asks on every lesson read: active or completed, never
   * refunded. A yes is cached (`ACCESS_TTL_SECONDS`) and forgotten when the enrollment is refunded, at once
   * and again after the refund commits; a no is never cached, so a new enrollment opens the lessons at once.
   */
  async isEnrolled(studentId: string, courseId: string): Promise<boolean> {
    const key = accessKey(studentId, courseId)
    if ((await this.#app.cache.getRaw(key)) === '1') return true
    const rows = await currentEm(this.#app.orm).execute<Array<{ ok: number }>>(
      `SELECT 1 AS ok FROM enrollments WHERE student_id = ? AND course_id = ? AND status IN ${GRANTS_ACCESS}`,
      [studentId, courseId],
    )
    if (rows.length === 0) return false
    await this.#app.cache.fillRaw(key, '1', ACCESS_TTL_SECONDS)
    return true
  }

  /** `isEnrolled` answered at once from this process's cache: true when it holds a yes, else undefined (ask `isEnrolled`). */
  isEnrolledCached(studentId: string, courseId: string): true | undefined {
    return this.#app.cache.peekRaw(accessKey(studentId, courseId)) === '1' ? true : undefined
  }

  /**
   * Where these students stand in one course: their enrollment status and progress against the course's
   * lessons as they are now (see `progressOf`). Students with no enrollment are absent from the map.
   * One query for any number of students (the reviews plugin asks it for a page of reviews).
   */
  async learnerStandings(courseId: string, studentIds: readonly string[]): Promise<Map<string, LearnerStanding>> {
    const ids = [...new Set(studentIds)]
    if (ids.length === 0) return new Map()
    const lessonIds = await this.#courses.listLessonIds(courseId)
    const rows = await this.#read().execute<Array<{ student_id: string; status: EnrollmentStatus; completed: number }>>(
      `SELECT e.student_id, e.status,
              (SELECT count(*) FROM lesson_progress lp
               WHERE lp.enrollment_id = e.id AND lp.lesson_id = ANY(string_to_array(?, ',')::uuid[]))::int AS completed
       FROM enrollments e WHERE e.course_id = ? AND e.student_id = ANY(string_to_array(?, ',')::uuid[])`,
      [lessonIds.join(','), courseId, ids.join(',')],
    )
    const total = lessonIds.length
    return new Map(rows.map((r) => [r.student_id, {
      status: r.status,
      completed: r.completed,
      total,
      percent: total === 0 ? 0 : Math.floor((r.completed * 100) / total),
    }]))
  }

  /** `POST /enrollments`: a free course, or a paid one with a completed payment. */
  async enroll(studentId: string, courseId: string): Promise<EnrollmentView> {
    const course = await this.#courses.getCourseFacts(courseId)
    if (!course || course.status !== 'published') throw new CourseNotFound(courseId)
    let source: 'free' | 'payment' = 'free'
    let paymentId: string | null = null
    if (course.priceCents > 0) {
      const payments = this.#app.services.find('payments')
      if (!payments) {
        throw new PaymentRequired(`Course ${courseId} costs ${formatPrice(course)} and payments are not available on this platform, so it cannot be enrolled in`)
      }
      paymentId = (await payments.completedPaymentId(studentId, courseId)) ?? null
      if (!paymentId) {
        throw new PaymentRequired(`Course ${courseId} costs ${formatPrice(course)}: pay for it first (POST /api/v1/payments), which enrolls you`)
      }
      source = 'payment'
    }
    // Already in (active or completed): a 409 from the cached access answer when there is one, else from the
    // insert's own statement, which looks before it writes (no row lock taken, none waited for) and has the
    // answer cached for the next time. A refunded enrollment goes on to the insert, which decides whether it
    // comes back. The payment is recorded, so that its refund (and only its refund) revokes this enrollment.
    const key = accessKey(studentId, courseId)
    if ((await this.#app.cache.getRaw(key)) === '1') throw new AlreadyEnrolled(courseId)
    const created = await this.#insert(currentEm(this.#app.orm), { studentId, courseId, source, paymentId })
    if (created === 'held') await this.#app.cache.fillRaw(key, '1', ACCESS_TTL_SECONDS)
    if (!created || created === 'held') throw new AlreadyEnrolled(courseId)
    return created
  }

  /**
   * Enrolls after a completed payment, inside the caller's transaction (the `payment.completed`
   * handler). Idempotent: an existing enrollment is left as it is, unless it was refunded and this
   * is a newer payment, which reactivates it. Returns whether anything changed.
   */
  async enrollFromPayment(em: EntityManager, input: { studentId: string; courseId: string; paymentId: string }): Promise<boolean> {
    const written = await this.#insert(em, { ...input, source: 'payment' })
    return written !== undefined && written !== 'held'
  }

  /**
   * Creates the enrollment (or reactivates a refunded one) with its `enrollment.created` and the course's
   * enrollment count, in one statement: one round trip and no transaction of its own (inside the caller's
   * when there is one). The course row is locked last, only once the enrollment is written, and only until
   * the statement (or the caller's transaction) commits. `held` when an enrollment granting access (active
   * or completed) is there already, as the statement's snapshot saw it: then it writes nothing and locks no
   * row. Undefined when it wrote nothing otherwise (a refunded enrollment this does not bring back, or one
   * written meanwhile).
   */
  async #insert(em: EntityManager, input: { studentId: string; courseId: string; source: 'free' | 'payment'; paymentId: string | null }) {
    const written = 'EXISTS (SELECT 1 FROM w)'
    // A reactivated enrollment keeps its id: the statement puts the row's id into the stored payload.
    const events = this.#app.events.prepare([{
      event: 'enrollment.created',
      payload: { enrollmentId: newId(), studentId: input.studentId, courseId: input.courseId, source: input.source, paymentId: input.paymentId },
    }], written, `jsonb_build_object('enrollmentId', (SELECT id FROM w))`)
    const count = this.#courses.prepareEnrollmentCount(input.courseId, 1, written)
    const rows = await em.execute<EnrollmentRow[]>(
      `WITH h AS MATERIALIZED (SELECT 1 FROM enrollments WHERE student_id = ? AND course_id = ? AND status IN ${GRANTS_ACCESS}),
       w AS (INSERT INTO enrollments (id, student_id, course_id, status, source, payment_id)
         SELECT ?::uuid, ?::uuid, ?::uuid, 'active', ?, ?::uuid WHERE NOT EXISTS (SELECT 1 FROM h)
       ON CONFLICT (student_id, course_id) DO UPDATE
         SET status = CASE WHEN enrollments.completed_at IS NULL THEN 'active' ELSE 'completed' END,
             source = EXCLUDED.source, payment_id = EXCLUDED.payment_id, refunded_at = NULL, updated_at = now()
         WHERE enrollments.status = 'refunded' AND enrollments.payment_id IS DISTINCT FROM EXCLUDED.payment_id
       RETURNING id, student_id, course_id, status, source, created_at, completed_at)
       ${events.sql ? `, e AS (${events.sql})` : ''}
       , c AS (${count.sql})
       SELECT w.id, w.student_id, w.course_id, w.status, w.source, w.created_at, w.completed_at FROM w CROSS JOIN c
       UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM h`,
      [input.studentId, input.courseId, newId(), input.studentId, input.courseId, input.source, input.paymentId, ...events.params, ...count.params],
    ).catch(count.rethrow)
    const row = rows[0]
    if (!row) return undefined
    if (row.id === null) return 'held' as const
    await count.recorded(em)
    await this.#progressChanged(em, [{ studentId: input.studentId, courseId: input.courseId }])
    await events.recorded(em)
    return toView(row)
  }

  /**
   * After a refund, inside the caller's transaction: the enrollment that payment granted stays (history,
   * progress) but grants no access and leaves the course's count. Idempotent, and safe in any order of
   * delivery: when the payment's enrollment does not exist yet (its `payment.completed` handler has not
   * run), a `refunded` row for that payment is written instead, so the late handler cannot grant access.
   * An enrollment granted otherwise (free, or by another payment) is left alone.
   */
  async markRefunded(em: EntityManager, input: { studentId: string; courseId: string; paymentId: string }): Promise<boolean> {
    const revoke = () => em.execute<Array<{ id: string }>>(
      `UPDATE enrollments SET status = 'refunded', refunded_at = now(), updated_at = now()
       WHERE student_id = ? AND course_id = ? AND status <> 'refunded'
         AND (payment_id = ? OR (payment_id IS NULL AND source = 'payment')) RETURNING id`,
      [input.studentId, input.courseId, input.paymentId],
    )
    let rows = await revoke()
    if (rows.length === 0) {
      const placeholder = await em.execute<Array<{ id: string }>>(
        `INSERT INTO enrollments (id, student_id, course_id, status, source, payment_id, refunded_at)
         VALUES (?, ?, ?, 'refunded', 'payment', ?, now()) ON CONFLICT (student_id, course_id) DO NOTHING RETURNING id`,
        [newId(), input.studentId, input.courseId, input.paymentId],
      )
      if (placeholder.length > 0) return false
      // An enrollment committed meanwhile (this statement waited for it): a fresh look decides.
      rows = await revoke()
    }
    if (rows.length === 0) return false
    await this.#courses.adjustEnrollmentCount(em, input.courseId, -1)
    await this.#progressChanged(em, [{ studentId: input.studentId, courseId: input.courseId }])
    const key = accessKey(input.studentId, input.courseId)
    await this.#app.cache.del(key)
    await this.#app.afterCommit(em, () => this.#app.cache.invalidate(key))
    return true
  }

  /**
   * Adds a rule every lesson completion of its lesson types must pass, whoever asks for it (the
   * `POST /progress/lessons/:id/complete` route or `completeLesson`). Call it from a plugin's `register`.
   */
  addCompletionGuard(guard: CompletionGuard): void {
    for (const type of new Set(guard.lessonTypes)) this.#guards.set(type, [...(this.#guards.get(type) ?? []), guard])
  }

  /** Runs the guards of this lesson's type; a refusal is a 409, after the not-enrolled answers. */
  async #checkGuards(studentId: string, lesson: LessonFacts): Promise<void> {
    const guards = this.#guards.get(lesson.type)
    if (!guards) return
    const completion = { studentId, courseId: lesson.courseId, lessonId: lesson.id }
    for (const guard of guards) {
      const reason = await guard.check(completion)
      if (reason === undefined) continue
      const [row] = await this.#read().execute<Array<{ status: EnrollmentStatus }>>(
        'SELECT status FROM enrollments WHERE student_id = ? AND course_id = ?', [studentId, lesson.courseId])
      if (!row) {
        const course = await this.#courses.getCourseFacts(lesson.courseId)
        throw course?.status === 'draft' ? new LessonNotFound(lesson.id) : new NotEnrolled(lesson.courseId)
      }
      if (row.status === 'refunded') throw new EnrollmentRefunded(lesson.courseId)
      throw new CompletionRefused(reason)
    }
  }

  /** Whether anyone subscribes to these events (else completing a lesson needs no outbox row). */
  #subscribed(...events: string[]): boolean {
    const bus = this.#app.events
    return bus.subscriberIds().some((id) => events.includes(bus.subscriber(id)?.event ?? ''))
  }

  /**
   * Completes a lesson; idempotent. Completions arriving together run as one batch
   * (`enrollment_complete_lessons`, migrations/enrollment/003): per item it locks the enrollment row,
   * records the lesson and completes the course when every lesson is done, so parallel completions are
   * serialized per student and the last one sees every other. Completion guards of the lesson's type
   * (`addCompletionGuard`) are asked first. When `lesson.completed` or
   * `course.completed` has subscribers, the batch runs in a transaction with the events.
   */
  async completeLesson(studentId: string, lessonId: string): Promise<Omit<Progress, 'completedLessonIds'> & { status: EnrollmentStatus; courseId: string }> {
    const lesson = await this.#courses.getLessonFacts(lessonId)
    if (!lesson) throw new LessonNotFound(lessonId)
    const courseId = lesson.courseId
    const lessonIds = await this.#courses.listLessonIds(courseId)
    if (!lessonIds.includes(lessonId)) throw new LessonNotFound(lessonId)
    await this.#checkGuards(studentId, lesson)

    // Inside a transaction (an event handler's delivery) the completion joins it: a batch would take a
    // second pooled connection while this flow holds one.
    const em = openTransactionEm(this.#app.orm)
    if (!em) {
      const repeat = await this.#repeatCompletion(studentId, courseId, lessonId, lessonIds)
      if (repeat) return repeat
    }
    const item = { studentId, courseId, lessonId, lessonIds }
    const step = em ? (await this.#completeBatch(em, [item]))[0]! : await this.#completions.add(item)
    if (step.state === 'none') {
      // A draft's lessons do not exist for students (as GET /lessons/:id answers).
      const course = await this.#courses.getCourseFacts(courseId)
      throw course?.status === 'draft' ? new LessonNotFound(lessonId) : new NotEnrolled(courseId)
    }
    if (step.state === 'refunded') throw new EnrollmentRefunded(courseId)
    const total = lessonIds.length
    return { completed: step.completed, total, percent: total === 0 ? 0 : Math.floor((step.completed * 100) / total), status: step.state, courseId }
  }

  /**
   * The answer to completing a lesson already completed, from the cached progress when it is current:
   * such a completion changes nothing and emits nothing (`enrollment_complete_lesson` writes only a new
   * lesson or a course it completes), so it needs no database work. Undefined, for the batch to decide,
   * when the progress is not cached, the lesson is not among the completed ones, the enrollment is
   * refunded, or every lesson is done while the enrollment is still active (the batch completes it).
   */
  async #repeatCompletion(studentId: string, courseId: string, lessonId: string, lessonIds: string[]) {
    const stored = await this.#progress.peek(studentId, courseId)
    if (!stored || stored.status === 'refunded' || !stored.done.includes(lessonId)) return undefined
    const { completed, total, percent } = progressOf(stored.done, lessonIds)
    if (stored.status === 'active' && completed === total) return undefined
    return { completed, total, percent, status: stored.status, courseId }
  }

  /**
   * A batch is one round trip when it has no event to record: one statement outside a transaction (the
   * function's work is atomic on its own). With subscribers to `lesson.completed`, nearly every batch
   * records one, so it runs in a transaction with its events. With subscribers to `course.completed` only,
   * the batch first runs alone and PostgreSQL refuses it whole when an item would complete its course
   * (migrations/enrollment/004); that rare batch then runs again in a transaction with its event.
   */
  readonly #completions = new CompletionQueue<CompletionItem, CompletionStep>((items) => {
    const inTransaction = () => this.#em().transactional((em) => this.#completeBatch(em, items))
    if (this.#subscribed('lesson.completed')) return inTransaction()
    if (!this.#subscribed('course.completed')) return this.#completeBatch(this.#em(), items)
    return this.#completeBatch(this.#em(), items, { unlessCompleting: true })
      .catch((error: unknown) => (sqlStateOf(error) === COMPLETES_A_COURSE ? inTransaction() : Promise.reject(error)))
  }, { maxInFlight: COMPLETION_BATCHES, maxBatch: 64 })

  /**
   * Completes a batch in `em` (see `completeLesson`), with its events in one statement. With
   * `unlessCompleting`, fails with SQLSTATE `COMPLETES_A_COURSE`, changing nothing, when an item would
   * complete its course.
   */
  async #completeBatch(em: EntityManager, items: CompletionItem[], options: { unlessCompleting?: boolean } = {}): Promise<CompletionStep[]> {
    const fn = options.unlessCompleting ? 'enrollment_complete_lessons_unless_completing' : 'enrollment_complete_lessons'
    const rows = await em.execute<CompletionStep[]>(
      `SELECT * FROM ${fn}(string_to_array(?, ',')::uuid[], string_to_array(?, ',')::uuid[],
         string_to_array(?, ',')::uuid[], string_to_array(?, ';'))`,
      [items.map((i) => i.studentId).join(','), items.map((i) => i.courseId).join(','), items.map((i) => i.lessonId).join(','),
        items.map((i) => i.lessonIds.join(',')).join(';')],
    )
    const steps: CompletionStep[] = []
    for (const row of rows) steps[row.item - 1] = row
    const changed = items.filter((_, i) => steps[i]!.inserted || steps[i]!.completes_now)
    if (changed.length > 0) await this.#progressChanged(em, changed.map(({ studentId, courseId }) => ({ studentId, courseId })))
    // The batch's events in one statement: the enrollment rows stay locked for one more round trip, not two per event.
    const events: EmittedEvent[] = []
    for (const [i, step] of steps.entries()) {
      const { studentId, courseId, lessonId } = items[i]!
      const enrollmentId = step.enrollment_id!
      if (step.inserted) events.push({ event: 'lesson.completed', payload: { enrollmentId, studentId, courseId, lessonId } })
      if (step.completes_now) events.push({ event: 'course.completed', payload: { enrollmentId, studentId, courseId, completedAt: iso(step.completed_at)! } })
    }
    if (events.length > 0) await this.#app.events.emitMany(em, events)
    return steps
  }

  /**
   * After lessons were removed from a course (the `lesson.changed` handler, in its transaction): active
   * enrollments that have now done every remaining lesson are completed, each with one
   * `course.completed`. The status test is re-checked under the row lock, so a completion running at the
   * same time (`enrollment_complete_lesson` locks the same row) cannot complete it twice.
   */
  async completeWhereAllDone(em: EntityManager, courseId: string, removedLessonId?: string): Promise<number> {
    // Delivered as the deletion commits, the courses cache may still hold the old curriculum for a
    // moment: the removed lesson is left out whatever it says.
    const lessonIds = (await this.#courses.listLessonIds(courseId)).filter((id) => id !== removedLessonId)
    if (lessonIds.length === 0) return 0
    const rows = await em.execute<Array<{ id: string; student_id: string; completed_at: string | Date }>>(
      `UPDATE enrollments e SET status = 'completed', completed_at = now(), updated_at = now(), completed_lessons = done.n
       FROM (SELECT lp.enrollment_id, count(*)::int AS n FROM enrollments x
             JOIN lesson_progress lp ON lp.enrollment_id = x.id AND lp.lesson_id = ANY(string_to_array(?, ',')::uuid[])
             WHERE x.course_id = ? AND x.status = 'active' GROUP BY lp.enrollment_id) done
       WHERE e.id = done.enrollment_id AND done.n = ? AND e.status = 'active'
       RETURNING e.id, e.student_id, e.completed_at`,
      [lessonIds.join(','), courseId, lessonIds.length],
    )
    if (rows.length > 0) await this.#progressChanged(em, rows.map((r) => ({ studentId: r.student_id, courseId })))
    for (const row of rows) {
      await this.#app.events.emit(em, 'course.completed', { enrollmentId: row.id, studentId: row.student_id, courseId, completedAt: iso(row.completed_at)! })
    }
    return rows.length
  }

  /**
   * A student's progress in one course. The enrollment's status and completed lessons come from the
   * progress cache (`ProgressCache`; every write to them forgets it as it commits), the course's lessons
   * from the courses plugin's cache: a warm read does no database work.
   */
  async progress(studentId: string, courseId: string): Promise<Progress & { status: EnrollmentStatus }> {
    const [course, enrollment] = await Promise.all([
      this.#courses.getCourseFacts(courseId),
      this.#progress.read(studentId, courseId, () => this.#storedProgress(studentId, courseId)),
    ])
    if (!course || (!enrollment && course.status !== 'published')) throw new CourseNotFound(courseId)
    if (!enrollment) throw new NotEnrolled(courseId)
    const lessonIds = await this.#courses.listLessonIds(courseId)
    return { ...progressOf(enrollment.done, lessonIds), status: enrollment.status }
  }

  /** The enrollment's status and completed lessons as committed (from the primary: this fills the cache). */
  async #storedProgress(studentId: string, courseId: string): Promise<StoredProgress | undefined> {
    const [row] = await queryPrimary<StoredProgress>(this.#app.orm,
      `SELECT e.status, array(SELECT lesson_id::text FROM lesson_progress lp WHERE lp.enrollment_id = e.id) AS done
       FROM enrollments e WHERE e.student_id = ? AND e.course_id = ?`,
      [studentId, courseId],
    )
    return row
  }

  /**
   * These students' progress in these courses changed in `em`'s transaction: their cached progress is
   * forgotten once it commits (at once outside a transaction).
   */
  async #progressChanged(em: EntityManager, pairs: Array<{ studentId: string; courseId: string }>): Promise<void> {
    await this.#app.afterCommit(em, () => this.#progress.changed(pairs))
  }

  /**
   * A student's enrollments, newest first, each with its course summary and progress (with the
   * completed lesson ids). With `courseId`, only the enrollment in that course (zero or one item):
   * how a widget learns whether the student is enrolled without asking for what would be refused.
   */
  async listForStudent(studentId: string, limit: number, cursor: string | undefined, courseId?: string) {
    const after = cursor ? decodeCursor(cursor, IdCursor)[0] : null
    const params: unknown[] = [studentId]
    if (courseId) params.push(courseId)
    if (after) params.push(after)
    params.push(limit + 1)
    const rows = await this.#read().execute<Array<EnrollmentRow & { done: string[] }>>(
      `SELECT e.id, e.student_id, e.course_id, e.status, e.source, e.created_at, e.completed_at,
              array(SELECT lesson_id::text FROM lesson_progress lp WHERE lp.enrollment_id = e.id) AS done
       FROM enrollments e WHERE e.student_id = ? ${courseId ? 'AND e.course_id = ?' : ''} ${after ? 'AND e.id < ?' : ''} ORDER BY e.id DESC LIMIT ?`,
      params,
    )
    const page = rows.slice(0, limit)
    const courseIds = [...new Set(page.map((r) => r.course_id))]
    const [facts, lessonLists] = await Promise.all([
      courseIds.length ? this.#courses.getCourseFactsMany(courseIds) : new Map<string, CourseFacts>(),
      Promise.all(courseIds.map((id) => this.#courses.listLessonIds(id))),
    ])
    const lessonsOf = new Map(courseIds.map((id, i) => [id, lessonLists[i]!]))
    return toPage(
      rows,
      limit,
      (row) => {
        const course = facts.get(row.course_id)
        const { completed, total, percent, completedLessonIds } = progressOf(row.done, lessonsOf.get(row.course_id) ?? [])
        return {
          ...toView(row),
          course: course
            ? { id: course.id, title: course.title, slug: course.slug, teacherId: course.teacherId, status: course.status, priceCents: course.priceCents, currency: course.currency, lessonCount: course.lessonCount }
            : null,
          progress: { completed, total, percent, completedLessonIds },
        }
      },
      (row) => [row.id],
    )
  }

  /**
   * The students who have access to a course now (active or completed, never refunded), a page at a
   * time in enrollment order: pass `nextCursor` back as `cursor` until it is null. With `enrolledBy` (an
   * ISO 8601 time, e.g. `lesson.changed`'s `addedAt`), only those whose enrollment was made at or before
   * that time: an event delivered late is not told to students who enrolled after it happened. For
   * plugins that tell a course's students something (notifications of new lessons); no authorization, no names.
   */
  async listStudentIds(courseId: string, options: { limit?: number; cursor?: string | null; enrolledBy?: string } = {}): Promise<{ studentIds: string[]; nextCursor: string | null }> {
    const limit = options.limit ?? 1000
    const where = ['course_id = ?', `status IN ${GRANTS_ACCESS}`]
    const params: unknown[] = [courseId]
    if (options.enrolledBy !== undefined) {
      where.push('created_at <= ?::timestamptz')
      params.push(options.enrolledBy)
    }
    if (options.cursor) {
      where.push('id > ?')
      params.push(options.cursor)
    }
    const rows = await this.#read().execute<Array<{ id: string; student_id: string }>>(
      `SELECT id, student_id FROM enrollments WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`,
      [...params, limit + 1],
    )
    const more = rows.length > limit
    const page = more ? rows.slice(0, limit) : rows
    return { studentIds: page.map((r) => r.student_id), nextCursor: more ? page[page.length - 1]!.id : null }
  }

  /** Active and completed enrollments of a course (refunded ones do not count). */
  async countForCourse(principal: Principal | null, courseId: string): Promise<number> {
    const course = await this.#courses.getCourseFacts(courseId)
    if (!course || (course.status === 'draft' && !(await this.#courses.canManage(principal, courseId)))) throw new CourseNotFound(courseId)
    const [row] = await this.#read().execute<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM enrollments WHERE course_id = ? AND status IN ${GRANTS_ACCESS}`,
      [courseId],
    )
    return row!.n
  }

  /** The students of a course with their progress, in enrollment order; owner teacher or admin. */
  async listStudents(principal: Principal, courseId: string, limit: number, cursor: string | undefined) {
    const [course, allowed] = await Promise.all([this.#courses.getCourseFacts(courseId), this.#courses.canManage(principal, courseId)])
    // Another teacher cannot tell that a draft exists.
    if (!course || (!allowed && course.status === 'draft')) throw new CourseNotFound(courseId)
    if (!allowed) throw new NotCourseManager()
    const after = cursor ? decodeCursor(cursor, IdCursor)[0] : null
    const lessonIds = await this.#courses.listLessonIds(courseId)
    const rows = await this.#read().execute<Array<EnrollmentRow & { completed: number; last_activity_at: string | Date | null }>>(
      `SELECT e.id, e.student_id, e.course_id, e.status, e.source, e.created_at, e.completed_at, e.last_activity_at,
              (SELECT count(*) FROM lesson_progress lp WHERE lp.enrollment_id = e.id AND lp.lesson_id = ANY(string_to_array(?, ',')::uuid[]))::int AS completed
       FROM enrollments e WHERE e.course_id = ? ${after ? 'AND e.id > ?' : ''} ORDER BY e.id LIMIT ?`,
      after ? [lessonIds.join(','), courseId, after, limit + 1] : [lessonIds.join(','), courseId, limit + 1],
    )
    const page = rows.slice(0, limit)
    // One cache round trip for the page's students, not one each.
    const ids = page.map((r) => r.student_id)
    const [users, emails] = await Promise.all([this.#app.identity.getUsers(ids), this.#app.identity.shownEmails(ids)])
    const total = lessonIds.length
    return toPage(
      rows,
      limit,
      (row) => {
        const user = users.get(row.student_id)
        return {
          ...toView(row),
          student: { id: row.student_id, name: user?.name ?? '', email: emails.get(row.student_id) ?? '' },
          lastActivityAt: iso(row.last_activity_at),
          progress: { completed: row.completed, total, percent: total === 0 ? 0 : Math.floor((row.completed * 100) / total) },
        }
      },
      (row) => [row.id],
    )
  }
}
