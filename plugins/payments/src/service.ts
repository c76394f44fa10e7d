import { createHash } from 'node:crypto'
import type { EntityManager } from '@mikro-orm/postgresql'
import { currentEm, decodeCursor, newId, toPage, type EduApp, type Principal } from '@eduplatform/core'
import type { CoursesService } from '@eduplatform/plugin-courses'
import { Type } from 'typebox'
import type { PaymentStatus } from './entities/payment.ts'
import {
  AlreadyEnrolled,
  AlreadyPaid,
  CourseNotFound,
  FreeCourse,
  IdempotencyKeyReused,
  NotRefundable,
  PaymentInProgress,
  PaymentNotFound,
  ProviderMismatch,
  UnknownWebhookProvider,
} from './errors.ts'
import type { PaymentRefunded, PaymentSettled, RefundReason } from './events.ts'
import { WebhookPayloadError, type CheckoutResult, type PaymentProvider, type WebhookHeaders } from './providers/provider.ts'

interface PaymentRow {
  id: string
  student_id: string
  course_id: string
  amount_cents: number
  currency: string
  status: PaymentStatus
  provider: string
  provider_ref: string | null
  checkout_url: string | null
  request_hash: string
  created_at: string | Date
  completed_at: string | Date | null
  refunded_at: string | Date | null
}

export interface PaymentView {
  id: string
  studentId: string
  courseId: string
  status: PaymentStatus
  amount: number
  currency: string
  provider: string
  checkoutUrl: string | null
  createdAt: string
  completedAt: string | null
  refundedAt: string | null
}

const COLUMNS = 'id, student_id, course_id, amount_cents, currency, status, provider, provider_ref, checkout_url, request_hash, created_at, completed_at, refunded_at'
const iso = (value: string | Date | null): string | null => (value == null ? null : new Date(value).toISOString())
const IdCursor = Type.Tuple([Type.String({ format: 'uuid' })])
const WEBHOOK_ID = /^[\x21-\x7E]{1,255}$/
/** How long a request replaying an Idempotency-Key waits for the first request's provider call (longer than Stripe's retries). */
const CHECKOUT_WAIT_MS = 90_000

export const toPaymentView = (row: PaymentRow): PaymentView => ({
  id: row.id,
  studentId: row.student_id,
  courseId: row.course_id,
  status: row.status,
  amount: row.amount_cents,
  // Stored as providers want it (lower-case); shown like the course's price (ISO 4217, upper-case).
  currency: row.currency.toUpperCase(),
  provider: row.provider,
  checkoutUrl: row.status === 'pending' ? row.checkout_url : null,
  createdAt: iso(row.created_at)!,
  completedAt: iso(row.completed_at),
  refundedAt: iso(row.refunded_at),
})

const refunded = (row: PaymentRow, reason: RefundReason): PaymentRefunded => ({ ...settled(row), reason })
const settled = (row: PaymentRow): PaymentSettled => ({
  paymentId: row.id,
  studentId: row.student_id,
  courseId: row.course_id,
  amountCents: row.amount_cents,
  currency: row.currency.toUpperCase(),
})

/** What identifies a checkout request besides its key: the same key with another body is a 409. */
export const requestHashOf = (body: { courseId: string }) =>
  // A UUID is case-insensitive: the same course in capitals is the same request.
  createHash('sha256').update(JSON.stringify({ courseId: body.courseId.toLowerCase() })).digest('hex')

export interface CheckoutOutcome {
  payment: PaymentView
  /** False when the Idempotency-Key replayed an earlier request. */
  created: boolean
}

export interface WebhookOutcome {
  received: true
  duplicate: boolean
  ignored: boolean
}

/**
 * Payments through one provider. The amount is always the course price read here; a checkout and its
 * completion commit together with the `payment.completed` outbox row, so the enrollment cannot be lost.
 */
export class PaymentsService {
  readonly #app: EduApp
  readonly provider: PaymentProvider

  constructor(app: EduApp, provider: PaymentProvider) {
    this.#app = app
    this.provider = provider
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

  /** Runs the handlers of an event that just committed; a failure stays in the outbox and is retried. */
  async #deliver(eventId: string | undefined) {
    if (!eventId) return
    try {
      // Waits for a delivery this engine's dispatcher may have started first, so the effect is visible on return.
      await this.#app.events.deliverNow(eventId)
    } catch (err) {
      this.#app.log.warn({ err, eventId }, 'immediate delivery failed; the outbox will retry')
    }
  }

