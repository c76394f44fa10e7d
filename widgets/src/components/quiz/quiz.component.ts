import { html, nothing } from 'lit'
import { ApiError, type Quiz, type QuizAnswer, type QuizAttempt, type QuizQuestion } from '../../internal/api.ts'
import { EduElement } from '../../internal/edu-element.ts'
import type { LearnerChange } from '../../internal/learner-state.ts'
import { lockedKey, lockReason, type Locked } from '../../internal/locked.ts'
import { CARD_PARTS } from '../../internal/parts.ts'
import { failureKey, isUnavailable } from '../../internal/problems.ts'
import { theme } from '../../internal/theme.ts'
import styles from './quiz.styles.ts'
import '../course-card/course-card.ts'

type Status = 'loading' | 'ready' | 'locked' | 'unavailable' | 'error'

/**
 * @summary A lesson's quiz, every question type (single and multiple choice, true/false, short
 * text) with native, keyboard-operable controls; submit, per-question results with explanations,
 * the score, pass or fail and the attempts left, announced in a live region.
 *
 * @tag edu-quiz
 * @attr lesson-id - The quiz lesson's id (uuid).
 * @attr course-id - The lesson's course: a quiz the viewer may not open says why and offers the course without asking for it (recommended).
 * @attr heading - The quiz's heading (default: the lesson's title).
 * @attr wait-for-token - A token is coming (also on `<edu-config>`): make no request until `token` is set.
 * @attr heading-level - The level of the quiz title's heading (1–6, default 3).
 *
 * @event edu-quiz-submit - An attempt was graded: `{ lessonId, attempt }`.
 * @event edu-quiz-pass - The attempt passed (the lesson is complete).
 * @event edu-lesson-complete - After a pass: the lesson is complete, with the course's progress `{ lessonId, courseId, progress }`.
 * @event edu-auth-required - Submit was pressed with no token.
 * @event edu-enroll - From the course card of a locked quiz.
 * @event edu-purchase - From the course card of a locked quiz.
 * @event edu-token-expired - The token was refused: set a new one; the answers stay and the quiz submits them.
 * @event edu-token-failed - Three tokens in a row were refused, or the refused token was set again: no more renewals; public data and a sign-in message.
 * @event edu-error - A call failed.
 *
 * @csspart base - The quiz form.
 * @csspart title - The quiz title.
 * @csspart question - One question's fieldset.
 * @csspart result - A question's result and explanation.
 * @csspart submit - The submit button.
 * @csspart summary - Score and pass/fail.
 * @csspart status - The live region announcing the result.
 * @csspart locked - What a locked quiz shows instead.
 * @csspart card-action - The course card a locked quiz shows: each part of `<edu-course-card>` as `card-<part>` (card-base, card-title, card-price, card-action, …).
 *
 * @cssproperty --edu-color-primary - Accent: buttons, choices, focus.
 * @cssproperty --edu-color-on-primary - Text on the accent.
 * @cssproperty --edu-color-text - Text colour (default: inherited).
 * @cssproperty --edu-color-muted - Secondary text.
 * @cssproperty --edu-color-border - Borders.
 * @cssproperty --edu-color-success - Correct answers, passed.
 * @cssproperty --edu-color-danger - Incorrect answers, failed.
 * @cssproperty --edu-font-family - Font (default: inherited).
 * @cssproperty --edu-radius - Corner radius.
 * @cssproperty --edu-spacing - Spacing.
 */
export class EduQuiz extends EduElement {
  static styles = [theme, styles]
  static properties = {
    lessonId: { attribute: 'lesson-id' },
    courseId: { attribute: 'course-id' },
    heading: {},
    headingLevel: { attribute: 'heading-level', type: Number },
    quiz: { state: true },
    answers: { state: true },
    attempt: { state: true },
    status: { state: true },
    busy: { state: true },
    message: { state: true },
    notice: { state: true },
    lessonTitle: { state: true },
    locked: { state: true },
    reopened: { state: true },
  }

  /** The quiz lesson's id. */
  declare lessonId: string
  /** The lesson's course (optional, recommended). */
  declare courseId: string | null
  /** The heading; default: the lesson's title. */
  declare heading: string | null
  /** Heading level of the quiz title (1–6). */
  declare headingLevel: number
  /** The lesson's title, once known. */
  declare private lessonTitle: string | null
  declare private locked: Locked | null
  /** The attempt shown is the student's last one, from before the quiz was opened. */
  declare private reopened: boolean
  /** The message is shown, not only announced. */
  declare private notice: boolean
  declare private quiz: Quiz | null
  declare private answers: Map<string, QuizAnswer>
  declare private attempt: QuizAttempt | null
  declare private status: Status
  declare private busy: boolean
  declare private message: string
  #loaded = ''
  #focusQuestion = false

