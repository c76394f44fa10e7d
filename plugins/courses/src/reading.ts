import { decodeBody, decodeForSending, encodeBody, keys, makeBody, TTL_SECONDS, type CachedBody, type SendableBody } from './cache.ts'
import type { Catalog } from './catalog.ts'
import { CourseNotFound, LessonNotFound } from './errors.ts'
import type { CoursePrincipal } from './events.ts'
import type { CurriculumView, LessonView, ModuleView } from './schemas.ts'
import { manages, type CoursesCore } from './service.ts'
import {
  categoryView, COURSE_COLUMNS, COURSE_FROM, LESSON_COLUMNS, lessonView, MODULE_LESSONS, moduleView, type CategoryRow, type CourseRow, type LessonRow, type ModuleRow,
} from './views.ts'

/** A response body and whether it may be stored by shared caches. */
export interface Readable {
  body: CachedBody
  public: boolean
}

/** `Readable` with the body's JSON as UTF-8 bytes, decoded once per cached value (see `Reading.detailAtOnce`). */
export interface Sendable {
  body: SendableBody
  public: boolean
}

/**
 * Public reads: course detail, curriculum, lesson and categories. Bodies are cached serialized,
 * with their ETag, and checked against the caller on every read.
 */
export class Reading {
  readonly core: CoursesCore
  readonly catalog: Catalog

  constructor(core: CoursesCore, catalog: Catalog) {
    this.core = core
    this.catalog = catalog
    core.setCurriculumLoader((id) => this.#cached(keys.curriculum(id), () => this.#loadCurriculum(id)))
    core.setLessonReader(async (id, principal) => (await this.lesson(id, principal)).body.json)
  }

  /** Reads through the cache; the value is an encoded CachedBody. */
  async #cached(key: string, load: () => Promise<CachedBody | undefined>): Promise<string | undefined> {
    const { cache } = this.core.app
    const hit = await cache.getRaw(key)
    if (hit !== undefined) return hit
    const body = await load()
    if (!body) return undefined
    const raw = encodeBody(body)
    await cache.fillRaw(key, raw, TTL_SECONDS)
    return raw
  }

