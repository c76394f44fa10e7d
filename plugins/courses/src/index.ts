import { fileURLToPath } from 'node:url'
import { definePlugin, type EduApp } from '@eduplatform/core'
import { Authoring } from './authoring.ts'
import { Catalog } from './catalog.ts'
import { loadDemoCatalogue } from './demo.ts'
import { coursesEntities } from './entities/index.ts'
import { Reading } from './reading.ts'
import { categoryRoutes } from './routes/categories.ts'
import { courseRoutes } from './routes/courses.ts'
import { lessonRoutes } from './routes/lessons.ts'
import { moduleRoutes } from './routes/modules.ts'
import { CoursesCore } from './service.ts'

export type { CourseAccess, CourseFacts, CoursePrincipal, CoursesService, LessonAccess, LessonFacts, LessonText, PreparedCountChange } from './events.ts'
export type { CourseView, CurriculumView, LessonView, CategoryView } from './schemas.ts'
export { MAX_SEARCH_WORDS } from './catalog.ts'
export { lessonContentVersion } from './views.ts'

/** Subscriber ids (stable: outbox rows name them). */
export const SUBSCRIBERS = { teacherRenamed: 'courses.refresh-teacher-name' } as const

/** Courses, categories, modules and lessons: the catalogue, curriculum, lessons and their authoring. */
export const courses = definePlugin({
  name: 'courses',
  entities: coursesEntities,
  migrations: fileURLToPath(new URL('../../../migrations/courses', import.meta.url)),
  register(app: EduApp) {
    const core = new CoursesCore(app)
    const catalog = new Catalog(core)
    const reading = new Reading(core, catalog)
    const authoring = new Authoring(core)
    app.services.provide('courses', core)
    // Course views show the teacher's name: forget them once a rename has committed.
    app.events.on('user.updated', SUBSCRIBERS.teacherRenamed, async ({ userId, fields }, { em }) => {
      if (!fields.includes('name')) return
      const courseIds = await core.courseIdsOfTeacher(em, userId)
      if (courseIds.length) await app.afterCommit(em, () => core.invalidateViews(courseIds))
    }, { when: (p) => p.fields.includes('name') })
    categoryRoutes(app, { reading, authoring })
    courseRoutes(app, { catalog, reading, authoring })
    moduleRoutes(app, { reading, authoring })
    lessonRoutes(app, { reading, authoring })
    return { authoring }
  },
  async demo(ctx, _options, { authoring }) {
    await loadDemoCatalogue(ctx, authoring)
  },
})

export default courses
