import type { EntityManager } from '@mikro-orm/postgresql'

export interface CourseFacts {
  id: string
  teacherId: string
  title: string
  slug: string
  status: 'draft' | 'published' | 'archived'
  priceCents: number
  currency: string
  lessonCount: number
}

export interface LessonFacts {
  id: string
  courseId: string
  moduleId: string
  title: string
  type: 'text' | 'video' | 'quiz'
  isPreview: boolean
  /**
   * The version of the lesson's text: `lessonContentVersion(title, body)`. Changes exactly when its title or body
   * does, so work derived from the text (summaries, indexes) can be keyed by it without reading the body.
   */
  contentVersion: string
}

/** A lesson's text as written (markdown), for plugins that work on lesson content (the AI tutor). */
export interface LessonText {
  id: string
  courseId: string
  moduleId: string
  title: string
  type: 'text' | 'video' | 'quiz'
  /** Markdown as stored (never HTML). */
  body: string
  /** ISO 8601; changes with every write to the lesson. */
  updatedAt: string
}

/** Provided by the enrollment plugin; without it only preview lessons are readable by students. */
export interface CourseAccess {
  isEnrolled(userId: string, courseId: string): Promise<boolean>
  /**
   * Optional: true when this process's cache holds the yes `isEnrolled` would give, at once (no promise);
   * undefined when it cannot tell so (not enrolled, or not cached here): ask `isEnrolled` then.
   */
  isEnrolledCached?(userId: string, courseId: string): true | undefined
}

/** Who may read a lesson and why (`CoursesService.lessonAccess`). */
export interface LessonAccess {
  lesson: LessonFacts
  course: CourseFacts
  /** The course's owner teacher or an admin (or an API key with admin rights). */
  manages: boolean
  /** A preview lesson of a published course: open to anyone. */
  preview: boolean
}

/** Who is asking: a signed-in user or an API key (which acts with admin rights). */
export interface CoursePrincipal {
  id: string
  role: string
  kind: string
}

/** What other plugins may ask of the courses plugin (`app.services.get('courses')`). */
/** A counter change for the caller's own statement; see `CoursesService.prepareEnrollmentCount`. */
export interface PreparedCountChange {
  /** A SELECT to run as a CTE of the caller's statement, with `params` (its `?` placeholders, in order). */
  sql: string
  params: unknown[]
  /** After the statement moved the count, with the entity manager it ran in. */
  recorded: (em: EntityManager) => Promise<void>
  /** Rethrows what the statement threw: an unknown course as 404, anything else as it is. */
  rethrow: (err: unknown) => never
}

