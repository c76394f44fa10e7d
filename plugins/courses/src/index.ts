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

export type { CourseAccess, CourseFacts, CoursePrincipal, CoursesService, LessonFacts } from './events.ts'
export type { CourseView, CurriculumView, LessonView, CategoryView } from './schemas.ts'
export { MAX_SEARCH_WORDS } from './catalog.ts'

// The demo hook gets the root app; it finds this plugin's authoring through the shared service registry.
const authoringOf = new WeakMap<object, Authoring>()

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
    authoringOf.set(app.services, authoring)
    categoryRoutes(app, { reading, authoring })
    courseRoutes(app, { catalog, reading, authoring })
    moduleRoutes(app, { reading, authoring })
    lessonRoutes(app, { reading, authoring })
  },
  async demo(ctx) {
    const authoring = authoringOf.get(ctx.app.services)
    if (authoring) await loadDemoCatalogue(ctx, authoring)
  },
})

export default courses
