import { currentEm, Forbidden, newId } from '@eduplatform/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { keys } from './cache.ts'
import { renderLessonMarkdown } from './content/markdown.ts'
import { slugify } from './content/slug.ts'
import { normalizeVideoUrl } from './content/video-url.ts'
import {
  ArchiveDraft, BadCoverUrl, CategoryNotFound, BadOrder, BadVideoUrl, CategoryTaken, CourseNotFound, HasEnrollments, LessonNotFound,
  ModuleNotFound, NotCourseOwner, PublishEmpty, TeacherRequired, UnknownCategory,
} from './errors.ts'
import type { EmittedEvent, PreparedEvents } from '@eduplatform/core'
import type { CoursePrincipal } from './events.ts'
import type {
  CategoryView, CreateCategoryBody, LessonView, CreateCourseBody, CreateLessonBody, CreateModuleBody, CourseStatus, ModuleView,
  UpdateCategoryBody, UpdateCourseBody, UpdateLessonBody, UpdateModuleBody,
} from './schemas.ts'
import { manages, type CourseOwner, type CoursesCore } from './service.ts'
import {
  categoryView, COURSE_COLUMNS, LESSON_COLUMNS, lessonView, MODULE_LESSONS, moduleView, type CategoryRow, type CourseRow, type LessonRow, type ModuleRow,
} from './views.ts'

interface LockedCourse {
  id: string
  teacher_id: string
  status: CourseStatus
  enrollment_count: number
  lesson_count: number
  /** The transaction's time (`now()`, ISO 8601 UTC with microseconds): what rows it inserts record as created. */
  now: string
}

type EventId = string

/** A lesson write's events (to release after its cache invalidation) and the lesson as written. */
interface Written {
  events: PreparedEvents
  view: LessonView
}

