import { html, nothing } from 'lit'
import { ApiError, type Course, type CourseProgress } from '../../internal/api.ts'
import { EduElement } from '../../internal/edu-element.ts'
import { formatPrice, formatRating } from '../../internal/format.ts'
import type { LearnerChange } from '../../internal/learner-state.ts'
import { openPage } from '../../internal/navigate.ts'
import { failureKey, isUnavailable } from '../../internal/problems.ts'
import { theme } from '../../internal/theme.ts'
import styles from './course-card.styles.ts'

type Status = 'loading' | 'ready' | 'unavailable' | 'error'

/**
 * @summary A course at a glance: cover, title, teacher, level, price in the page's locale, rating
 * and lesson count, and one call to action that follows the viewer: enroll (free), buy (paid),
 * continue (enrolled, with progress).
 *
 * @tag edu-course-card
 * @attr course-id - The course's id (uuid).
 * @attr wait-for-token - A token is coming (also on `<edu-config>`): make no request until `token` is set.
 * @attr lesson-url - Where Continue leads: an http(s) URL template (absolute or relative) with `{courseId}` and `{lessonId}`; unset (or another scheme, such as `javascript:`), only `edu-open` is emitted.
 * @attr heading-level - The level of the title's heading (1–6, default 3), to fit the page's outline.
 *
 * @event edu-enroll - A student enrolled in this free course.
 * @event edu-purchase - A payment was created for this course (cancelable: cancel to handle `checkoutUrl` yourself).
 * @event edu-open - Continue/Start was pressed: `{ courseId, lessonId }` (cancelable: cancel to stop `lesson-url` navigation).
 * @event edu-auth-required - Enroll or Buy was pressed with no token: sign the visitor in, then set `token`.
 * @event edu-token-expired - The token was refused: set a new one; the card retries.
 * @event edu-token-failed - Three tokens in a row were refused, or the refused token was set again: no more renewals; public data and a sign-in message.
 * @event edu-error - A call failed.
 *
 * @csspart base - The card.
 * @csspart cover - The cover image.
 * @csspart title - The course title.
 * @csspart teacher - The teacher's name.
 * @csspart level - The level badge.
 * @csspart rating - Stars, average and review count.
 * @csspart price - The price, or "Free".
 * @csspart action - The call-to-action button.
 * @csspart progress - The progress bar of an enrolled student.
 * @csspart status - The live region announcing enrollments and errors.
 *
 * @cssproperty --edu-color-primary - Accent: buttons, progress, focus.
 * @cssproperty --edu-color-on-primary - Text on the accent.
 * @cssproperty --edu-color-text - Text colour (default: inherited).
 * @cssproperty --edu-color-muted - Secondary text.
 * @cssproperty --edu-color-surface - Card background (default: transparent).
 * @cssproperty --edu-color-border - Borders.
 * @cssproperty --edu-color-star - Rating stars.
 * @cssproperty --edu-font-family - Font (default: inherited).
 * @cssproperty --edu-radius - Corner radius.
 * @cssproperty --edu-spacing - Inner spacing.
 * @cssproperty --edu-card-max-width - The card's maximum width (default 22rem).
 */
export class EduCourseCard extends EduElement {
  static styles = [theme, styles]
  static properties = {
    courseId: { attribute: 'course-id' },
    lessonUrl: { attribute: 'lesson-url' },
    headingLevel: { attribute: 'heading-level', type: Number },
    course: { state: true },
    progress: { state: true },
    status: { state: true },
    busy: { state: true },
    message: { state: true },
  }

  /** The course's id. */
  declare courseId: string
  /** An http(s) URL template Continue leads to (`{courseId}`, `{lessonId}`); another scheme (`javascript:`) is never followed. */
  declare lessonUrl: string | null
  /** Heading level of the title (1–6). */
  declare headingLevel: number
  declare private course: Course | null
  declare private progress: CourseProgress | null
  declare private status: Status
  declare private busy: boolean
  declare private message: string
  /** One key per purchase intent: a retry (after a token renewal, a lost response) never pays twice. */
  #purchaseKey: string | null = null
  #loaded = ''

  constructor() {
    super()
    this.courseId = ''
    this.lessonUrl = null
    this.headingLevel = 3
    this.course = null
    this.progress = null
    this.status = 'loading'
    this.busy = false
    this.message = ''
  }

