import { html, nothing } from 'lit'
import { unsafeHTML } from 'lit/directives/unsafe-html.js'
import { ApiError, type CourseProgress, type Curriculum, type Lesson } from '../../internal/api.ts'
import { EduElement } from '../../internal/edu-element.ts'
import type { LearnerChange } from '../../internal/learner-state.ts'
import { lockedKey, lockReason, type Locked } from '../../internal/locked.ts'
import { CARD_PARTS, QUIZ_PARTS } from '../../internal/parts.ts'
import { failureKey, isUnavailable } from '../../internal/problems.ts'
import { sanitizeLessonHtml } from '../../internal/sanitize.ts'
import { theme } from '../../internal/theme.ts'
import { playerHost, playerUrl } from '../../internal/video.ts'
import styles from './lesson-player.styles.ts'
import '../course-card/course-card.ts'
import '../quiz/quiz.ts'

type Status = 'loading' | 'ready' | 'locked' | 'unavailable' | 'error'
type Progress = Omit<CourseProgress, 'completedLessonIds'> & { completedLessonIds: Set<string> }
/** Where the keyboard focus goes after the next render, so it never falls to <body> (WCAG 2.4.3). */
type FocusTarget = 'title' | 'complete' | 'after-complete' | null

/**
 * @summary A lesson: its sanitized body, its video (privacy-enhanced, loaded only on play),
 * previous/next within the curriculum, Mark as complete and the course progress. A lesson the
 * viewer may not open says why and offers to enroll or buy, instead of failing; so does a preview
 * lesson, in place of Mark as complete, to a visitor with no token or a student not enrolled.
 *
 * @tag edu-lesson-player
 * @attr lesson-id - The lesson's id (uuid).
 * @attr wait-for-token - A token is coming (also on `<edu-config>`): make no request until `token` is set.
 * @attr course-id - The lesson's course: lets a locked lesson offer enroll/buy (optional; read from the lesson when it opens).
 * @attr heading-level - The level of the lesson title's heading (1–6, default 2).
 *
 * @event edu-lesson-complete - The lesson was marked complete: `{ lessonId, courseId, progress }`.
 * @event edu-navigate - Previous/next was pressed (cancelable: cancel to navigate yourself).
 * @event edu-auth-required - Enroll or Buy was pressed, with no token, on the course card a locked lesson or a preview lesson offers.
 * @event edu-token-expired - The token was refused: set a new one; the player retries where it was.
 * @event edu-token-failed - Three tokens in a row were refused, or the refused token was set again: no more renewals; public data and a sign-in message.
 * @event edu-enroll - From the course card of a locked lesson.
 * @event edu-purchase - From the course card of a locked lesson.
 * @event edu-error - A call failed.
 *
 * @csspart base - The player.
 * @csspart title - The lesson title.
 * @csspart video - The video frame.
 * @csspart content - The lesson body.
 * @csspart navigation - Previous, Mark as complete, Next.
 * @csspart complete - The Mark as complete button.
 * @csspart progress - The course progress bar.
 * @csspart locked - What a locked lesson shows instead.
 * @csspart status - The live region announcing completion and progress.
 * @csspart card-action - The course card a locked lesson shows: each part of `<edu-course-card>` as `card-<part>` (card-base, card-title, card-price, card-action, …).
 * @csspart quiz-submit - The quiz of a quiz lesson: each part of `<edu-quiz>` as `quiz-<part>` (quiz-base, quiz-question, quiz-submit, quiz-summary, …).
 *
 * @cssproperty --edu-color-primary - Accent: buttons, progress, focus.
 * @cssproperty --edu-color-on-primary - Text on the accent.
 * @cssproperty --edu-color-text - Text colour (default: inherited).
 * @cssproperty --edu-color-muted - Secondary text.
 * @cssproperty --edu-color-border - Borders.
 * @cssproperty --edu-color-success - The completed mark.
 * @cssproperty --edu-font-family - Font (default: inherited).
 * @cssproperty --edu-radius - Corner radius.
 * @cssproperty --edu-spacing - Spacing between parts.
 */
export class EduLessonPlayer extends EduElement {
  static styles = [theme, styles]
  static properties = {
    lessonId: { attribute: 'lesson-id', reflect: true },
    courseId: { attribute: 'course-id' },
    headingLevel: { attribute: 'heading-level', type: Number },
    lesson: { state: true },
    curriculum: { state: true },
    progress: { state: true },
    status: { state: true },
    locked: { state: true },
    playing: { state: true },
    busy: { state: true },
    message: { state: true },
    notice: { state: true },
    notEnrolled: { state: true },
  }