/** `now()` as ISO 8601 in UTC with the database's microseconds. */
const ISO_NOW = `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

/** A course row written by a statement's CTE `w` (`RETURNING *`), selected as the course view reads it (`COURSE_COLUMNS`). */
const WRITTEN_COURSE = `${COURSE_COLUMNS} FROM w c LEFT JOIN course_categories cat ON cat.id = c.category_id`

/** SQL true when the principal may change a course whose owner is `column` (as `manages`); parameters: `mayChange(principal)`. */
const MAY_CHANGE = (column: string) => `(?::boolean OR ${column}::text = ?::text)`
const mayChange = (principal: CoursePrincipal) => [principal.role === 'admin', principal.id]

/**
 * CTEs for a structure write as one statement: `c` locks the course row (FOR UPDATE) when the principal
 * may change it, and `k` yields it (`id`, `status`, `module_count`) only when the statement's snapshot
 * holds the version locked. A statement's reads use the snapshot taken as it started; a write to the course committed
 * between that and the lock (every structure write updates the course row: counters, `updated_at`) would
 * leave counts and positions read from the snapshot stale. Then `k` is empty, nothing is written, and the
 * caller runs its transactional path, which locks first and reads after. Parameters: the course id, then
 * `mayChange(principal)`; with `status`, one more: whether the course must be a draft.
 */
const LOCKED_COURSE = (status = false) => `c AS MATERIALIZED (SELECT l.id, l.status, l.module_count, l.xmin AS version FROM courses l
     WHERE l.id = ?::uuid AND ${MAY_CHANGE('l.teacher_id')}${status ? ` AND (l.status = 'draft') = ?::boolean` : ''} FOR UPDATE),
   k AS MATERIALIZED (SELECT c.id, c.status, c.module_count FROM c JOIN courses s ON s.id = c.id AND s.xmin = c.version)`


/**
 * Throws unless the principal may change the course (`manages`): other courses are 403; drafts of others are
 * 404, as `notFound` makes it — what the route names: a write to a module or a lesson of someone else's draft
 * is answered as for an unknown module or lesson, so it tells nothing of the draft, its id included.
 */
function refuseUnlessManages(principal: CoursePrincipal, courseId: string, course: CourseOwner, notFound: () => Error = () => new CourseNotFound(courseId)): void {
  if (manages(principal, course.teacher_id)) return
  if (course.status === 'draft') throw notFound()
  throw new NotCourseOwner()
}

function coverUrl(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new BadCoverUrl('body.coverImageUrl')
  }
  if (url.protocol !== 'https:' || url.username || url.password || !url.hostname) throw new BadCoverUrl('body.coverImageUrl')
  return url.href
}

function videoUrl(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value
  const video = normalizeVideoUrl(value)
  if (!video) throw new BadVideoUrl('body.videoUrl')
  return video.url
}

function cleanTags(tags: string[]): string[] {
  const out: string[] = []
  for (const tag of tags) {
    const t = tag.toLowerCase().replace(/\s+/g, ' ').trim()
    if (t && !out.includes(t)) out.push(t)
  }
  return out
}

/** Lesson markdown as stored: NUL and other control characters (except tab and newlines) removed. */
function cleanMarkdown(md: string): string {
  return md.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
}

/**
 * Writes: courses, modules, lessons, ordering and categories. Every write is one transaction that
 * locks the course row first (so structure changes of one course run one at a time), emits its
 * events in that transaction, and invalidates the caches after commit.
 */
export class Authoring {
  readonly core: CoursesCore

  constructor(core: CoursesCore) {
    this.core = core
  }

  // ---- helpers

  /**
   * Locks the course and checks the caller may change it; drafts of others are 404 (`notFound`: what the
   * route names, the course by default), other courses 403.
   */
  async #lockCourse(em: EntityManager, courseId: string, principal: CoursePrincipal, notFound: () => Error = () => new CourseNotFound(courseId)): Promise<LockedCourse> {
    const [course] = await em.execute<LockedCourse[]>(
      `SELECT id, teacher_id, status, enrollment_count, lesson_count, ${ISO_NOW} AS now FROM courses WHERE id = ?::uuid FOR UPDATE`, [courseId])
    if (!course) throw notFound()
    refuseUnlessManages(principal, courseId, course, notFound)
    return course
  }

  /**
   * The course of a module, its owner and whether it is a draft, from the cache (`courseOfModule`,
   * `getCourseOwner`): no round trip to the database on a warm write. The write's statement checks all of
   * it again as it locks the course (a status changed meanwhile sends it down its transactional path).
   */
  async #courseOfModule(moduleId: string): Promise<{ courseId: string; draft: boolean; owner: CourseOwner }> {
    const courseId = await this.core.courseOfModule(moduleId)
    const owner = courseId === undefined ? undefined : await this.core.getCourseOwner(courseId)
    if (!courseId || !owner) throw new ModuleNotFound(moduleId)
    return { courseId, draft: owner.status === 'draft', owner }
  }

  /** From the cache (a lesson never changes course). */
  async #courseOfLesson(lessonId: string): Promise<string> {
    const courseId = await this.core.courseOfLesson(lessonId)
    if (!courseId) throw new LessonNotFound(lessonId)
    return courseId
  }

  async #categoryId(em: EntityManager, slug: string | null | undefined): Promise<string | null | undefined> {
    if (slug === undefined || slug === null) return slug
    const [row] = await em.execute<Array<{ id: string }>>('SELECT id FROM course_categories WHERE slug = ?', [slug])
    if (!row) throw new UnknownCategory('body.category', slug)
    return row.id
  }

  /**
   * Runs a write; once it commits, invalidates the course's caches, and the catalogue pages only when the
   * work said it changed what they list (`listingChanged`). Its events are then released to the outbox
   * dispatcher, which is woken at once: other plugins' handlers (search indexing, notifications) run
   * beside the request, not inside it, and never before this invalidation. While the course row is locked,
   * `work` does SQL only: whatever else a write needs (rendering, validation that does not depend on the
   * course) is done before, and its events are recorded in one statement (`emit`). `forgetDeleted` names
   * the lessons and modules the work deleted (see `invalidateCourse`'s `gone`).
   */
  async #write<T>(
    courseId: () => string,
    work: (
      em: EntityManager, emit: (e: Promise<EventId | EventId[]>) => Promise<void>, touchLessons: (ids: string[]) => void, listingChanged: () => void,
      forgetDeleted: (gone: { lessons?: string[]; modules?: string[] }) => void,
    ) => Promise<T>,
  ): Promise<T> {
    const lessons: string[] = []
    const gone = { lessons: [] as string[], modules: [] as string[] }
    let catalogue = false
    return this.core.transaction(async (em) => {
      await this.core.app.afterCommit(em, () => this.core.invalidateCourse(courseId(), lessons, { catalogue, gone }))
      return work(em, async (e) => void await e, (ids) => void lessons.push(...ids), () => void (catalogue = true), (deleted) => {
        gone.lessons.push(...deleted.lessons ?? [])
        gone.modules.push(...deleted.modules ?? [])
      })
    })
  }

  // ---- courses

  /** Creates a draft course; returns its row as written (with its category's slug and name), for the reply. */
  async createCourse(principal: CoursePrincipal, input: CreateCourseBody): Promise<CourseRow> {
    let teacherId = principal.id
    if (input.teacherId !== undefined && input.teacherId !== principal.id) {
      if (principal.role !== 'admin') throw new Forbidden('Only admins may create a course for another teacher')
      teacherId = input.teacherId
    }
    if (principal.kind !== 'user' && input.teacherId === undefined) throw new TeacherRequired('body.teacherId', 'An API key must name the teacher (teacherId) who owns the course')
    if (teacherId !== principal.id) {
      const teacher = await this.core.app.identity.getUser(teacherId)
      if (!teacher || teacher.role === 'student') throw new TeacherRequired('body.teacherId', `No teacher ${teacherId}`)
    }
    const title = input.title
    const id = newId()
    const base = slugify(title)
    // One statement, no transaction: the category looked up, the slug made unique when the title's is
    // taken, the row written and returned as the course view reads it; no row back when the category named
    // does not exist.
    const category = input.category ?? null
    const rows = await this.core.query<CourseRow>(
      `WITH w AS (INSERT INTO courses (id, teacher_id, category_id, title, slug, description, level, price_cents, currency, cover_image_url, language, tags)
       SELECT ?::uuid, ?::uuid, cat.id, ?, CASE WHEN EXISTS (SELECT 1 FROM courses WHERE slug = ?) THEN ? ELSE ? END, ?, ?, ?, ?, ?, ?, ARRAY[?]::text[]
       FROM (SELECT (SELECT id FROM course_categories WHERE slug = ?::text) AS id) cat
       WHERE ?::text IS NULL OR cat.id IS NOT NULL
       RETURNING *)
       SELECT ${WRITTEN_COURSE}`,
      [id, teacherId, title, base, `${base.slice(0, 70)}-${id.slice(-8)}`, base, input.description ?? '', input.level ?? 'beginner',
        input.priceCents ?? 0, input.currency ?? 'USD', coverUrl(input.coverImageUrl) ?? null, input.language ?? 'en',
        cleanTags(input.tags ?? []), category, category])
    if (rows.length === 0) throw new UnknownCategory('body.category', category!)
    // A new course is a draft: on no public page.
    await this.core.invalidateCourse(id, [], { catalogue: false })
    return rows[0]!
  }

  /**
   * Edits a course. Returns its row as written when the change was of its own fields only (one statement),
   * undefined after a change of status or category (a transaction): then read the course for the reply.
   */
  async updateCourse(principal: CoursePrincipal, courseId: string, input: UpdateCourseBody): Promise<CourseRow | undefined> {
    // Fields only (no status, no category to look up): one statement, no transaction.
    if (input.status === undefined && input.category === undefined) {
      const written = await this.#updateCourseFields(principal, courseId, input)
      if (written) return written
    }
    await this.#write(() => courseId, async (em, emit, _touch, listingChanged) => {
      const course = await this.#lockCourse(em, courseId, principal)
      const { sets, params } = courseFields(input)
      const set = (column: string, value: unknown, cast = '') => {
        sets.push(`${column} = ?${cast}`)
        params.push(value)
      }
      if (input.category !== undefined) set('category_id', (await this.#categoryId(em, input.category)) ?? null, '::uuid')
      const next = input.status
      if (next !== undefined && next !== course.status) {
        if (next === 'published' && course.lesson_count === 0) throw new PublishEmpty()
        if (next === 'draft' && course.enrollment_count > 0) throw new HasEnrollments(course.enrollment_count, 'unpublishing it')
        if (next === 'archived' && course.status === 'draft') throw new ArchiveDraft()
        set('status', next)
        if (next === 'published') sets.push('published_at = coalesce(published_at, now())')
      }
      if (sets.length === 0) return
      sets.push('updated_at = now()')
      params.push(courseId)
      await em.execute(`UPDATE courses SET ${sets.join(', ')} WHERE id = ?::uuid`, params)
      // Drafts and archived courses are on no public page; a published one may move or leave them.
      if (course.status === 'published' || next === 'published') listingChanged()
      const events: EmittedEvent[] = [{ event: 'course.updated', payload: { courseId, statusChanged: next !== undefined && next !== course.status } }]
      if (next === 'published' && course.status !== 'published') events.push({ event: 'course.published', payload: { courseId, teacherId: course.teacher_id } })
      if (next === 'archived' && course.status !== 'archived') events.push({ event: 'course.archived', payload: { courseId } })
      await emit(this.core.app.events.emitMany(em, events))
    })
    return undefined
  }

  /**
   * A change of the course's own fields as one statement (the row's lock is the UPDATE's own) with its
   * `course.updated` in it: written only when the caller may change the course; returns the row as written.
   * Undefined when nothing was written (no such course, not the caller's, nothing to set): the
   * transactional path then answers.
   */
  async #updateCourseFields(principal: CoursePrincipal, courseId: string, input: UpdateCourseBody): Promise<CourseRow | undefined> {
    const { sets, params } = courseFields(input)
    if (sets.length === 0) return undefined
    const events = this.core.app.events.prepare([{ event: 'course.updated', payload: { courseId, statusChanged: false } }], 'EXISTS (SELECT 1 FROM w)')
    const em = currentEm(this.core.app.orm)
    const [row] = await em.execute<CourseRow[]>(
      `WITH w AS (UPDATE courses SET ${sets.join(', ')}, updated_at = now() WHERE id = ?::uuid AND ${MAY_CHANGE('teacher_id')} RETURNING *)
       ${events.sql ? `, e AS (${events.sql})` : ''}
       SELECT ${WRITTEN_COURSE}`,
      [...params, courseId, ...mayChange(principal), ...events.params])
    if (!row) return undefined
    // Drafts and archived courses are on no public page; a published one may move or leave them.
    await this.core.app.afterCommit(em, () => this.core.invalidateCourse(courseId, [], { catalogue: row.status === 'published', status: false }))
    await events.recorded(em)
    return row
  }

  async deleteCourse(principal: CoursePrincipal, courseId: string): Promise<void> {
    await this.#write(() => courseId, async (em, emit, touch, listingChanged) => {
      const course = await this.#lockCourse(em, courseId, principal)
      if (course.status === 'published') listingChanged()
      if (course.enrollment_count > 0) throw new HasEnrollments(course.enrollment_count, 'deleting it')
      const lessons = await em.execute<Array<{ id: string }>>('SELECT id FROM course_lessons WHERE course_id = ?::uuid', [courseId])
      touch(lessons.map((l) => l.id))
      await em.execute('DELETE FROM courses WHERE id = ?::uuid', [courseId])
      await emit(this.core.app.events.emit(em, 'course.deleted', { courseId, teacherId: course.teacher_id }))
    })
  }

  // ---- modules

  /** Adds a module at the end of the course; returns it as written (a new module has no lessons). */
  async createModule(principal: CoursePrincipal, courseId: string, input: CreateModuleBody): Promise<ModuleView> {
    const id = newId()
    // The module at the position the locked course's module count gives, and that count moved by one, in
    // one statement: nothing is counted.
    const insert = async (em: EntityManager): Promise<ModuleView | undefined> => {
      const [row] = await em.execute<ModuleRow[]>(
        `WITH ${LOCKED_COURSE()},
         w AS (INSERT INTO course_modules (id, course_id, position, title, description)
           SELECT ?::uuid, k.id, k.module_count, ?, ? FROM k RETURNING id, course_id, position, title, description),
         r AS (UPDATE courses SET module_count = module_count + 1, updated_at = now() WHERE id = ?::uuid AND EXISTS (SELECT 1 FROM w))
         SELECT id, course_id, position, title, description FROM w`,
        [courseId, ...mayChange(principal), id, input.title, input.description ?? '', courseId])
      return row && moduleView(row, [])
    }
    // No transaction when the statement writes (see LOCKED_COURSE); else the transactional path answers.
    const em = currentEm(this.core.app.orm)
    const written = await insert(em)
    if (written) {
      await this.core.app.afterCommit(em, () => this.core.invalidateCourse(courseId, [], { catalogue: false, status: false }))
      return written
    }
    return this.#write(() => courseId, async (em) => {
      await this.#lockCourse(em, courseId, principal)
      const written = await insert(em)
      if (!written) throw new CourseNotFound(courseId)
      return written
    })
  }

  /**
   * Renames or describes a module. Returns its course, and the module as written with its lessons (as the
   * statement's snapshot holds them) when the one-statement path wrote it; without it, read it for the reply.
   */
  async updateModule(principal: CoursePrincipal, moduleId: string, input: UpdateModuleBody): Promise<{ courseId: string; view?: ModuleView }> {
    const { sets, params } = fieldSets([['title', input.title], ['description', input.description]])
    // One statement, no transaction: the module's own fields, written when the caller may change its course
    // (a title is no structure change: the course row need not be locked), returned with its lessons.
    // Otherwise the path below answers.
    const em = currentEm(this.core.app.orm)
    const [written] = await em.execute<Array<ModuleRow & { lessons: ModuleView['lessons'] }>>(
      `UPDATE course_modules m SET ${sets.join(', ')}, updated_at = now() FROM courses c
       WHERE m.id = ?::uuid AND c.id = m.course_id AND ${MAY_CHANGE('c.teacher_id')}
       RETURNING m.id, m.course_id, m.position, m.title, m.description, ${MODULE_LESSONS('m')} AS lessons`,
      [...params, moduleId, ...mayChange(principal)])
    if (written) {
      await this.core.app.afterCommit(em, () => this.core.invalidateCourse(written.course_id, [], { catalogue: false, status: false }))
      return { courseId: written.course_id, view: moduleView(written, written.lessons) }
    }
    const { courseId } = await this.#courseOfModule(moduleId)
    await this.#write(() => courseId, async (em) => {
      await this.#lockCourse(em, courseId, principal, () => new ModuleNotFound(moduleId))
      const rows = await em.execute<Array<{ id: string }>>(
        `UPDATE course_modules SET ${sets.join(', ')}, updated_at = now() WHERE id = ?::uuid AND course_id = ?::uuid RETURNING id`,
        [...params, moduleId, courseId])
      if (rows.length === 0) throw new ModuleNotFound(moduleId)
    })
    return { courseId }
  }

  async deleteModule(principal: CoursePrincipal, moduleId: string): Promise<string> {
    const { courseId } = await this.#courseOfModule(moduleId)
    await this.#write(() => courseId, async (em, emit, touch, _listingChanged, forgetDeleted) => {
      await this.#lockCourse(em, courseId, principal, () => new ModuleNotFound(moduleId))
      const lessons = await em.execute<Array<{ id: string; duration_minutes: number }>>(
        'SELECT id, duration_minutes FROM course_lessons WHERE module_id = ?::uuid', [moduleId])
      const [deleted] = await em.execute<Array<{ position: number }>>(
        'DELETE FROM course_modules WHERE id = ?::uuid AND course_id = ?::uuid RETURNING position', [moduleId, courseId])
      if (!deleted) throw new ModuleNotFound(moduleId)
      // The lessons went with the module (ON DELETE CASCADE); close the gap it left, and take the module and
      // its lessons (read after the lock: all of them) off the course's counters.
      const minutes = lessons.reduce((n, l) => n + l.duration_minutes, 0)
      await em.execute(
        `WITH p AS (UPDATE course_modules SET position = position - 1 WHERE course_id = ?::uuid AND position > ?)
         UPDATE courses SET module_count = module_count - 1, lesson_count = lesson_count - ?, duration_minutes = duration_minutes - ?,
           updated_at = now() WHERE id = ?::uuid`,
        [courseId, deleted.position, lessons.length, minutes, courseId])
      touch(lessons.map((l) => l.id))
      forgetDeleted({ modules: [moduleId], lessons: lessons.map((l) => l.id) })
      await emit(this.core.app.events.emitMany(em, lessons.map(({ id }) => ({ event: 'lesson.changed', payload: { courseId, lessonId: id, change: 'deleted' } }) satisfies EmittedEvent)))
    })
    return courseId
  }

  async reorderModules(principal: CoursePrincipal, courseId: string, moduleIds: string[]): Promise<void> {
    await this.#write(() => courseId, async (em) => {
      await this.#lockCourse(em, courseId, principal)
      const current = await em.execute<Array<{ id: string }>>('SELECT id FROM course_modules WHERE course_id = ?::uuid', [courseId])
      assertPermutation(current.map((r) => r.id), moduleIds, 'module', 'course', 'body.moduleIds')
      await renumber(em, 'course_modules', moduleIds)
    })
  }

  // ---- lessons

  /** Adds a lesson; returns it as written (the view the API answers with). */
  async createLesson(principal: CoursePrincipal, moduleId: string, input: CreateLessonBody): Promise<{ id: string; courseId: string; view: LessonView }> {
    const { courseId, draft, owner } = await this.#courseOfModule(moduleId)
    const id = newId()
    const video = videoUrl(input.videoUrl) ?? null
    // Rendering a long body takes a second or more: only for a caller who may write the lesson.
    refuseUnlessManages(principal, courseId, owner, () => new ModuleNotFound(moduleId))
    const body = cleanMarkdown(input.body ?? '')
    const bodyHtml = renderLessonMarkdown(body)
    // The course locked, the lesson (at the position its module's lesson count gives), the module's and the
    // course's counters moved by it, and `lesson.changed` in one statement, when the course is (still) a
    // draft as `draft` says. The module row is read from the statement's snapshot, which `k` proved current
    // (every lesson added or removed moves the course row). The lesson's created time is the
    // transaction's (`now()`): `addedAt`. Undefined when it wrote nothing.
    const insert = async (em: EntityManager, draft: boolean): Promise<Written | undefined> => {
      const events = this.core.app.events.prepare([{ event: 'lesson.changed', payload: { courseId, lessonId: id, change: 'created', draft } }],
        'EXISTS (SELECT 1 FROM w)', `jsonb_build_object('addedAt', ${ISO_NOW})`)
      const [row] = await em.execute<LessonRow[]>(
        `WITH ${LOCKED_COURSE(true)},
         w AS (INSERT INTO course_lessons (id, course_id, module_id, position, title, type, body, body_html, video_url, duration_minutes, is_preview, created_at)
           SELECT ?::uuid, m.course_id, m.id, m.lesson_count, ?, ?, ?, ?, ?, ?, ?, now()
           FROM course_modules m JOIN k ON k.id = m.course_id WHERE m.id = ?::uuid RETURNING ${LESSON_COLUMNS}),
         n AS (UPDATE course_modules SET lesson_count = lesson_count + 1 WHERE id = (SELECT module_id FROM w)),
         r AS (UPDATE courses SET lesson_count = lesson_count + 1, duration_minutes = duration_minutes + (SELECT duration_minutes FROM w),
           updated_at = now() WHERE id = (SELECT course_id FROM w))
         ${events.sql ? `, e AS (${events.sql})` : ''}
         SELECT ${LESSON_COLUMNS} FROM w`,
        [courseId, ...mayChange(principal), draft, id, input.title, input.type ?? 'text', body, bodyHtml, video,
          input.durationMinutes ?? 0, input.isPreview ?? false, moduleId, ...events.params])
      return row && { events, view: lessonView(row) }
    }
    // No transaction when the statement writes (see LOCKED_COURSE); else the transactional path answers.
    const em = currentEm(this.core.app.orm)
    const written = await insert(em, draft)
    if (written) {
      await this.core.app.afterCommit(em, () => this.core.invalidateCourse(courseId, [], { catalogue: false, status: false }))
      await written.events.recorded(em)
      return { id, courseId, view: written.view }
    }
    const view = await this.#write(() => courseId, async (em) => {
      const course = await this.#lockCourse(em, courseId, principal, () => new ModuleNotFound(moduleId))
      const written = await insert(em, course.status === 'draft')
      if (!written) throw new ModuleNotFound(moduleId)
      await written.events.recorded(em)
      return written.view
    })
    return { id, courseId, view }
  }

  /** Edits a lesson; returns it as written (the view the API answers with). */
  async updateLesson(principal: CoursePrincipal, lessonId: string, input: UpdateLessonBody): Promise<LessonView> {
    const courseId = await this.#courseOfLesson(lessonId)
    const video = input.videoUrl === undefined ? undefined : videoUrl(input.videoUrl) ?? null
    // Rendered before the course row is locked (the lock is held for SQL only), and only for a caller who
    // may write the lesson: rendering a long body takes a second or more.
    // The owner and status come from the cache (a course's owner never changes; its status is forgotten after
    // every write that changes it); the statement checks both again.
    const body = input.body === undefined ? undefined : cleanMarkdown(input.body)
    const owner = await this.core.getCourseOwner(courseId)
    if (!owner) throw new LessonNotFound(lessonId)
    if (body !== undefined) refuseUnlessManages(principal, courseId, owner, () => new LessonNotFound(lessonId))
    const bodyHtml = body === undefined ? undefined : renderLessonMarkdown(body)
    const sets: string[] = []
    const params: unknown[] = []
    const set = (column: string, value: unknown) => {
      sets.push(`${column} = ?`)
      params.push(value)
    }
    if (input.title !== undefined) set('title', input.title)
    if (input.type !== undefined) set('type', input.type)
    if (body !== undefined) {
      set('body', body)
      set('body_html', bodyHtml)
    }
    if (video !== undefined) set('video_url', video)
    if (input.durationMinutes !== undefined) set('duration_minutes', input.durationMinutes)
    if (input.isPreview !== undefined) set('is_preview', input.isPreview)
    // The course locked, the lesson, the course's duration moved by the lesson's change (its old row read
    // from the statement's snapshot, which `k` proved current) and `lesson.changed` in one statement, when
    // the course is (still) a draft as `draft` says. Undefined when it wrote nothing.
    const update = async (em: EntityManager, draft: boolean): Promise<Written | undefined> => {
      const events = this.core.app.events.prepare([{ event: 'lesson.changed', payload: { courseId, lessonId, change: 'updated', draft } }], 'EXISTS (SELECT 1 FROM w)')
      const [row] = await em.execute<LessonRow[]>(
        `WITH ${LOCKED_COURSE(true)},
         w AS (UPDATE course_lessons SET ${sets.join(', ')}, updated_at = now() WHERE id = ?::uuid AND course_id = (SELECT id FROM k) RETURNING ${LESSON_COLUMNS}),
         r AS (UPDATE courses SET
             duration_minutes = duration_minutes + (SELECT w.duration_minutes - o.duration_minutes FROM w JOIN course_lessons o ON o.id = w.id),
             updated_at = now() WHERE id = (SELECT course_id FROM w))
         ${events.sql ? `, e AS (${events.sql})` : ''}
         SELECT ${LESSON_COLUMNS} FROM w`,
        [courseId, ...mayChange(principal), draft, ...params, lessonId, ...events.params])
      return row && { events, view: lessonView(row) }
    }
    // No transaction when the statement writes (see LOCKED_COURSE); else the transactional path answers.
    const em = currentEm(this.core.app.orm)
    const written = await update(em, owner.status === 'draft')
    if (written) {
      await this.core.app.afterCommit(em, () => this.core.invalidateCourse(courseId, [lessonId], { catalogue: false, status: false }))
      await written.events.recorded(em)
      return written.view
    }
    return this.#write(() => courseId, async (em, _emit, touch) => {
      const course = await this.#lockCourse(em, courseId, principal, () => new LessonNotFound(lessonId))
      touch([lessonId])
      const written = await update(em, course.status === 'draft')
      if (!written) throw new LessonNotFound(lessonId)
      await written.events.recorded(em)
      return written.view
    })
  }

  async deleteLesson(principal: CoursePrincipal, lessonId: string): Promise<void> {
    const courseId = await this.#courseOfLesson(lessonId)
    await this.#write(() => courseId, async (em, emit, touch, _listingChanged, forgetDeleted) => {
      await this.#lockCourse(em, courseId, principal, () => new LessonNotFound(lessonId))
      // The lesson, the gap it leaves in its module, and the module's and course's counters, in one statement.
      const [deleted] = await em.execute<Array<{ shifted: string[] }>>(
        `WITH d AS (DELETE FROM course_lessons WHERE id = ?::uuid AND course_id = ?::uuid RETURNING module_id, position, duration_minutes),
         s AS (UPDATE course_lessons l SET position = l.position - 1 FROM d WHERE l.module_id = d.module_id AND l.position > d.position RETURNING l.id),
         n AS (UPDATE course_modules m SET lesson_count = m.lesson_count - 1 FROM d WHERE m.id = d.module_id),
         r AS (UPDATE courses c SET lesson_count = c.lesson_count - 1, duration_minutes = c.duration_minutes - d.duration_minutes, updated_at = now()
           FROM d WHERE c.id = ?::uuid)
         SELECT array(SELECT id::text FROM s) AS shifted FROM d`,
        [lessonId, courseId, courseId])
      if (!deleted) throw new LessonNotFound(lessonId)
      touch([lessonId, ...deleted.shifted])
      forgetDeleted({ lessons: [lessonId] })
      await emit(this.core.app.events.emit(em, 'lesson.changed', { courseId, lessonId, change: 'deleted' }))
    })
  }

  async reorderLessons(principal: CoursePrincipal, moduleId: string, lessonIds: string[]): Promise<string> {
    const { courseId } = await this.#courseOfModule(moduleId)
    await this.#write(() => courseId, async (em, _emit, touch) => {
      await this.#lockCourse(em, courseId, principal, () => new ModuleNotFound(moduleId))
      const current = await em.execute<Array<{ id: string }>>('SELECT id FROM course_lessons WHERE module_id = ?::uuid', [moduleId])
      assertPermutation(current.map((r) => r.id), lessonIds, 'lesson', 'module', 'body.lessonIds')
      await renumber(em, 'course_lessons', lessonIds)
      touch(lessonIds)
    })
    return courseId
  }

  // ---- categories (admins)

  async createCategory(input: CreateCategoryBody): Promise<CategoryView> {
    const name = input.name
    const slug = input.slug ?? slugify(name)
    const rows = await this.core.query<CategoryRow>(
      `INSERT INTO course_categories (id, slug, name, description, position)
       VALUES (?::uuid, ?, ?, ?, coalesce(?, (SELECT coalesce(max(position), 0) + 1 FROM course_categories)))
       ON CONFLICT (slug) DO NOTHING RETURNING id, slug, name, description, position`,
      [newId(), slug, name, input.description ?? '', input.position ?? null])
    const row = rows[0]
    if (!row) throw new CategoryTaken(slug)
    await this.core.app.cache.invalidate(keys.categories())
    return categoryView(row)
  }

  async updateCategory(slug: string, input: UpdateCategoryBody): Promise<CategoryView> {
    const sets: string[] = []
    const params: unknown[] = []
    if (input.name !== undefined) {
      sets.push('name = ?')
      params.push(input.name)
    }
    if (input.description !== undefined) {
      sets.push('description = ?')
      params.push(input.description)
    }
    if (input.position !== undefined) {
      sets.push('position = ?')
      params.push(input.position)
    }
    const [row] = await this.core.query<CategoryRow>(
      `UPDATE course_categories SET ${sets.join(', ')}, updated_at = now() WHERE slug = ? RETURNING id, slug, name, description, position`,
      [...params, slug])
    if (!row) throw new CategoryNotFound(slug)
    await this.core.app.cache.invalidate(keys.categories())
    if (input.name !== undefined) {
      // Course views carry the category name.
      const courses = await this.core.query<{ id: string }>('SELECT id FROM courses WHERE category_id = ?::uuid', [row.id])
      await this.core.invalidateViews(courses.map((c) => c.id))
    }
    return categoryView(row)
  }
}

/** The SET list of a course's own fields in `input` (no status, no category), with its parameters. */
function courseFields(input: UpdateCourseBody): { sets: string[]; params: unknown[] } {
  return fieldSets([
    ['title', input.title], ['description', input.description], ['level', input.level], ['price_cents', input.priceCents],
    ['currency', input.currency], ['cover_image_url', input.coverImageUrl === undefined ? undefined : coverUrl(input.coverImageUrl) ?? null],
    ['language', input.language], ['tags', input.tags && cleanTags(input.tags), 'ARRAY[?]::text[]'],
  ])
}

/** `column = ?` (or the SQL given) for each field whose value is not undefined, with its parameters in order. */
function fieldSets(fields: Array<[column: string, value: unknown, sql?: string]>): { sets: string[]; params: unknown[] } {
  const given = fields.filter(([, value]) => value !== undefined)
  return { sets: given.map(([column, , sql]) => `${column} = ${sql ?? '?'}`), params: given.map(([, value]) => value) }
}

/** The new order must name every current child exactly once. */
function assertPermutation(current: string[], given: string[], child: string, parent: string, field: string): void {
  const have = new Set(current)
  const seen = new Set<string>()
  for (const id of given) {
    if (!have.has(id) || seen.has(id)) throw new BadOrder(field, child, parent, current.length)
    seen.add(id)
  }
  if (seen.size !== have.size) throw new BadOrder(field, child, parent, current.length)
}

/** Positions 0..n-1 in the given order; the unique (parent, position) check runs at commit. */
async function renumber(em: EntityManager, table: 'course_modules' | 'course_lessons', ids: string[]): Promise<void> {
  if (ids.length === 0) return
  await em.execute(
    `UPDATE ${table} t SET position = o.ord - 1, updated_at = now()
     FROM unnest(ARRAY[?]::uuid[]) WITH ORDINALITY AS o(id, ord) WHERE t.id = o.id`, [ids])
}