  /**
   * Another widget of the page enrolled the learner in this course (a locked lesson's card, a second
   * card), a payment for it completed, or a lesson of it was completed (a player, a quiz): the action
   * and the progress follow.
   */
  protected override learnerChanged(change: LearnerChange) {
    if (change.courseId !== this.courseId || !this.course) return
    const { progress, lessonId } = change
    if (progress?.completedLessonIds) {
      this.progress = { ...progress, completedLessonIds: progress.completedLessonIds }
    } else if (progress && this.progress) {
      const completedLessonIds = [...new Set([...this.progress.completedLessonIds, ...(lessonId ? [lessonId] : [])])]
      this.progress = { completed: progress.completed, total: progress.total, percent: progress.percent, status: progress.status, completedLessonIds }
    } else if (!this.progress) {
      const courseId = this.courseId
      void this.call((api) => api.enrollment(courseId)).then((read) => {
        if (read && courseId === this.courseId) Object.assign(this, { progress: read, message: '' })
      }, () => undefined)
      return
    }
    this.message = ''
  }

  protected override willUpdate() {
    const key = `${this.courseId}\n${this.resolvedApiBase}\n${this.identity}`
    if (this.courseId && key !== this.#loaded && !this.expired && !this.waitingForToken) {
      // Another learner (or a visitor who has signed in): what was said to the one before goes.
      const identityBefore = this.#loaded.split('\n')[2]
      if (identityBefore !== undefined && identityBefore !== this.identity) {
        this.message = ''
      }
      this.#loaded = key
      void this.#load()
    }
  }