  /** The student's completed (not refunded) payment for the course, if any; at most one exists. */
  async completedPaymentId(studentId: string, courseId: string): Promise<string | undefined> {
    const [row] = await this.#read().execute<Array<{ id: string }>>(
      `SELECT id FROM payments WHERE student_id = ? AND course_id = ? AND status = 'completed' LIMIT 1`,
      [studentId, courseId],
    )
    return row?.id
  }

  async hasCompletedPayment(studentId: string, courseId: string): Promise<boolean> {
    return (await this.completedPaymentId(studentId, courseId)) !== undefined
  }

  /**
   * `POST /payments`. The pending row commits before the provider is called, and no database connection
   * is held during that call (a slow provider cannot drain the pool); a request with the same key that
   * arrives meanwhile waits for the first one's answer and replays it. A checkout the provider refused
   * leaves no row, so the same key may be tried again.
   */
  async checkout(studentId: string, courseId: string, idempotencyKey: string): Promise<CheckoutOutcome> {
    const requestHash = requestHashOf({ courseId })
    const replay = async (row: PaymentRow): Promise<CheckoutOutcome> => {
      if (row.request_hash !== requestHash) throw new IdempotencyKeyReused()
      const settledRow = await this.#afterCheckoutCall(row)
      // The first request's provider call failed and its row is gone: this one tries afresh.
      if (!settledRow) return this.checkout(studentId, courseId, idempotencyKey)
      return { payment: toPaymentView(settledRow), created: false }
    }
    const earlier = await this.#byKey(studentId, idempotencyKey)
    if (earlier) return replay(earlier)

    const checked = await this.#checkoutFacts(studentId, courseId).catch(async (err: unknown) => {
      // A request with the same key may have committed since the lookup above, and its enrollment now
      // fails these checks (AlreadyEnrolled): the key's payment is the answer, not the refusal.
      const committed = await this.#byKey(studentId, idempotencyKey)
      if (committed) return { replayed: committed }
      throw err
    })
    if ('replayed' in checked) return replay(checked.replayed)
    const { course, studentEmail } = checked

    const paymentId = newId()
    const [row] = await this.#read().execute<PaymentRow[]>(
      `INSERT INTO payments (id, student_id, course_id, amount_cents, currency, status, provider, idempotency_key, request_hash)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [paymentId, studentId, courseId, course.priceCents, course.currency.toLowerCase(), this.provider.id, idempotencyKey, requestHash],
    )
    if (!row) {
      const same = await this.#byKey(studentId, idempotencyKey)
      if (same) return replay(same)
      const [open] = await this.#read().execute<Array<{ id: string; status: PaymentStatus }>>(
        `SELECT id, status FROM payments WHERE student_id = ? AND course_id = ? AND status IN ('pending', 'completed')`,
        [studentId, courseId],
      )
      if (open?.status === 'completed') throw new AlreadyPaid(courseId, open.id)
      throw new PaymentInProgress(courseId, open?.id ?? 'unknown')
    }
    let result: CheckoutResult
    try {
      result = await this.provider.createCheckout({
        paymentId,
        amount: row.amount_cents,
        currency: row.currency,
        courseId,
        courseTitle: course.title,
        studentId,
        studentEmail,
        idempotencyKey: `edu-payment:${paymentId}`,
      })
    } catch (err) {
      await this.#read().execute(`DELETE FROM payments WHERE id = ? AND provider_ref IS NULL`, [paymentId])
      throw err
    }
    const outcome = await this.#em().transactional(async (em) => {
      const [updated] = await em.execute<PaymentRow[]>(
        `UPDATE payments SET provider_ref = ?, checkout_url = ?, status = ?, updated_at = now(),
           completed_at = CASE WHEN ? = 'completed' THEN now() END, failed_at = CASE WHEN ? = 'failed' THEN now() END
         WHERE id = ? RETURNING ${COLUMNS}`,
        [result.providerRef, result.checkoutUrl ?? null, result.status, result.status, result.status, paymentId],
      )
      const eventId = updated!.status === 'completed' ? await this.#app.events.emit(em, 'payment.completed', settled(updated!)) : undefined
      return { created: updated!, eventId }
    })
    // The mock completes at once: enroll now, so the student is enrolled when the response returns.
    await this.#deliver(outcome.eventId)
    return { payment: toPaymentView(outcome.created), created: true }
  }

  /** What a new checkout needs, refused when the course cannot be bought by this student now. */
  async #checkoutFacts(studentId: string, courseId: string) {
    const course = await this.#courses.getCourseFacts(courseId)
    if (!course || course.status !== 'published') throw new CourseNotFound(courseId)
    if (course.priceCents <= 0) throw new FreeCourse(courseId)
    if (await this.#app.services.find('enrollment')?.isEnrolled(studentId, courseId)) throw new AlreadyEnrolled(courseId)
    // The address others may see: none for a school's student (unconfirmed, never mailed).
    return { course, studentEmail: (await this.#app.identity.shownEmails([studentId])).get(studentId) }
  }

  async #byKey(studentId: string, idempotencyKey: string): Promise<PaymentRow | undefined> {
    const [row] = await this.#read().execute<PaymentRow[]>(`SELECT ${COLUMNS} FROM payments WHERE student_id = ? AND idempotency_key = ?`, [studentId, idempotencyKey])
    return row
  }

  /**
   * The row once its provider call has answered: a pending row without a provider reference is a call in
   * flight (in this engine or another), so wait for it (up to CHECKOUT_WAIT_MS); undefined if it failed.
   */
  async #afterCheckoutCall(row: PaymentRow): Promise<PaymentRow | undefined> {
    const deadline = Date.now() + CHECKOUT_WAIT_MS
    let current: PaymentRow | undefined = row
    while (current && current.status === 'pending' && current.provider_ref === null) {
      if (Date.now() > deadline) throw new PaymentInProgress(current.course_id, current.id)
      await new Promise((resolve) => setTimeout(resolve, 25))
      ;[current] = await this.#read().execute<PaymentRow[]>(`SELECT ${COLUMNS} FROM payments WHERE id = ?`, [row.id])
    }
    return current
  }

  /** The owner or an admin sees a payment; to anyone else it does not exist (404). */
  async get(principal: Principal, id: string): Promise<PaymentView> {
    const [row] = await this.#read().execute<PaymentRow[]>(`SELECT ${COLUMNS} FROM payments WHERE id = ?`, [id])
    if (!row || (principal.role !== 'admin' && row.student_id !== principal.id)) throw new PaymentNotFound(id)
    return toPaymentView(row)
  }

  /** A student's payments, newest first. */
  async listForStudent(studentId: string, limit: number, cursor: string | undefined) {
    const after = cursor ? decodeCursor(cursor, IdCursor)[0] : null
    const rows = await this.#read().execute<PaymentRow[]>(
      `SELECT ${COLUMNS} FROM payments WHERE student_id = ? ${after ? 'AND id < ?' : ''} ORDER BY id DESC LIMIT ?`,
      after ? [studentId, after, limit + 1] : [studentId, limit + 1],
    )
    return toPage(rows, limit, toPaymentView, (row) => [row.id])
  }

  /**
   * Admin refund: the row stays locked while the provider refunds (its idempotency key makes a retry
   * harmless), then `payment.refunded` revokes the enrollment through the outbox.
   */
  async refund(id: string): Promise<PaymentView> {
    const outcome = await this.#em().transactional(async (em) => {
      const [row] = await em.execute<PaymentRow[]>(`SELECT ${COLUMNS} FROM payments WHERE id = ? FOR UPDATE`, [id])
      if (!row) throw new PaymentNotFound(id)
      if (row.status !== 'completed') throw new NotRefundable(id, row.status)
      if (row.provider !== this.provider.id) throw new ProviderMismatch(id, row.provider)
      const refund = await this.provider.refund(row.provider_ref!, row.amount_cents, row.currency)
      const [updated] = await em.execute<PaymentRow[]>(
        `UPDATE payments SET status = 'refunded', refunded_at = now(), provider_refund_ref = ?, updated_at = now() WHERE id = ? RETURNING ${COLUMNS}`,
        [refund.providerRefundRef, id],
      )
      return { row: updated!, eventId: await this.#app.events.emit(em, 'payment.refunded', refunded(updated!, 'admin')) }
    })
    await this.#deliver(outcome.eventId)
    return toPaymentView(outcome.row)
  }

  /**
   * The `payment.course-missing` handler: refunds a completed payment whose course is gone, through the
   * provider (its idempotency key makes a retried delivery harmless), and emits `payment.refunded` with
   * reason `course_deleted` so the student is told.
   */
  async refundForMissingCourse(em: EntityManager, paymentId: string): Promise<void> {
    const [row] = await em.execute<PaymentRow[]>(`SELECT ${COLUMNS} FROM payments WHERE id = ? FOR UPDATE`, [paymentId])
    if (!row || row.status !== 'completed') return
    const refund = await this.provider.refund(row.provider_ref!, row.amount_cents, row.currency)
    const [updated] = await em.execute<PaymentRow[]>(
      `UPDATE payments SET status = 'refunded', refunded_at = now(), provider_refund_ref = ?, updated_at = now() WHERE id = ? RETURNING ${COLUMNS}`,
      [refund.providerRefundRef, paymentId],
    )
    await this.#app.events.emit(em, 'payment.refunded', refunded(updated!, 'course_deleted'))
  }

  /**
   * A provider webhook: verified over the raw body, applied once per provider event id (the dedupe
   * row commits with the change), in any order the provider sends them.
   */
  async handleWebhook(providerId: string, rawBody: Buffer, headers: WebhookHeaders): Promise<WebhookOutcome> {
    if (providerId !== this.provider.id) throw new UnknownWebhookProvider(providerId, this.provider.id)
    const event = await this.provider.parseWebhook(rawBody, headers)
    if (!event) return { received: true, duplicate: false, ignored: true }
    // Ids are keys of unique indexes: bounded, and text PostgreSQL can store (no NUL).
    for (const [field, value] of [['event id', event.eventId], ['provider reference', event.providerRef]] as const) {
      if (!WEBHOOK_ID.test(value)) throw new WebhookPayloadError(this.provider.id, `${field} must be 1 to 255 printable characters`)
    }
    const outcome = await this.#em().transactional(async (em) => {
      const fresh = await em.execute(
        `INSERT INTO payment_webhook_events (provider, event_id, type) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.provider.id, event.eventId, event.type],
      )
      if (fresh.length === 0) return { duplicate: true, ignored: false }
      const [row] = await em.execute<PaymentRow[]>(
        `SELECT ${COLUMNS} FROM payments WHERE provider = ? AND provider_ref = ? FOR UPDATE`,
        [this.provider.id, event.providerRef],
      )
      if (!row || (event.paymentId !== undefined && event.paymentId !== row.id)) return { duplicate: false, ignored: true }
      await em.execute(`UPDATE payment_webhook_events SET payment_id = ? WHERE provider = ? AND event_id = ?`, [row.id, this.provider.id, event.eventId])

      const move = async (to: PaymentStatus, stamp: 'completed_at' | 'failed_at' | 'refunded_at') => {
        const [updated] = await em.execute<PaymentRow[]>(
          `UPDATE payments SET status = ?, ${stamp} = now(), updated_at = now() WHERE id = ? RETURNING ${COLUMNS}`,
          [to, row.id],
        )
        return updated!
      }
      if (event.type === 'payment.completed' && row.status === 'pending' && !(await this.#courses.getCourseFacts(row.course_id))) {
        // The course was deleted while the student paid: nothing to enroll in, so the money goes back.
        await move('completed', 'completed_at')
        return { duplicate: false, ignored: false, eventId: await this.#app.events.emit(em, 'payment.course-missing', { paymentId: row.id }) }
      }
      if (event.type === 'payment.completed' && row.status === 'pending') {
        const updated = await move('completed', 'completed_at')
        return { duplicate: false, ignored: false, eventId: await this.#app.events.emit(em, 'payment.completed', settled(updated)) }
      }
      if (event.type === 'payment.failed' && row.status === 'pending') {
        const updated = await move('failed', 'failed_at')
        await this.#app.events.emit(em, 'payment.failed', { paymentId: updated.id, studentId: updated.student_id, courseId: updated.course_id })
        return { duplicate: false, ignored: false }
      }
      if (event.type === 'payment.refunded' && row.status === 'completed') {
        const updated = await move('refunded', 'refunded_at')
        return { duplicate: false, ignored: false, eventId: await this.#app.events.emit(em, 'payment.refunded', refunded(updated, 'provider')) }
      }
      // Already in that state (say, our own refund's charge.refunded): nothing to do.
      return { duplicate: false, ignored: false }
    })
    await this.#deliver('eventId' in outcome ? outcome.eventId : undefined)
    return { received: true, duplicate: outcome.duplicate, ignored: outcome.ignored }
  }
}
