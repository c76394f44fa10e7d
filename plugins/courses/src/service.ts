import type { FastifyInstance } from 'fastify'
import { queryPrimary } from '@eduplatform/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { CATALOG_TAG, decodeBody, keys, TTL_SECONDS } from './cache.ts'
import { CourseNotFound, LessonNotFound, NotEnrolled, SignInToRead } from './errors.ts'
import type { CourseFacts, CoursePrincipal, CoursesService, LessonAccess, LessonFacts, LessonText, PreparedCountChange } from './events.ts'
import type { CourseStatus, CurriculumView, LessonView } from './schemas.ts'
import { courseFacts, FACTS_COLUMNS, iso, lessonFacts, type FactsRow, type LessonRow } from './views.ts'

type Row = Record<string, unknown>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** Ids from other plugins are checked here, so a malformed one is "not found", never a database error. */
export const isUuid = (id: unknown): id is string => typeof id === 'string' && UUID.test(id)

/** A course's owner and status: what deciding who may change it needs. */
export interface CourseOwner {
  teacher_id: string
  status: CourseStatus
}

/** Owner teacher or admin (an API key acts as an admin). */
export function manages(principal: CoursePrincipal | null | undefined, ownerId: string): boolean {
  if (!principal) return false
  return principal.role === 'admin' || principal.id === ownerId
}

/**
 * The plugin's shared core: database access, the cached facts other plugins read, and cache
 * invalidation. Catalogue, reading and authoring build on it.
 */
export class CoursesCore implements CoursesService {
  readonly app: FastifyInstance
  #loadCurriculum: ((courseId: string) => Promise<string | undefined>) | undefined
  #readLesson: ((lessonId: string, principal: CoursePrincipal | null) => Promise<string>) | undefined

  constructor(app: FastifyInstance) {
    this.app = app
  }

  /** Curriculum loader, set by the reading side (it owns the cached curriculum). */
  setCurriculumLoader(load: (courseId: string) => Promise<string | undefined>): void {
    this.#loadCurriculum = load
  }

  /** Access-checked lesson reader, set by the reading side (it owns the cached lesson bodies); returns the lesson's JSON. */
  setLessonReader(read: (lessonId: string, principal: CoursePrincipal | null) => Promise<string>): void {
    this.#readLesson = read
  }