  /** Drafts exist only for their owner and admins; everyone else gets the same 404 as for a missing course. */
  #visible(raw: string | undefined, courseId: string, principal: CoursePrincipal | null): Readable {
    const body = raw === undefined ? undefined : decodeBody(raw)
    if (!body) throw new CourseNotFound(courseId)
    return { body: checkVisible(body, courseId, principal), public: body.status !== 'draft' }
  }

  /**
   * A body this process's cache holds (the in-process store; never with Redis), decoded to bytes once per cached
   * value and checked against the caller as `#visible` does; undefined when it is not held: then read it with
   * the promise-returning method.
   */
  #visibleAtOnce(key: string, courseId: string, principal: CoursePrincipal | null): Sendable | undefined {
    const body = this.core.app.cache.peekDecoded(key, decodeForSending)
    return body && { body: checkVisible(body, courseId, principal), public: body.status !== 'draft' }
  }

  /** `detail` at once, without a promise, when this process's cache holds the course's view; else undefined. Throws `detail`'s 404. */
  detailAtOnce(courseId: string, principal: CoursePrincipal | null): Sendable | undefined {
    return this.#visibleAtOnce(keys.detail(courseId), courseId, principal)
  }

  /** `curriculum` at once, as `detailAtOnce` is `detail`'s. */
  curriculumAtOnce(courseId: string, principal: CoursePrincipal | null): Sendable | undefined {
    return this.#visibleAtOnce(keys.curriculum(courseId), courseId, principal)
  }

  /**
   * `lesson` at once, when this process's cache holds the lesson, its course's facts and (for a student) the
   * enrollment (see `lessonAccessCached`); else undefined. Throws the refusals `lessonAccessCached` decides at once.
   */
  lessonAtOnce(lessonId: string, principal: CoursePrincipal | null): Sendable | undefined {
    const access = this.core.lessonAccessCached(principal, lessonId)
    if (!access) return undefined
    const body = this.core.app.cache.peekDecoded(keys.lesson(lessonId), decodeForSending)
    return body && { body, public: access.preview }
  }

  /** The lesson's body as `lessonAtOnce` sends it, whoever asks (access decided apart), when this process holds it. */
  lessonBodyAtOnce(lessonId: string): SendableBody | undefined {
    return this.core.app.cache.peekDecoded(keys.lesson(lessonId), decodeForSending)
  }

  /**
   * Whether the caller may read the lesson, decided at once (no promise) from what this process holds, as
   * `lessonAtOnce` decides it, and it is a preview (`public` in `lessonAtOnce`'s answer) as `preview` says: false
   * when that differs or it cannot tell. Throws `lessonAtOnce`'s refusals (the shared cache takes a throw as a no).
   */
  mayReadLessonAtOnce(principal: CoursePrincipal | null, lessonId: string, preview: boolean): boolean {
    return this.core.lessonAccessCached(principal, lessonId)?.preview === preview
  }

  async detail(courseId: string, principal: CoursePrincipal | null): Promise<Readable> {
    const raw = await this.#cached(keys.detail(courseId), () => this.#loadDetail(courseId))
    return this.#visible(raw, courseId, principal)
  }

  async #loadDetail(courseId: string): Promise<CachedBody | undefined> {
    const [row] = await this.core.query<CourseRow>(`SELECT ${COURSE_COLUMNS} FROM ${COURSE_FROM} WHERE c.id = ?::uuid`, [courseId])
    if (!row) return undefined
    const [view] = await this.catalog.views([row])
    return makeBody(JSON.stringify(view), row.status, row.teacher_id)
  }

  /** The course id of a slug (for storefront URLs). */
  async idOfSlug(slug: string): Promise<string> {
    const [row] = await this.core.query<{ id: string }>('SELECT id FROM courses WHERE slug = ?', [slug])
    if (!row) throw new CourseNotFound(slug)
    return row.id
  }

  async curriculum(courseId: string, principal: CoursePrincipal | null): Promise<Readable> {
    const raw = await this.#cached(keys.curriculum(courseId), () => this.#loadCurriculum(courseId))
    return this.#visible(raw, courseId, principal)
  }

  async curriculumView(courseId: string): Promise<CurriculumView> {
    const body = await this.#loadCurriculum(courseId)
    if (!body) throw new CourseNotFound(courseId)
    return JSON.parse(body.json) as CurriculumView
  }

  /**
   * One module of a course with its lessons (no bodies), in order, as the curriculum shows it: one statement
   * that reads that module's rows only. Undefined when the course has no such module.
   */
  async moduleView(courseId: string, moduleId: string): Promise<ModuleView | undefined> {
    const [row] = await this.core.query<ModuleRow & { lessons: ModuleView['lessons'] }>(
      `SELECT m.id, m.course_id, m.position, m.title, m.description, ${MODULE_LESSONS('m')} AS lessons
       FROM course_modules m WHERE m.id = ?::uuid AND m.course_id = ?::uuid`, [moduleId, courseId])
    return row && moduleView(row, row.lessons)
  }

  /** One statement (one snapshot, one round trip): the course row with its modules and lessons as JSON arrays. */
  async #loadCurriculum(courseId: string): Promise<CachedBody | undefined> {
    type ModuleRow = { id: string; position: number; title: string; description: string }
    const [course] = await this.core.query<{ id: string; teacher_id: string; status: string; lesson_count: number; duration_minutes: number; modules: ModuleRow[]; lessons: LessonRow[] }>(
      `SELECT c.id, c.teacher_id, c.status, c.lesson_count, c.duration_minutes,
         coalesce((SELECT json_agg(json_build_object('id', m.id, 'position', m.position, 'title', m.title, 'description', m.description)
                   ORDER BY m.position) FROM course_modules m WHERE m.course_id = c.id), '[]') AS modules,
         coalesce((SELECT json_agg(json_build_object('id', l.id, 'module_id', l.module_id, 'position', l.position, 'title', l.title, 'type', l.type,
                   'duration_minutes', l.duration_minutes, 'is_preview', l.is_preview) ORDER BY l.module_id, l.position)
                   FROM course_lessons l WHERE l.course_id = c.id), '[]') AS lessons
       FROM courses c WHERE c.id = ?::uuid`, [courseId])
    if (!course) return undefined
    // The id as stored (lower case), not as asked: the body is cached for every spelling of the id.
    const { id: canonicalId, modules, lessons } = course
    const byModule = new Map<string, ModuleView>()
    const view: CurriculumView = {
      courseId: canonicalId,
      lessonCount: course.lesson_count,
      durationMinutes: course.duration_minutes,
      modules: modules.map((m) => {
        const module: ModuleView = { id: m.id, courseId: canonicalId, position: m.position, title: m.title, description: m.description, lessons: [] }
        byModule.set(m.id, module)
        return module
      }),
    }
    for (const l of lessons) {
      byModule.get(l.module_id)?.lessons.push({
        id: l.id, title: l.title, type: l.type, position: l.position, durationMinutes: l.duration_minutes, isPreview: l.is_preview,
      })
    }
    return makeBody(JSON.stringify(view), course.status, course.teacher_id)
  }

  /**
   * A lesson with its body, for: its course's owner and admins; students the enrollment plugin
   * says are enrolled; anyone when it is a preview lesson of a published course. Anonymous callers
   * get 401 for other lessons, signed-in ones 403; lessons of drafts are 404 to all but the owner.
   */
  async lesson(lessonId: string, principal: CoursePrincipal | null): Promise<Readable> {
    const { course, preview } = await this.core.lessonAccess(principal, lessonId)
    const raw = await this.#cached(keys.lesson(lessonId), async () => {
      const view = await this.lessonView(lessonId)
      return view ? makeBody(JSON.stringify(view), course.status, course.teacherId) : undefined
    })
    const body = raw === undefined ? undefined : decodeBody(raw)
    if (!body) throw new LessonNotFound(lessonId)
    return { body, public: preview }
  }

  async lessonView(lessonId: string): Promise<LessonView | undefined> {
    const [row] = await this.core.query<LessonRow>(`SELECT ${LESSON_COLUMNS} FROM course_lessons WHERE id = ?::uuid`, [lessonId])
    return row ? lessonView(row) : undefined
  }

  async categories(): Promise<CachedBody> {
    const raw = await this.#cached(keys.categories(), async () => {
      const rows = await this.core.query<CategoryRow>('SELECT id, slug, name, description, position FROM course_categories ORDER BY position, name')
      return makeBody(JSON.stringify({ items: rows.map(categoryView), nextCursor: null }))
    })
    return decodeBody(raw!)!
  }
}

/** The body, when the caller may see it: a draft only by its owner and admins, everyone else gets a 404. */
function checkVisible<B extends { status: string; ownerId: string }>(body: B, courseId: string, principal: CoursePrincipal | null): B {
  if (body.status === 'draft' && !manages(principal, body.ownerId)) throw new CourseNotFound(courseId)
  return body
}