  /** The lesson's id. */
  declare lessonId: string
  /** The lesson's course (optional). */
  declare courseId: string | null
  /** Heading level of the lesson title (1–6). */
  declare headingLevel: number
  declare private lesson: Lesson | null
  declare private curriculum: Curriculum | null
  declare private progress: Progress | null
  declare private status: Status
  declare private locked: Locked | null
  declare private playing: boolean
  declare private busy: boolean
  declare private message: string
  /** The message is shown, not only announced (a sign-in request, a failure). */
  declare private notice: boolean
  /** Signed in, and known not to be enrolled in the lesson's course (it is a preview). */
  declare private notEnrolled: boolean
  #loaded = ''
  #focus: FocusTarget = null

  constructor() {
    super()
    this.lessonId = ''
    this.courseId = null
    this.headingLevel = 2
    this.lesson = null
    this.curriculum = null
    this.progress = null
    this.status = 'loading'
    this.locked = null
    this.playing = false
    this.busy = false
    this.message = ''
    this.notice = false
    this.notEnrolled = false
  }

  /**
   * Another widget of the page changed the learner's state: a lesson locked for that course opens
   * on an enrollment or a completed payment (the locked lesson's own card, a course card beside the
   * player); a completion in this course (this player's quiz, another player) moves the progress.
   */
  protected override learnerChanged(change: LearnerChange) {
    const notEnrolled = this.status === 'ready' && this.notEnrolled && this.lesson?.courseId === change.courseId
    if (this.status === 'locked' || notEnrolled) {
      if (!change.enrolled || (this.status === 'locked' && this.locked?.courseId && this.locked.courseId !== change.courseId)) return
      // The card that enrolled may sit in this player and go away: the focus moves on with the learner.
      if (this.matches(':focus-within')) this.#focus = notEnrolled ? 'complete' : 'title'
      this.notice = false
      this.message = ''
      this.#reload()
      return
    }
    const lesson = this.lesson
    if (this.status !== 'ready' || lesson?.courseId !== change.courseId) return
    if (!this.progress || !change.progress) {
      void this.#readProgress(lesson.courseId).then((progress) => {
        if (progress && this.lesson === lesson) this.progress = progress
      })
      return
    }
    const completedLessonIds = new Set(change.progress.completedLessonIds ?? this.progress.completedLessonIds)
    if (change.lessonId) completedLessonIds.add(change.lessonId)
    const { completed, total, percent, status } = change.progress
    this.progress = { completed, total, percent, status, completedLessonIds }
    if (change.lessonId === lesson.id) this.message = this.t('lessonCompleted', { percent })
  }

  protected override willUpdate() {
    const key = `${this.lessonId}\n${this.resolvedApiBase}\n${this.identity}`
    if (this.lessonId && key !== this.#loaded && !this.expired && !this.waitingForToken) {
      // Another learner (or a visitor who has signed in): what was said to the one before goes.
      const identityBefore = this.#loaded.split('\n')[2]
      if (identityBefore !== undefined && identityBefore !== this.identity) {
        this.message = ''
        this.notice = false
      }
      this.#loaded = key
      void this.#load()
    }
  }

  protected override updated(changed: Map<PropertyKey, unknown>) {
    super.updated(changed)
    if (!this.#focus || this.status === 'loading') return
    const root = this.renderRoot
    const target = this.#focus === 'complete'
      ? root.querySelector<HTMLElement>('[part="complete"]')
      : this.#focus === 'after-complete'
        ? root.querySelector<HTMLElement>('[data-next]') ?? root.querySelector<HTMLElement>('.done')
        : null
    this.#focus = null
    ;(target ?? root.querySelector<HTMLElement>('[part="title"]'))?.focus()
  }

  async #load() {
    const lessonId = this.lessonId
    // Another lesson, engine or learner asked for since: this load's replies are dropped (the newer load shows its own).
    const loaded = this.#loaded
    const stale = () => lessonId !== this.lessonId || loaded !== this.#loaded
    if (this.lesson?.id !== lessonId) {
      this.status = 'loading'
      this.playing = false
    }
    // Where the course is known (course-id, or the curriculum of the lesson before), its public
    // curriculum says whether this lesson is a preview, and the student's enrollment whether it
    // opens: a lesson the viewer may not read is never asked for (no refused request).
    const known = this.courseId ?? (this.curriculum?.modules.some((m) => m.lessons.some((l) => l.id === lessonId)) ? this.curriculum.courseId : null)
    try {
      // The curriculum and the enrollment are asked at once (both are public or answered without a refusal).
      let [curriculum, progress] = known
        ? await Promise.all([
          this.curriculum?.courseId === known ? this.curriculum : this.call((api) => api.curriculum(known)).catch(() => null),
          this.#readProgress(known),
        ])
        : [null, undefined]
      const summary = curriculum?.modules.flatMap((m) => m.lessons).find((l) => l.id === lessonId)
      if (!summary) progress = undefined
      if (known && summary) {
        if (!summary.isPreview && progress === null) {
          const locked = await lockReason((work) => this.call(work), this.resolvedToken !== null, this.resolvedToken ? 403 : 401, known)
          if (stale()) return
          Object.assign(this, { locked, curriculum, status: 'locked' })
          return
        }
      }
      const lesson = await this.call((api) => api.lesson(lessonId))
      const courseId = lesson.courseId
      if (curriculum?.courseId !== courseId) {
        curriculum = this.curriculum?.courseId === courseId ? this.curriculum : await this.call((api) => api.curriculum(courseId)).catch(() => null)
        progress = undefined
      }
      if (progress === undefined) progress = await this.#readProgress(courseId)
      if (stale()) return
      Object.assign(this, { lesson, curriculum, progress: progress ?? null, notEnrolled: progress === null && this.resolvedToken !== null, locked: null, status: 'ready' })
    } catch (error) {
      if (stale()) return
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        const locked = await lockReason((work) => this.call(work), this.resolvedToken !== null, error.status, known)
        if (stale()) return
        Object.assign(this, { locked, status: 'locked' })
      } else {
        this.status = isUnavailable(error) ? 'unavailable' : 'error'
      }
    }
  }

  /** The student's progress in the course; null: not enrolled (or anonymous); undefined: not known (not a student). */
  async #readProgress(courseId: string): Promise<Progress | null | undefined> {
    if (!this.resolvedToken) return null
    try {
      const p = await this.call((api) => api.enrollment(courseId))
      return p && { ...p, completedLessonIds: new Set(p.completedLessonIds) }
    } catch {
      return undefined
    }
  }

  #reload = () => {
    this.#loaded = ''
    this.requestUpdate()
  }

  #go(direction: 'previous' | 'next', target: string) {
    const event = this.emit('edu-navigate', { lessonId: target, from: this.lessonId, direction }, { cancelable: true })
    if (event.defaultPrevented) return
    this.message = ''
    this.notice = false
    this.#focus = 'title'
    this.lessonId = target
  }

  async #complete() {
    const lesson = this.lesson
    if (!lesson || this.busy) return
    // With no token the button is not shown (the course is offered instead): nothing to do.
    if (!this.resolvedToken) return
    this.busy = true
    this.notice = false
    try {
      const progress = await this.call((api) => api.completeLesson(lesson.id))
      const completed = new Set(this.progress?.completedLessonIds ?? [])
      completed.add(lesson.id)
      this.progress = { ...progress, completedLessonIds: completed }
      this.message = this.t('lessonCompleted', { percent: progress.percent })
      // The button goes away: the focus moves to Next (or the Completed mark), never to <body>.
      if (this.matches(':focus-within')) this.#focus = 'after-complete'
      this.emit('edu-lesson-complete', { lessonId: lesson.id, courseId: lesson.courseId, progress })
    } catch (error) {
      this.message = this.t(failureKey(error))
      this.notice = true
    } finally {
      this.busy = false
    }
  }

  #video(lesson: Lesson) {
    if (!lesson.videoProvider || !lesson.videoEmbedUrl) return nothing
    const title = this.t('videoTitle', { title: lesson.title })
    if (lesson.videoProvider === 'file') {
      return html`<div part="video"><video controls preload="metadata" src=${lesson.videoEmbedUrl} aria-label=${title}></video></div>`
    }
    if (!this.playing) {
      return html`<div part="video"><div class="facade">
        <button type="button" @click=${() => { this.playing = true }}>▶ ${this.t('playVideo', { host: playerHost(lesson.videoEmbedUrl), title: lesson.title })}</button>
        <p>${this.t('videoNotice', { host: playerHost(lesson.videoEmbedUrl) })}</p>
      </div></div>`
    }
    return html`<div part="video"><iframe src=${playerUrl(lesson.videoProvider, lesson.videoEmbedUrl)} title=${title}
      allow="autoplay; fullscreen; picture-in-picture; encrypted-media" referrerpolicy="strict-origin-when-cross-origin"></iframe></div>`
  }

  /** Where lesson `id` sits in the curriculum (index -1: not in it, or no curriculum). */
  #place(id: string) {
    const lessons = this.curriculum?.modules.flatMap((m) => m.lessons) ?? []
    const index = lessons.findIndex((l) => l.id === id)
    return { lessons, index, previous: index > 0 ? lessons[index - 1] : undefined, next: index >= 0 ? lessons[index + 1] : undefined }
  }

  /** Previous, `middle` (Mark as complete, or nothing), Next. */
  #steps(id: string, middle: unknown = nothing) {
    const { previous, next } = this.#place(id)
    return html`<nav part="navigation" aria-label=${this.t('lessonNav')}>
      ${previous ? html`<button type="button" class="secondary" @click=${() => this.#go('previous', previous.id)}>← ${this.t('previous')}</button>` : nothing}
      <span class="spacer"></span>
      ${middle}
      ${next ? html`<button type="button" class="secondary" data-next @click=${() => this.#go('next', next.id)}>${this.t('next')} →</button>` : nothing}
    </nav>`
  }

  #navigation(lesson: Lesson) {
    const done = this.progress?.completedLessonIds.has(lesson.id) ?? false
    // A visitor with no token, or a signed-in student not enrolled (a preview lesson), is offered the course, not a
    // button that would fail: the card's Enroll or Buy (with no token, its `edu-auth-required`) is the way in.
    const offer = lesson.type === 'quiz' ? null : !this.resolvedToken ? 'signInToComplete' : this.notEnrolled ? 'enrollToComplete' : null
    return html`${offer
      ? html`<div class="offer"><p class="notice">${this.t(offer)}</p>${this.#card(lesson.courseId)}</div>`
      : nothing}
    ${this.#steps(lesson.id, lesson.type === 'quiz' || done || offer ? nothing
      : html`<button part="complete" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => void this.#complete()}>${this.t('markComplete')}</button>`)}`
  }

  #position(id: string) {
    const { lessons, index } = this.#place(id)
    return index >= 0 ? html`<span class="muted">${this.t('lessonPosition', { n: index + 1, total: lessons.length })}</span>` : nothing
  }

  /**
   * A locked lesson: why, and the course's card; where the curriculum is known, also the lesson's
   * position and title, and previous/next, so a visitor who stepped in from a preview can step back.
   */
  #locked(level: number) {
    const locked = this.locked!
    const { lessons, index } = this.#place(this.lessonId)
    const text = this.t(lockedKey(locked))
    return html`${index >= 0
      ? html`<header>${this.#position(this.lessonId)}<div part="title" role="heading" aria-level=${level} tabindex="-1">${lessons[index]!.title}</div></header>`
      : nothing}
    <div part="locked" class="locked">
      <p class="notice">${text}</p>
      ${locked.courseId ? this.#card(locked.courseId) : nothing}
    </div>
    ${index >= 0 ? this.#steps(this.lessonId) : nothing}`
  }

  /** The course's card, offering to enroll or buy. */
  #card(courseId: string) {
    return html`<edu-course-card course-id=${courseId} api-base=${this.resolvedApiBase} .token=${this.resolvedToken} .strings=${this.strings}
      heading-level=${Math.min(6, (this.headingLevel || 2) + 1)} exportparts=${CARD_PARTS}></edu-course-card>`
  }

  override render() {
    const status = html`<div part="status" role="status" class=${this.sessionNotice || this.notice ? 'notice' : 'visually-hidden'}>${this.expired ? this.sessionNotice : this.message || this.sessionNotice}</div>`
    if (this.status === 'loading') return html`<div part="base" aria-busy="true"><p class="muted">${this.t('loading')}</p></div>${status}`
    const level = Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 2))
    if (this.status === 'locked') return html`<div part="base">${this.#locked(level)}</div>${status}`
    if (this.status === 'unavailable') return html`<div part="base"><p>${this.t('lessonUnavailable')}</p></div>${status}`
    const lesson = this.lesson
    if (this.status === 'error' || !lesson) {
      return html`<div part="base"><p>${this.t('loadFailed')}</p><button type="button" class="secondary" @click=${this.#reload}>${this.t('retry')}</button></div>${status}`
    }
    const done = this.progress?.completedLessonIds.has(lesson.id) ?? false
    return html`
      <article part="base">
        <header>
          ${this.#position(lesson.id)}
          <div part="title" role="heading" aria-level=${level} tabindex="-1">${lesson.title}</div>
          ${done ? html`<span class="done" tabindex="-1">✓ ${this.t('completed')}</span>` : nothing}
        </header>
        ${this.#video(lesson)}
        <div part="content">${unsafeHTML(sanitizeLessonHtml(lesson.bodyHtml, lesson.title))}</div>
        ${lesson.type === 'quiz'
          ? html`<edu-quiz lesson-id=${lesson.id} course-id=${lesson.courseId} heading=${this.t('quizTitle')} api-base=${this.resolvedApiBase}
              .token=${this.resolvedToken} .strings=${this.strings} heading-level=${Math.min(6, level + 1)} exportparts=${QUIZ_PARTS}></edu-quiz>`
          : nothing}
        ${this.progress
          ? html`<div class="progress"><span>${this.t('progress', { percent: this.progress.percent })}</span>
              <progress part="progress" max="100" .value=${this.progress.percent} aria-label=${this.t('progressLabel')}></progress></div>`
          : nothing}
        ${this.#navigation(lesson)}
      </article>
      ${status}`
  }
}