  constructor() {
    super()
    this.lessonId = ''
    this.courseId = null
    this.heading = null
    this.lessonTitle = null
    this.locked = null
    this.reopened = false
    this.notice = false
    this.headingLevel = 3
    this.quiz = null
    this.answers = new Map()
    this.attempt = null
    this.status = 'loading'
    this.busy = false
    this.message = ''
  }

  protected override updated(changed: Map<PropertyKey, unknown>) {
    super.updated(changed)
    if (this.#focusQuestion && this.status === 'ready') {
      this.#focusQuestion = false
      this.renderRoot.querySelector<HTMLElement>('[part="question"] input, [part="summary"]')?.focus()
    }
  }

  protected override willUpdate() {
    const key = `${this.lessonId}\n${this.resolvedApiBase}\n${this.identity}`
    if (this.lessonId && key !== this.#loaded && !this.expired && !this.waitingForToken) {
      // The same quiz for the same learner (or for a visitor who has just signed in) keeps what was
      // answered; another student (the page set another student's token) starts afresh, and never
      // sees the answers, result or explanations of the one before.
      const [lessonBefore, , identityBefore] = this.#loaded.split('\n')
      const keepAnswers = lessonBefore === this.lessonId && (identityBefore === this.identity || identityBefore === '')
      this.#loaded = key
      void this.#load(keepAnswers)
    }
  }

  /** The learner enrolled somewhere on the page (a card, a locked lesson's card): a locked quiz opens. */
  protected override learnerChanged(change: LearnerChange) {
    if (!change.enrolled || this.status !== 'locked' || (this.locked?.courseId && this.locked.courseId !== change.courseId)) return
    // The lock's card may go away with the focus in it: the focus moves to the first question once the quiz is shown.
    this.#focusQuestion = this.matches(':focus-within')
    this.#reload()
  }