  /**
   * Rows from the primary (cache fills must never read a lagging replica); inside an open transaction
   * (an event handler's delivery, a write), through that transaction's connection (see `currentEm`).
   */
  async query<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryPrimary<T>(this.app.orm, sql, params)
  }

  /** Runs `work` in one transaction. */
  async transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.app.orm.em.fork().transactional(work)
  }

  // ---- invalidation

  /**
   * Forgets everything cached about a course (and these lessons), its card included; and the catalogue
   * pages when `catalogue` (default true) says the write changed what they list (see `CATALOG_TAG`). Its
   * owner and status (`getCourseOwner`) are kept when `status: false` says the write changed neither (a
   * one-statement write, which never does). `gone` names deleted lessons and modules, whose course
   * (`courseOfLesson`, `courseOfModule`) is forgotten too: a write naming them is then told they do not exist.
   */
  async invalidateCourse(
    courseId: string, lessonIds: readonly string[] = [],
    options: { catalogue?: boolean; status?: boolean; gone?: { lessons?: readonly string[]; modules?: readonly string[] } } = {},
  ): Promise<void> {
    const cacheKeys = new Set(this.#courseKeys(courseId, lessonIds))
    if (options.status ?? true) cacheKeys.add(keys.control(courseId))
    for (const id of options.gone?.lessons ?? []) cacheKeys.add(keys.lessonCourse(id))
    for (const id of options.gone?.modules ?? []) cacheKeys.add(keys.moduleCourse(id))
    await this.#invalidate(cacheKeys, options.catalogue ?? true)
  }

  #courseKeys(courseId: string, lessonIds: readonly string[]): string[] {
    return [
      keys.detail(courseId), keys.curriculum(courseId), keys.lessonIds(courseId), keys.facts(courseId),
      ...lessonIds.flatMap((id) => [keys.lesson(id), keys.lessonFacts(id)]),
    ]
  }

  async #invalidate(cacheKeys: Set<string>, catalogue: boolean): Promise<void> {
    await Promise.all([this.app.cache.invalidate(...cacheKeys), catalogue ? this.app.cache.bump(CATALOG_TAG) : undefined])
  }

  /**
   * A counter of the course changed (enrollments, ratings): its card (the detail entry, the only cached
   * view that shows counters; facts, curriculum and lesson ids do not) is forgotten once `em`'s
   * transaction commits, not before: the row is locked until then, and the cache round trip waits for no
   * lock. Until the commit, readers see (and may cache) the committed row, which is what the database
   * holds for them too; the forgetting comes after any such fill. Catalogue pages are not recomputed:
   * their cards are read live; orders by counters lag by at most `COUNTER_ORDER_TTL_SECONDS`.
   */
  async invalidateInTransaction(em: EntityManager, courseId: string): Promise<void> {
    await this.app.afterCommit(em, () => this.app.cache.invalidate(keys.detail(courseId)))
  }

  /**
   * Forgets the cached course views (detail entries, which are also the catalogue's cards) of these
   * courses: what shows a teacher's or a category's name. Names neither filter nor order a page, so the
   * pages stay. Course ids only, so it is cheap even for a category of thousands of courses.
   */
  async invalidateViews(courseIds: readonly string[]): Promise<void> {
    for (let i = 0; i < courseIds.length; i += 1000) {
      await this.app.cache.invalidate(...courseIds.slice(i, i + 1000).map((id) => keys.detail(id)))
    }
  }

  /** Course ids of a teacher (every status): their views carry the teacher's name. */
  async courseIdsOfTeacher(em: EntityManager, teacherId: string): Promise<string[]> {
    if (!isUuid(teacherId)) return []
    const rows = await em.execute<Array<{ id: string }>>('SELECT id FROM courses WHERE teacher_id = ?::uuid', [teacherId])
    return rows.map((r) => r.id)
  }

  // ---- CoursesService

  async getCourseFacts(courseId: string): Promise<CourseFacts | undefined> {
    if (!isUuid(courseId)) return undefined
    return this.app.cache.wrap(keys.facts(courseId), TTL_SECONDS, async () => {
      const [row] = await this.query<FactsRow>(`SELECT ${FACTS_COLUMNS} FROM courses WHERE id = ?::uuid`, [courseId])
      return row ? courseFacts(row) : undefined
    })
  }

  async getCourseFactsMany(courseIds: string[]): Promise<Map<string, CourseFacts>> {
    const ids = [...new Set(courseIds)].filter(isUuid)
    const found = new Map<string, CourseFacts>()
    const cached = await Promise.all(ids.map((id) => this.app.cache.get<CourseFacts>(keys.facts(id))))
    const missing: string[] = []
    ids.forEach((id, i) => {
      const hit = cached[i]
      if (hit) found.set(id, hit)
      else missing.push(id)
    })
    if (missing.length) {
      const rows = await this.query<FactsRow>(`SELECT ${FACTS_COLUMNS} FROM courses WHERE id = ANY(ARRAY[?]::uuid[])`, [missing])
      await Promise.all(rows.map((row) => {
        const facts = courseFacts(row)
        found.set(facts.id, facts)
        return this.app.cache.fill(keys.facts(facts.id), facts, TTL_SECONDS)
      }))
    }
    return found
  }

  /**
   * A course's owner and status, cached apart from its facts: lesson and module writes, which move the
   * facts' counters, leave it be. What a write checks before its statement (the statement checks again).
   */
  async getCourseOwner(courseId: string): Promise<CourseOwner | undefined> {
    if (!isUuid(courseId)) return undefined
    return this.app.cache.wrap(keys.control(courseId), TTL_SECONDS, async () => {
      const [row] = await this.query<CourseOwner>('SELECT teacher_id, status FROM courses WHERE id = ?::uuid', [courseId])
      return row && { teacher_id: row.teacher_id, status: row.status }
    })
  }

  /** The course of a module (cached: a module never moves to another course); undefined when there is no such module. */
  async courseOfModule(moduleId: string): Promise<string | undefined> {
    if (!isUuid(moduleId)) return undefined
    return this.app.cache.wrap(keys.moduleCourse(moduleId), TTL_SECONDS, async () => {
      const [row] = await this.query<{ course_id: string }>('SELECT course_id FROM course_modules WHERE id = ?::uuid', [moduleId])
      return row?.course_id
    })
  }

  /** The course of a lesson (cached apart from its facts, which its edits forget: a lesson never moves). */
  async courseOfLesson(lessonId: string): Promise<string | undefined> {
    if (!isUuid(lessonId)) return undefined
    return this.app.cache.wrap(keys.lessonCourse(lessonId), TTL_SECONDS, async () => (await this.getLessonFacts(lessonId))?.courseId)
  }

  async getLessonFacts(lessonId: string): Promise<LessonFacts | undefined> {
    if (!isUuid(lessonId)) return undefined
    return this.app.cache.wrap(keys.lessonFacts(lessonId), TTL_SECONDS, async () => {
      const [row] = await this.query<LessonRow>(
        `SELECT id, course_id, module_id, title, type, is_preview, body FROM course_lessons WHERE id = ?::uuid`, [lessonId])
      return row ? lessonFacts(row) : undefined
    })
  }

  /** Cached apart from the curriculum: progress reads and completions ask for it on every request. */
  async listLessonIds(courseId: string): Promise<string[]> {
    if (!isUuid(courseId)) return []
    return this.app.cache.wrap(keys.lessonIds(courseId), TTL_SECONDS, async () => {
      const raw = await this.#loadCurriculum?.(courseId)
      const body = raw === undefined ? undefined : decodeBody(raw)
      if (!body) return []
      const curriculum = JSON.parse(body.json) as CurriculumView
      return curriculum.modules.flatMap((m) => m.lessons.map((l) => l.id))
    })
  }

  async readLesson(principal: CoursePrincipal | null, lessonId: string): Promise<LessonText> {
    if (!this.#readLesson) throw new Error('The lesson reader is not set')
    const view = JSON.parse(await this.#readLesson(lessonId, principal)) as LessonView
    return { id: view.id, courseId: view.courseId, moduleId: view.moduleId, title: view.title, type: view.type, body: view.body, updatedAt: view.updatedAt }
  }

  async getLessonText(lessonId: string): Promise<LessonText | undefined> {
    if (!isUuid(lessonId)) return undefined
    const [row] = await this.query<TextRow>(`SELECT ${TEXT_COLUMNS} FROM course_lessons l WHERE l.id = ?::uuid`, [lessonId])
    return row ? lessonText(row) : undefined
  }

  async listLessonTexts(courseId: string): Promise<LessonText[]> {
    if (!isUuid(courseId)) return []
    const rows = await this.query<TextRow>(
      `SELECT ${TEXT_COLUMNS} FROM course_lessons l JOIN course_modules m ON m.id = l.module_id
       WHERE l.course_id = ?::uuid ORDER BY m.position, l.position`, [courseId])
    return rows.map(lessonText)
  }

  async canManage(principal: CoursePrincipal | null, courseId: string): Promise<boolean> {
    if (!principal) return false
    if (principal.role === 'admin') return true
    const facts = await this.getCourseFacts(courseId)
    return facts !== undefined && facts.teacherId === principal.id
  }

  async lessonAccess(principal: CoursePrincipal | null, lessonId: string): Promise<LessonAccess> {
    const lesson = await this.getLessonFacts(lessonId)
    if (!lesson) throw new LessonNotFound(lessonId)
    const course = await this.getCourseFacts(lesson.courseId)
    if (!course) throw new LessonNotFound(lessonId)
    const access = standing(principal, lessonId, lesson, course)
    if (access.manages || access.preview) return access
    if (!principal) throw new SignInToRead()
    // Looked up per request: the enrollment plugin registers after this one, or not at all.
    const enrollment = this.app.services.find('course-access')
    if (!enrollment || !(await enrollment.isEnrolled(principal.id, course.id))) throw new NotEnrolled()
    return access
  }

  lessonFactsCached(lessonId: string): LessonFacts | undefined {
    return isUuid(lessonId) ? this.app.cache.peek<LessonFacts>(keys.lessonFacts(lessonId)) : undefined
  }

  lessonAccessCached(principal: CoursePrincipal | null, lessonId: string): LessonAccess | undefined {
    if (!isUuid(lessonId)) return undefined
    const lesson = this.app.cache.peek<LessonFacts>(keys.lessonFacts(lessonId))
    const course = lesson && this.app.cache.peek<CourseFacts>(keys.facts(lesson.courseId))
    if (!lesson || !course) return undefined
    const access = standing(principal, lessonId, lesson, course)
    if (access.manages || access.preview) return access
    if (!principal) throw new SignInToRead()
    return this.app.services.find('course-access')?.isEnrolledCached?.(principal.id, course.id) ? access : undefined
  }

  async adjustEnrollmentCount(em: EntityManager, courseId: string, delta: number): Promise<void> {
    if (!Number.isInteger(delta)) throw new RangeError('delta must be an integer')
    if (!isUuid(courseId)) throw new CourseNotFound(courseId)
    const rows = await em.execute<Array<{ id: string }>>(
      `UPDATE courses SET enrollment_count = GREATEST(enrollment_count + ?, 0) WHERE id = ?::uuid RETURNING id`, [delta, courseId])
    if (rows.length === 0) throw new CourseNotFound(courseId)
    await this.invalidateInTransaction(em, courseId)
  }

  prepareEnrollmentCount(courseId: string, delta: number, condition: string): PreparedCountChange {
    if (!Number.isInteger(delta)) throw new RangeError('delta must be an integer')
    if (!isUuid(courseId)) throw new CourseNotFound(courseId)
    return {
      sql: `SELECT courses_adjust_enrollment_count(?::uuid, ?::integer) AS course_id WHERE ${condition}`,
      params: [courseId, delta],
      recorded: (em) => this.invalidateInTransaction(em, courseId),
      rethrow: (err) => {
        if ((err as { code?: unknown } | null)?.code === 'P0002') throw new CourseNotFound(courseId)
        throw err
      },
    }
  }

  async setRatingStats(em: EntityManager, courseId: string, stats: { avgRating: number; reviewCount: number }): Promise<void> {
    if (!isUuid(courseId)) throw new CourseNotFound(courseId)
    const avg = Math.min(5, Math.max(0, Math.round(stats.avgRating * 100) / 100))
    const count = Math.max(0, Math.trunc(stats.reviewCount))
    const rows = await em.execute<Array<{ id: string }>>(
      `UPDATE courses SET avg_rating = ?, review_count = ? WHERE id = ?::uuid RETURNING id`, [avg, count, courseId])
    if (rows.length === 0) throw new CourseNotFound(courseId)
    await this.invalidateInTransaction(em, courseId)
  }
}

/**
 * `lessonAccess`'s rule before the enrollment check: who the caller is to the lesson (owner or admin; a preview
 * of a published course). Throws 404 for a draft course's lesson to anyone but its owner and admins.
 */
function standing(principal: CoursePrincipal | null, lessonId: string, lesson: LessonFacts, course: CourseFacts): LessonAccess {
  const owner = manages(principal, course.teacherId)
  if (course.status === 'draft' && !owner) throw new LessonNotFound(lessonId)
  return { lesson, course, manages: owner, preview: lesson.isPreview && course.status === 'published' }
}

const TEXT_COLUMNS = 'l.id, l.course_id, l.module_id, l.title, l.type, l.body, l.updated_at'
type TextRow = Pick<LessonRow, 'id' | 'course_id' | 'module_id' | 'title' | 'type' | 'body' | 'updated_at'>

function lessonText(row: TextRow): LessonText {
  return { id: row.id, courseId: row.course_id, moduleId: row.module_id, title: row.title, type: row.type, body: row.body, updatedAt: iso(row.updated_at) }
}