  async #load() {
    const courseId = this.courseId
    // Another course, engine or learner asked for since: this load's replies are dropped (the newer load shows its own).
    const loaded = this.#loaded
    const stale = () => courseId !== this.courseId || loaded !== this.#loaded
    if (!this.course || this.course.id !== courseId) this.status = 'loading'
    try {
      const course = await this.call((api) => api.course(courseId))
      // Enrollment is asked of GET /enrollments/me?courseId=, which answers "not enrolled" with an empty page, not a 403.
      const progress = this.resolvedToken ? await this.call((api) => api.enrollment(courseId)).catch(notStudent) : null
      if (stale()) return
      this.course = course
      this.progress = progress
      this.status = 'ready'
    } catch (error) {
      if (stale()) return
      this.status = isUnavailable(error) ? 'unavailable' : 'error'
    }
  }

  #retry = () => {
    this.#loaded = ''
    this.requestUpdate()
  }

  async #act() {
    const course = this.course
    if (!course || this.busy) return
    if (this.progress) return this.#open(course)
    const action = course.isFree ? 'enroll' : 'buy'
    if (!this.resolvedToken) {
      this.message = this.t(action === 'enroll' ? 'signInRequired' : 'signInToBuy')
      this.emit('edu-auth-required', { action, courseId: course.id, lessonId: null })
      return
    }
    this.busy = true
    this.message = ''
    try {
      if (action === 'enroll') await this.#enroll(course)
      else await this.#buy(course)
    } catch (error) {
      this.message = this.t(failureKey(error))
    } finally {
      this.busy = false
    }
  }

  async #enroll(course: Course) {
    let enrollment = null
    try {
      enrollment = await this.call((api) => api.enroll(course.id))
    } catch (error) {
      // Enrolled meanwhile (another tab, another widget): the same outcome.
      if (!(error instanceof ApiError && error.status === 409)) throw error
    }
    this.progress = await this.call((api) => api.progress(course.id))
    this.message = this.t('enrolled', { title: course.title })
    this.emit('edu-enroll', { courseId: course.id, enrollment, progress: this.progress })
  }

  async #buy(course: Course) {
    this.#purchaseKey ??= crypto.randomUUID()
    const key = this.#purchaseKey
    const payment = await this.call((api) => api.pay(course.id, key))
    const event = this.emit('edu-purchase', {
      courseId: course.id,
      payment: { id: payment.id, status: payment.status, amount: payment.amount, currency: payment.currency, checkoutUrl: payment.checkoutUrl },
    }, { cancelable: true })
    if (payment.status === 'completed') {
      this.#purchaseKey = null
      this.progress = await this.call((api) => api.enrollment(course.id))
      this.message = this.progress ? this.t('enrolled', { title: course.title }) : this.t('paymentPending')
    } else if (payment.checkoutUrl && !event.defaultPrevented && openPage(payment.checkoutUrl)) {
      this.message = this.t('redirecting')
    } else {
      this.message = this.t('paymentPending')
    }
  }

  async #open(course: Course) {
    let lessonId: string | null = null
    try {
      const curriculum = await this.call((api) => api.curriculum(course.id))
      const lessons = curriculum.modules.flatMap((m) => m.lessons)
      const done = new Set(this.progress?.completedLessonIds ?? [])
      lessonId = (lessons.find((l) => !done.has(l.id)) ?? lessons[0])?.id ?? null
    } catch {
      // The event still tells the host page which course to open.
    }
    const event = this.emit('edu-open', { courseId: course.id, lessonId }, { cancelable: true })
    if (!event.defaultPrevented && this.lessonUrl && lessonId) {
      openPage(this.lessonUrl.replaceAll('{courseId}', encodeURIComponent(course.id)).replaceAll('{lessonId}', encodeURIComponent(lessonId)))
    }
  }

  #heading(title: string) {
    const level = Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 3))
    return html`<div part="title" role="heading" aria-level=${level}>${title}</div>`
  }

  #action(course: Course) {
    let label: string
    if (this.progress) {
      label = this.progress.percent === 0 ? this.t('start') : this.progress.percent === 100 ? this.t('review') : this.t('continue')
    } else if (course.isFree) {
      label = this.t('enroll')
    } else {
      label = this.t('buy', { price: formatPrice(course.priceCents, course.currency, this.language) })
    }
    // Busy is aria-disabled, not disabled: a disabled button would drop the keyboard focus to <body>
    // (WCAG 2.4.3); the same button stays focused and turns to Start/Continue when the action is done.
    return html`<button part="action" type="button" aria-disabled=${this.busy ? 'true' : 'false'} aria-busy=${this.busy ? 'true' : 'false'} @click=${() => void this.#act()}>${label}</button>`
  }

  #rating(course: Course) {
    if (course.reviewCount === 0) return html`<p part="rating" class="muted">${this.t('noReviews')}</p>`
    const rounded = Math.round(course.avgRating)
    const label = `${this.t('rating', { rating: formatRating(course.avgRating, this.language) })}, ${this.t('reviews', { count: course.reviewCount })}`
    return html`<p part="rating" role="img" aria-label=${label}>
      <span class="stars" aria-hidden="true">${'★'.repeat(rounded)}${'☆'.repeat(5 - rounded)}</span>
      <span aria-hidden="true">${formatRating(course.avgRating, this.language)} (${course.reviewCount})</span>
    </p>`
  }

  override render() {
    const course = this.course
    const status = html`<div part="status" role="status" class=${this.message || this.sessionNotice ? 'notice' : 'visually-hidden'}>${this.expired ? this.sessionNotice : this.message || this.sessionNotice}</div>`
    if (this.status === 'loading' && !course) return html`<div part="base" aria-busy="true"><p class="body muted">${this.t('loading')}</p></div>${status}`
    if (this.status === 'unavailable') return html`<div part="base"><p class="body">${this.t('courseUnavailable')}</p></div>${status}`
    if (this.status === 'error' || !course) {
      return html`<div part="base"><div class="body"><p>${this.t('loadFailed')}</p>
        <button type="button" class="secondary" @click=${this.#retry}>${this.t('retry')}</button></div></div>${status}`
    }
    const price = course.isFree ? this.t('free') : formatPrice(course.priceCents, course.currency, this.language)
    return html`
      <article part="base" aria-label=${course.title}>
        ${course.coverImageUrl ? html`<img part="cover" src=${course.coverImageUrl} alt="" loading="lazy" decoding="async">` : html`<div class="cover-space"></div>`}
        <div class="body">
          ${this.#heading(course.title)}
          <p part="teacher" class="muted">${this.t('teacher', { name: course.teacher.name })}</p>
          <p class="meta">
            <span part="level">${this.t(`level_${course.level}`)}</span>
            <span>${this.t('lessons', { count: course.lessonCount })}</span>
          </p>
          ${this.#rating(course)}
          ${this.progress ? nothing : html`<p part="price"><span class="visually-hidden">${this.t('price')}: </span>${price}</p>`}
          ${this.progress
            ? html`<div class="progress"><span>${this.t('progress', { percent: this.progress.percent })}</span>
                <progress part="progress" max="100" .value=${this.progress.percent} aria-label=${this.t('progressLabel')}></progress></div>`
            : nothing}
          ${this.#action(course)}
        </div>
      </article>
      ${status}`
  }
}

/** A token that is not a student's (a teacher's, an admin's) has no enrollments (403): the card shows the course. */
function notStudent(error: unknown): null {
  if (error instanceof ApiError && error.status === 403) return null
  throw error
}