  #reload() {
    this.#loaded = ''
    this.requestUpdate()
  }

  async #load(keepAnswers: boolean) {
    const lessonId = this.lessonId
    const courseId = this.courseId
    // Another lesson, engine or learner asked for since: this load's replies are dropped (the newer load shows its own).
    const loaded = this.#loaded
    const stale = () => lessonId !== this.lessonId || loaded !== this.#loaded
    if (!keepAnswers) {
      this.status = 'loading'
      this.answers = new Map()
      this.attempt = null
      this.reopened = false
      this.message = ''
      this.notice = false
    }
    const signedIn = this.resolvedToken !== null
    try {
      // With the course known, its public curriculum gives the lesson's title and whether it is a
      // preview, and the student's enrollment whether it opens: a quiz the viewer may not open is
      // never asked for. Without it, the lesson itself is read (its title and course).
      let title: string | null = null
      if (courseId) {
        const curriculum = await this.call((api) => api.curriculum(courseId)).catch(() => null)
        const summary = curriculum?.modules.flatMap((m) => m.lessons).find((l) => l.id === lessonId)
        title = summary?.title ?? null
        if (summary && !summary.isPreview) {
          const enrolled = signedIn ? await this.call((api) => api.enrollment(courseId)).catch(() => undefined) : null
          if (enrolled === null) {
            const locked = await lockReason((work) => this.call(work), signedIn, signedIn ? 403 : 401, courseId)
            if (stale()) return
            Object.assign(this, { lessonTitle: title, locked, status: 'locked' })
            return
          }
        }
      } else if (!this.heading) {
        title = (await this.call((api) => api.lesson(lessonId))).title
      }
      const quiz = await this.call((api) => api.quiz(lessonId))
      // Reopened after an attempt: its last result (score, pass, answers), as when it was graded.
      const last = signedIn && (quiz.attemptsUsed ?? 0) > 0 && !this.attempt ? await this.call((api) => api.lastAttempt(lessonId)).catch(() => null) : null
      if (stale()) return
      if (last) {
        this.attempt = last
        this.reopened = true
        this.answers = new Map(last.results.filter((r) => r.answer !== null && r.answer !== undefined).map((r) => [r.questionId, r.answer as QuizAnswer]))
      }
      Object.assign(this, { quiz, lessonTitle: title ?? this.lessonTitle, locked: null, status: 'ready' })
    } catch (error) {
      if (stale()) return
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        const locked = await lockReason((work) => this.call(work), signedIn, error.status, courseId)
        if (stale()) return
        Object.assign(this, { locked, status: 'locked' })
      } else {
        this.status = isUnavailable(error) ? 'unavailable' : 'error'
      }
    }
  }

  #attemptsLeft(): number | null {
    const quiz = this.quiz
    if (!quiz || quiz.maxAttempts === null || quiz.maxAttempts === undefined) return null
    return Math.max(0, quiz.maxAttempts - (quiz.attemptsUsed ?? 0))
  }

  #set(question: QuizQuestion, answer: QuizAnswer | undefined) {
    const answers = new Map(this.answers)
    if (answer === undefined) answers.delete(question.id)
    else answers.set(question.id, answer)
    this.answers = answers
  }

  #toggle(question: QuizQuestion, index: number, checked: boolean) {
    const current = new Set((this.answers.get(question.id) as number[] | undefined) ?? [])
    if (checked) current.add(index)
    else current.delete(index)
    this.#set(question, current.size ? [...current].sort((a, b) => a - b) : undefined)
  }

  #unanswered(): QuizQuestion[] {
    return (this.quiz?.questions ?? []).filter((q) => {
      const a = this.answers.get(q.id)
      return a === undefined || (typeof a === 'string' && a.trim() === '')
    })
  }

  async #submit(event: Event) {
    event.preventDefault()
    const quiz = this.quiz
    if (!quiz || this.busy || this.attempt) return
    if (!this.resolvedToken) {
      this.message = this.t('signInRequired')
      this.notice = true
      this.emit('edu-auth-required', { action: 'quiz', courseId: this.courseId, lessonId: quiz.lessonId })
      return
    }
    const missing = this.#unanswered()
    if (missing.length > 0) {
      this.message = this.t('unanswered', { count: missing.length })
      this.renderRoot.querySelector<HTMLElement>(`[data-question="${missing[0]!.id}"] input`)?.focus()
      return
    }
    this.busy = true
    this.notice = false
    this.message = this.t('submitting')
    const answers = quiz.questions.map((q) => ({ questionId: q.id, answer: this.answers.get(q.id)! }))
    try {
      const attempt = await this.call((api) => api.submitQuiz(quiz.lessonId, answers))
      this.quiz = { ...quiz, attemptsUsed: (quiz.attemptsUsed ?? 0) + 1 }
      this.attempt = attempt
      this.reopened = false
      const params = { score: attempt.score, passScore: quiz.passScore }
      const left = this.#attemptsLeft()
      this.message = [attempt.passed ? this.t('passed', params) : this.t('failed', params),
        left === null ? '' : left > 0 ? this.t('attemptsLeft', { count: left }) : this.t('noAttemptsLeft')].filter(Boolean).join(' ')
      this.emit('edu-quiz-submit', { lessonId: quiz.lessonId, attempt })
      // The fieldsets are now disabled: the summary takes the focus, so it is read and Try again comes next.
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="summary"]')?.focus())
      if (attempt.passed) this.emit('edu-quiz-pass', { lessonId: quiz.lessonId, attempt })
    } catch (error) {
      const usedUp = error instanceof ApiError && error.status === 409
      if (usedUp) this.quiz = { ...quiz, attemptsUsed: quiz.maxAttempts ?? quiz.attemptsUsed }
      this.message = this.t(usedUp ? 'noAttemptsLeft' : failureKey(error))
      this.notice = true
    } finally {
      this.busy = false
    }
  }

  #again() {
    this.attempt = null
    this.reopened = false
    this.message = ''
    this.notice = false
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="question"] input')?.focus())
  }

  /** "2 of 3 attempts used" (or "2 attempts used" without a limit). */
  #used(quiz: Quiz) {
    const used = quiz.attemptsUsed ?? 0
    if (used === 0) return nothing
    const text = quiz.maxAttempts ? this.t('attemptsUsed', { used, max: quiz.maxAttempts }) : this.t('attemptsUsedUnlimited', { count: used })
    return html`<span class="used">· ${text}</span>`
  }

  #correctAnswer(question: QuizQuestion, value: unknown): string {
    if (question.type === 'true_false') return value === true ? this.t('true') : this.t('false')
    if (question.type === 'short_text') return Array.isArray(value) ? value.map(String).join(' / ') : String(value ?? '')
    const indexes = Array.isArray(value) ? value : [value]
    return indexes.map((i) => question.options?.[Number(i)] ?? String(i)).join(', ')
  }

  #result(question: QuizQuestion) {
    const result = this.attempt?.results.find((r) => r.questionId === question.id)
    if (!result) return nothing
    const verdict = result.correct ? 'correct' : 'incorrect'
    return html`<div part="result" class=${verdict}>
      <strong class=${verdict}>${result.correct ? '✓' : '✗'} ${this.t(verdict)}</strong>
      ${result.correct ? nothing : html`<p>${this.t('correctAnswer', { answer: this.#correctAnswer(question, result.correctAnswer) })}</p>`}
      ${result.explanation ? html`<p>${result.explanation}</p>` : nothing}
    </div>`
  }

  #control(question: QuizQuestion) {
    const answer = this.answers.get(question.id)
    const name = `q-${question.id}`
    switch (question.type) {
      case 'single':
        return (question.options ?? []).map((option, i) => html`<label class="option">
          <input type="radio" name=${name} .checked=${Array.isArray(answer) && answer[0] === i} @change=${() => this.#set(question, [i])}>
          <span>${option}</span></label>`)
      case 'multiple':
        return (question.options ?? []).map((option, i) => html`<label class="option">
          <input type="checkbox" name=${name} .checked=${Array.isArray(answer) && answer.includes(i)}
            @change=${(e: Event) => this.#toggle(question, i, (e.target as HTMLInputElement).checked)}>
          <span>${option}</span></label>`)
      case 'true_false':
        return [true, false].map((value) => html`<label class="option">
          <input type="radio" name=${name} .checked=${answer === value} @change=${() => this.#set(question, value)}>
          <span>${value ? this.t('true') : this.t('false')}</span></label>`)
      case 'short_text':
        return html`<label class="text"><span>${this.t('yourAnswer')}</span>
          <input type="text" name=${name} autocomplete="off" maxlength="500" .value=${typeof answer === 'string' ? answer : ''}
            @input=${(e: Event) => this.#set(question, (e.target as HTMLInputElement).value)}></label>`
    }
  }

  override render() {
    const live = html`<div part="status" role="status" class=${this.sessionNotice || this.notice ? 'notice' : 'visually-hidden'}>${this.expired ? this.sessionNotice : this.message || this.sessionNotice}</div>`
    const level = Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 3))
    const title = html`<div part="title" role="heading" aria-level=${level}>${this.heading || this.lessonTitle || this.t('quizTitle')}</div>`
    if (this.status === 'loading') return html`<div part="base" aria-busy="true"><p class="muted">${this.t('loading')}</p></div>${live}`
    if (this.status === 'locked') {
      const locked = this.locked ?? { reason: 'enroll', courseId: null }
      return html`<div part="base">${title}<div part="locked"><p class="notice">${this.t(lockedKey(locked))}</p>
        ${locked.courseId ? html`<edu-course-card course-id=${locked.courseId} api-base=${this.resolvedApiBase} .token=${this.resolvedToken} .strings=${this.strings}
          heading-level=${Math.min(6, level + 1)} exportparts=${CARD_PARTS}></edu-course-card>` : nothing}</div></div>${live}`
    }
    if (this.status === 'unavailable') return html`<div part="base"><p>${this.t('quizUnavailable')}</p></div>${live}`
    const quiz = this.quiz
    if (this.status === 'error' || !quiz) {
      return html`<div part="base"><p>${this.t('loadFailed')}</p><button type="button" class="secondary" @click=${() => this.#reload()}>${this.t('retry')}</button></div>${live}`
    }
    const left = this.#attemptsLeft()
    const attempt = this.attempt
    const graded = attempt !== null
    const total = quiz.questions.length
    return html`
      <form part="base" novalidate @submit=${(e: Event) => void this.#submit(e)}>
        ${title}
        <p class="intro muted">${this.t('passScore', { passScore: quiz.passScore })}${left === null ? '' : ` · ${left > 0 ? this.t('attemptsLeft', { count: left }) : this.t('noAttemptsLeft')}`}</p>
        ${quiz.questions.map((q, i) => html`
          <fieldset part="question" data-question=${q.id} ?disabled=${graded}>
            <legend><span class="count">${this.t('question', { n: i + 1, total })}</span>${q.prompt}</legend>
            ${this.#control(q)}
            ${this.#result(q)}
          </fieldset>`)}
        ${graded
          ? html`<p part="summary" tabindex="-1" class=${attempt.passed ? 'passed' : 'failed'}>${this.reopened ? html`<span class="muted">${this.t('lastResult')}: </span>` : nothing}${this.t('score', { score: attempt.score })} —
              ${attempt.passed ? this.t('passed', { score: attempt.score, passScore: quiz.passScore }) : this.t('failed', { score: attempt.score, passScore: quiz.passScore })}
              ${this.#used(quiz)}</p>`
          : nothing}
        <div class="actions">
          ${graded
            ? (left !== 0 ? html`<button type="button" @click=${() => this.#again()}>${this.t('tryAgain')}</button>` : nothing)
            : html`<button part="submit" type="submit" ?disabled=${left === 0} aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? this.t('submitting') : this.t('submit')}</button>`}
        </div>
      </form>
      ${live}`
  }
}