export interface CoursesService {
  /** Drafts included; served from the cache. */
  getCourseFacts(courseId: string): Promise<CourseFacts | undefined>
  getCourseFactsMany(courseIds: string[]): Promise<Map<string, CourseFacts>>
  getLessonFacts(lessonId: string): Promise<LessonFacts | undefined>
  /** Lesson ids in curriculum order. */
  listLessonIds(courseId: string): Promise<string[]>
  /**
   * The lesson's text for a caller, with exactly the access rule of `GET /lessons/:id` (owner, admin, enrolled
   * student; anyone for a preview of a published course). Throws that route's errors: 404 unknown lesson or a
   * draft of someone else, 401 anonymous, 403 not enrolled.
   */
  readLesson(principal: CoursePrincipal | null, lessonId: string): Promise<LessonText>
  /** A lesson's text without any access check (for indexing); undefined when there is no such lesson. */
  getLessonText(lessonId: string): Promise<LessonText | undefined>
  /** Every lesson of a course with its text, in curriculum order (module position, then lesson position). */
  listLessonTexts(courseId: string): Promise<LessonText[]>
  /** Owner teacher or admin (or an API key with admin rights). */
  canManage(principal: CoursePrincipal | null, courseId: string): Promise<boolean>
  /**
   * Whether the caller may read the lesson, decided as `GET /lessons/:id` decides: the owner and admins;
   * students enrolled in the course (`course-access`); anyone for a preview lesson of a published course.
   * Throws 404 `EDU_COURSES_LESSON_NOT_FOUND` (unknown, or a draft's lesson for anyone else),
   * 401 `EDU_COURSES_SIGN_IN` (anonymous), 403 `EDU_COURSES_NOT_ENROLLED`.
   */
  lessonAccess(principal: CoursePrincipal | null, lessonId: string): Promise<LessonAccess>
  /**
   * `lessonAccess` decided at once (no promise) when every fact it needs is in this process's cache (the
   * in-process store; never with Redis) and the caller may read the lesson; throws as `lessonAccess` does for
   * a draft's lesson (404) or an anonymous caller (401). Undefined when it cannot tell at once (a fact not
   * cached here, or no cached enrollment): ask `lessonAccess` then.
   */
  lessonAccessCached(principal: CoursePrincipal | null, lessonId: string): LessonAccess | undefined
  /**
   * The lesson's facts when this process's cache holds them (the in-process store; never with Redis), whoever may
   * read it: for what is the same for every reader (a value cached per content version), with access decided apart
   * by `lessonAccessCached`. Undefined when not held (or a malformed id).
   */
  lessonFactsCached(lessonId: string): LessonFacts | undefined
  /** Keeps the denormalized counter exact; runs inside the caller's transaction (em) and invalidates caches. */
  adjustEnrollmentCount(em: EntityManager, courseId: string, delta: number): Promise<void>
  /**
   * `adjustEnrollmentCount` for a write that is one statement: a CTE for the caller to run in its own
   * statement (`WITH w AS (INSERT …), c AS (${sql}) SELECT … FROM w CROSS JOIN c`), moving the count by
   * `delta` (never below 0) only when `condition` (SQL over the statement's other CTEs, no placeholders,
   * e.g. `EXISTS (SELECT 1 FROM w)`) holds. The main query must read the CTE (`c`) for it to run; its one
   * column is `course_id`. An unknown course fails the whole statement: pass what the statement throws to
   * `rethrow`, which turns that failure into 404 `EDU_COURSES_COURSE_NOT_FOUND`. Call `recorded(em)` once
   * the statement moved the count: the course's cached views are forgotten after commit (at once outside
   * a transaction). A malformed course id throws 404 at once.
   */
  prepareEnrollmentCount(courseId: string, delta: number, condition: string): PreparedCountChange
  /** For the reviews plugin: sets avgRating/reviewCount inside the caller's transaction. */
  setRatingStats(em: EntityManager, courseId: string, stats: { avgRating: number; reviewCount: number }): Promise<void>
}

declare module '@eduplatform/core' {
  interface EduEvents {
    'course.published': { courseId: string; teacherId: string }
    /** Any change to a course's own fields, status included. */
    'course.updated': {
      courseId: string
      /** Whether the status changed (absent in events recorded before it was added: treat as true). */
      statusChanged?: boolean
    }
    'course.archived': { courseId: string }
    /** A course was hard-deleted (only possible without enrollments). */
    'course.deleted': { courseId: string; teacherId: string }
    /**
     * A lesson was created, updated or deleted. Delivered by the outbox dispatcher, possibly after later
     * changes (an enrollment made after the lesson was added): handlers that tell people decide by
     * `addedAt`, not by who is there at delivery.
     */
    'lesson.changed': {
      courseId: string
      lessonId: string
      change: 'created' | 'updated' | 'deleted'
      /** With `change: 'created'`: the lesson's created time (ISO 8601, UTC, microseconds, the database's clock). */
      addedAt?: string
      /**
       * With `change: 'created'` or `'updated'`: true when the course was a draft as the lesson was written. A
       * draft has no enrollments (a course with any cannot go back to draft), so nobody was enrolled by
       * `addedAt`, and nobody but its owner and admins reads it.
       */
      draft?: boolean
    }
  }
  interface EduServices {
    courses: CoursesService
    /** Provided by the enrollment plugin when it is switched on; without it only preview lessons are readable by students. */
    'course-access': CourseAccess
  }
}
