import { defineEntity, p } from '@mikro-orm/core'
import { LESSON_TYPES } from '../schemas.ts'

/** A lesson (`course_lessons`): markdown `body` as written, `bodyHtml` rendered and sanitized at write time. */
export const LessonSchema = defineEntity({
  name: 'CourseLesson',
  tableName: 'course_lessons',
  properties: {
    id: p.uuid().primary(),
    courseId: p.uuid(),
    moduleId: p.uuid(),
    position: p.integer(),
    title: p.string(),
    type: p.enum(LESSON_TYPES).default('text'),
    body: p.text().default(''),
    bodyHtml: p.text().default(''),
    videoUrl: p.string().nullable(),
    durationMinutes: p.integer().default(0),
    isPreview: p.boolean().default(false),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
})
