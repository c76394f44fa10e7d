import type { FastifyInstance } from 'fastify'
import { checkQuiz } from '@eduplatform/plugin-quizzes'
import type { CoursePrincipal, LessonFacts, LessonText } from '@eduplatform/plugin-courses'
import { LessonNotFound, NoLessonText, NotAllowedToAsk, NotCourseManager, ProviderMalformed } from '../errors.ts'
import { courseTag, lessonVersion, type PassageIndex } from '../grounding/index.ts'
import type { Retrieval } from '../grounding/retrieval.ts'
import type { AiMetrics, Operation } from '../metrics.ts'
import type { AiTutorOptions } from '../options.ts'
import { NOT_COVERED_REPLY } from '../providers/offline.ts'
import type { AiProvider, Answer, AnswerChunk, PassageSource, Summary } from '../providers/provider.ts'
import type { AnswerView, QuizDraft, SummaryView } from '../schemas.ts'
import { fingerprint } from '../text/fingerprint.ts'
import { words } from '../text/terms.ts'
import { callProvider, streamProvider, type RetryPolicy } from './resilience.ts'

/** A quiz lesson with less text than this is drafted from the lessons before it in its module too. */
const MIN_QUIZ_SOURCE_WORDS = 60

type Cached<T> = T & { cached: boolean }

/** An answer being streamed: its text pieces, then the whole answer as `AnswerView`. */
export type AnswerStream = AsyncGenerator<{ text: string } | { done: AnswerView }>

/**
 * The AI tutor's work: access checks (through the courses and enrollment services), the result cache keyed by
 * content version, provider and model, grounding, and the provider calls with their timeout and retries.
 * Only complete results are cached: a failed or half-streamed call stores nothing.
 */
export class Tutor {
  readonly #app: FastifyInstance
  readonly #provider: AiProvider
  readonly #options: AiTutorOptions
  readonly #metrics: AiMetrics
  readonly #index: PassageIndex
  readonly #retrieval: Retrieval
  readonly #policy: RetryPolicy
  /** The end of a summary reply's JSON text after `keyPoints`: the provider fields, `cached` true or false. */
  readonly #replyTail: { cached: string; fresh: string }
  /** Every result key ends with the provider and model: `:<provider>:<model>`. */
  readonly #keyEnd: string
  readonly #lookups: Record<Operation, Record<'hit' | 'miss', { inc(): void }>>

  constructor(app: FastifyInstance, deps: { provider: AiProvider; options: AiTutorOptions; metrics: AiMetrics; index: PassageIndex; retrieval: Retrieval }) {
    this.#app = app
    this.#provider = deps.provider
    this.#options = deps.options
    this.#metrics = deps.metrics
    this.#index = deps.index
    this.#retrieval = deps.retrieval
    this.#policy = { timeoutMs: deps.options.timeoutMs, retries: deps.options.retries, backoffMs: deps.options.backoffMs }
    const tail = (cached: boolean) =>
      `,${JSON.stringify({ provider: this.#provider.identifier, model: this.#provider.model, cached } satisfies Omit<SummaryView, 'summary' | 'keyPoints'>).slice(1)}`
    this.#replyTail = { cached: tail(true), fresh: tail(false) }
    this.#keyEnd = `:${this.#provider.identifier}:${this.#provider.model}`
    const lookups = (operation: Operation) => deps.metrics.cacheLookups(this.#provider, operation)
    this.#lookups = { summary: lookups('summary'), quiz: lookups('quiz'), answer: lookups('answer') }
  }

  get provider(): AiProvider {
    return this.#provider
  }

  async #cached<T>(operation: Operation, key: string): Promise<T | undefined> {
    const hit = await this.#cachedRaw(operation, key)
    return hit === undefined ? undefined : (JSON.parse(hit) as T)
  }

