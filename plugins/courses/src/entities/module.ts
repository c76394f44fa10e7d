import { defineEntity, p } from '@mikro-orm/core'

/** A module of a course (`course_modules`); positions are 0..n-1 per course, unique (deferred) per course. */
export const ModuleSchema = defineEntity({
  name: 'CourseModule',
  tableName: 'course_modules',
  properties: {
    id: p.uuid().primary(),
    courseId: p.uuid(),
    position: p.integer(),
    title: p.string(),
    description: p.text().default(''),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
})