  async #cachedRaw(operation: Operation, key: string): Promise<string | undefined> {
    const hit = await this.#app.cache.getRaw(key)
    this.#lookups[operation][hit === undefined ? 'miss' : 'hit'].inc()
    return hit
  }

  #key(operation: string, ...parts: string[]): string {
    return `ai:${operation}:${parts.join(':')}${this.#keyEnd}`
  }

  /** `#key('summary', lessonId, version)`, built without an array (it is built on every summary request). */
  #summaryKey(lessonId: string, version: string): string {
    return `ai:summary:${lessonId}:${version}${this.#keyEnd}`
  }

  // ---- summary

  /**
   * The reply body of `POST /ai/lessons/:id/summary` (a `SummaryView`, as JSON text), for who may read the lesson
   * (`GET /lessons/:id`'s rule, errors included); 422 when it has no text. A cached summary costs the access check
   * (the courses plugin's cached facts, which carry the lesson's content version) and one cache read: the lesson
   * itself is read only to make a summary, and the cached `{ summary, keyPoints }` text becomes the reply unparsed.
   */
  async summaryJson(principal: CoursePrincipal | null, lessonId: string): Promise<string> {
    const courses = this.#app.services.get('courses')
    const { lesson: facts } = await courses.lessonAccess(principal, lessonId)
    // Facts cached by an engine older than `contentVersion` lack it: the lesson's text tells the version then.
    if (facts.contentVersion) {
      const hit = await this.#cachedRaw('summary', this.#summaryKey(facts.id, facts.contentVersion))
      if (hit !== undefined) return this.#summaryReply(hit, true)
    }
    const lesson = await courses.readLesson(principal, lessonId)
    const key = this.#summaryKey(lesson.id, lessonVersion(lesson))
    if (!facts.contentVersion) {
      const hit = await this.#cachedRaw('summary', key)
      if (hit !== undefined) return this.#summaryReply(hit, true)
    }
    if (words(lesson.body).length === 0) throw new NoLessonText()
    const value = await callProvider(this.#provider, 'summary', this.#policy, this.#metrics,
      (signal) => this.#provider.summarize({ lessonId: lesson.id, title: lesson.title, body: lesson.body }, signal))
    if (!value.summary.trim()) throw new NoLessonText()
    const stored = JSON.stringify({ summary: value.summary, keyPoints: value.keyPoints } satisfies Summary)
    await this.#app.cache.setRaw(key, stored, this.#options.cacheTtlSeconds)
    return this.#summaryReply(stored, false)
  }

  /**
   * `summaryJson`'s reply at once (no promise), as its UTF-8 bytes, when this process's cache holds both what the
   * access check reads and the summary (the in-process store: never with Redis); undefined when it does not: call
   * `summaryJson`. Throws the refusals `lessonAccessCached` decides at once (404 a draft's lesson, 401 anonymous).
   */
  cachedSummaryJson(principal: CoursePrincipal | null, lessonId: string): Buffer | undefined {
    const facts = this.#app.services.get('courses').lessonAccessCached(principal, lessonId)?.lesson
    const reply = facts && this.#cachedReplyOf(facts)
    if (reply !== undefined) this.#lookups.summary.hit.inc()
    return reply
  }

  /**
   * The cached summary's reply bytes of the lesson's current version, whoever asks (access is decided apart): the
   * same object while the summary and the lesson's facts stay cached, so the engine's shared cache can tell its
   * stored response is current. Undefined when this process does not hold both.
   */
  summaryReplyAtOnce(lessonId: string): Buffer | undefined {
    const facts = this.#app.services.get('courses').lessonFactsCached(lessonId)
    return facts && this.#cachedReplyOf(facts)
  }

  /** The cached summary's reply bytes for these lesson facts' version; made once per cached summary and kept beside it. */
  #cachedReplyOf(facts: LessonFacts): Buffer | undefined {
    if (!facts.contentVersion) return undefined
    return this.#app.cache.peekDecoded(this.#summaryKey(facts.id, facts.contentVersion), this.#cachedReply)
  }

  /**
   * Whether a caller would be sent the cached summary of this lesson at once: they may read the lesson (decided
   * from what this process holds) and `countRequest` (the AI limits) lets the request through; the lookup is then
   * counted as the route counts it. False when it cannot tell; throws the refusals `lessonAccessCached` decides at
   * once, before counting anything (the shared cache takes a throw as a no).
   */
  summaryAdmitsAtOnce(principal: CoursePrincipal, lessonId: string, countRequest: () => boolean): boolean {
    if (!this.#app.services.get('courses').lessonAccessCached(principal, lessonId)) return false
    if (!countRequest()) return false
    this.#lookups.summary.hit.inc()
    return true
  }

  /** A cached summary's reply bytes (one function, so the in-process store keeps what it made: see `Cache.peekDecoded`). */
  readonly #cachedReply = (summary: string) => Buffer.from(this.#summaryReply(summary, true))

  /** `{ summary, keyPoints }` as JSON text, completed with the provider fields into a `SummaryView`'s text. */
  #summaryReply(summary: string, cached: boolean): string {
    return `${summary.slice(0, summary.lastIndexOf('}'))}${cached ? this.#replyTail.cached : this.#replyTail.fresh}`
  }


  // ---- quiz drafts

  /** Owner teacher or admin. The draft is in the body shape of `PUT /lessons/:id/quiz` and is not saved. */
  async quizDraft(principal: CoursePrincipal, lessonId: string, count: number): Promise<Cached<{ draft: QuizDraft }>> {
    const facts = await this.#managed(principal, lessonId)
    const sources = await this.#quizSources(facts.courseId, lessonId)
    if (sources.length === 0) throw new NoLessonText()
    const key = this.#key('quiz', lessonId, fingerprint(...sources.map(lessonVersion)), String(count))
    const hit = await this.#cached<QuizDraft>('quiz', key)
    if (hit) return { draft: hit, cached: true }
    const draft = await callProvider(this.#provider, 'quiz', this.#policy, this.#metrics,
      (signal) => this.#provider.generateQuiz(sources.map((l) => ({ lessonId: l.id, title: l.title, body: l.body })), count, signal))
    if (draft.questions.length === 0) throw new NoLessonText()
    // Every draft is checked as PUT /lessons/:id/quiz checks a quiz: nothing it would refuse is returned or cached.
    const problems = checkQuiz(draft)
    if (problems.length) throw new ProviderMalformed(`the draft is not a valid quiz (${problems[0]!.field} ${problems[0]!.message})`)
    await this.#app.cache.set(key, draft, this.#options.cacheTtlSeconds)
    return { draft, cached: false }
  }

  /** The lesson's facts when the caller owns its course or is an admin; 404 for others' drafts, 403 otherwise. */
  async #managed(principal: CoursePrincipal, lessonId: string) {
    const courses = this.#app.services.get('courses')
    const facts = await courses.getLessonFacts(lessonId)
    if (!facts) throw new LessonNotFound(lessonId)
    if (!(await courses.canManage(principal, facts.courseId))) {
      const course = await courses.getCourseFacts(facts.courseId)
      if (!course || course.status === 'draft') throw new LessonNotFound(lessonId)
      throw new NotCourseManager()
    }
    return facts
  }

  /** Checks access before anything else (routes call it ahead of body validation). */
  async checkQuizDraft(principal: CoursePrincipal, lessonId: string): Promise<void> {
    await this.#managed(principal, lessonId)
  }

  /** The lesson itself; when it has little text (a quiz lesson), the lessons before it in its module as well. */
  async #quizSources(courseId: string, lessonId: string): Promise<LessonText[]> {
    const lessons = await this.#app.services.get('courses').listLessonTexts(courseId)
    const at = lessons.findIndex((l) => l.id === lessonId)
    if (at < 0) throw new LessonNotFound(lessonId)
    const lesson = lessons[at]!
    if (words(lesson.body).length >= MIN_QUIZ_SOURCE_WORDS) return [lesson]
    const before = lessons.slice(0, at).filter((l) => l.moduleId === lesson.moduleId)
    return [...before, lesson].filter((l) => words(l.body).length > 0)
  }

  // ---- ask

  /** Enrolled students, the owner teacher and admins; 404 for lessons of someone else's draft course. */
  async #askable(principal: CoursePrincipal, lessonId: string) {
    const courses = this.#app.services.get('courses')
    const facts = await courses.getLessonFacts(lessonId)
    if (!facts) throw new LessonNotFound(lessonId)
    const course = await courses.getCourseFacts(facts.courseId)
    if (!course) throw new LessonNotFound(lessonId)
    if (await courses.canManage(principal, course.id)) return course
    if (course.status === 'draft') throw new LessonNotFound(lessonId)
    const access = this.#app.services.find('course-access')
    if (!access || !(await access.isEnrolled(principal.id, course.id))) throw new NotAllowedToAsk()
    return course
  }

  /** Checks access before anything else (routes call it ahead of body validation). */
  async checkAsk(principal: CoursePrincipal, lessonId: string): Promise<void> {
    await this.#askable(principal, lessonId)
  }

  async #prepareAsk(principal: CoursePrincipal, lessonId: string, question: string) {
    const course = await this.#askable(principal, lessonId)
    // A draft's lesson writes are not indexed as they happen (see the plugin's `lesson.changed` subscriber).
    if (course.status === 'draft') await this.#index.catchUp(course.id)
    else await this.#index.ensureCourse(course.id, course.lessonCount)
    const version = await this.#app.cache.version(courseTag(course.id))
    const normalized = question.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()
    // The lesson count is in the key as well: a lesson added or deleted changes it as the write commits, while
    // the tag is bumped only once the index has caught up, a moment later (an answer cached in that moment
    // would otherwise outlive the change).
    const key = this.#key('answer', course.id, String(version), String(course.lessonCount), lessonId, fingerprint(normalized))
    return { course, key }
  }

  #view(value: Answer, passages: PassageSource[], cached: boolean): AnswerView {
    return {
      answer: value.answer,
      covered: value.covered,
      citations: value.citations.map((i) => ({ lessonId: passages[i]!.lessonId, passage: passages[i]!.text })),
      provider: this.#provider.identifier,
      model: this.#provider.model,
      cached,
    }
  }

  async ask(principal: CoursePrincipal, lessonId: string, question: string): Promise<AnswerView> {
    const { course, key } = await this.#prepareAsk(principal, lessonId, question)
    const hit = await this.#cached<AnswerView>('answer', key)
    if (hit) return { ...hit, cached: true }
    const passages = await this.#retrieval.search(course.id, lessonId, question, this.#options.passagesPerQuestion)
    const value = passages.length === 0
      ? { answer: NOT_COVERED_REPLY, covered: false, citations: [] }
      : await callProvider(this.#provider, 'answer', this.#policy, this.#metrics, (signal) => this.#provider.answer(question, passages, signal))
    const view = this.#view(value, passages, false)
    await this.#app.cache.set(key, view, this.#options.cacheTtlSeconds)
    return view
  }

  /**
   * The answer as a stream. Errors before the first piece (access, provider failures after retries) are thrown
   * from this call, so the route can still answer with problem+json; later ones from the iterator.
   */
  async askStream(principal: CoursePrincipal, lessonId: string, question: string): Promise<AnswerStream> {
    const { course, key } = await this.#prepareAsk(principal, lessonId, question)
    const hit = await this.#cached<AnswerView>('answer', key)
    if (hit) return (async function* () { yield { text: hit.answer }; yield { done: { ...hit, cached: true } } })()
    const passages = await this.#retrieval.search(course.id, lessonId, question, this.#options.passagesPerQuestion)
    if (passages.length === 0) {
      const view = this.#view({ answer: NOT_COVERED_REPLY, covered: false, citations: [] }, passages, false)
      await this.#app.cache.set(key, view, this.#options.cacheTtlSeconds)
      return (async function* () { yield { text: view.answer }; yield { done: view } })()
    }
    const chunks = await streamProvider<AnswerChunk>(this.#provider, 'answer', this.#policy, this.#metrics,
      (signal) => this.#provider.answerStream(question, passages, signal), (c) => ('done' in c ? c.usage : undefined))
    const app = this.#app
    const ttl = this.#options.cacheTtlSeconds
    const toView = (value: Answer) => this.#view(value, passages, false)
    return (async function* () {
      for await (const chunk of chunks) {
        if ('text' in chunk) {
          yield { text: chunk.text }
          continue
        }
        const view = toView(chunk.done)
        await app.cache.set(key, view, ttl)
        yield { done: view }
      }
    })()
  }
}
