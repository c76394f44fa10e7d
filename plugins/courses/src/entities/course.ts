import { defineEntity, p } from '@mikro-orm/core'
import { LEVELS, STATUSES } from '../schemas.ts'

/**
 * A course (`courses`). The counters are denormalized and kept exact by this plugin's writes and
 * by the service methods other plugins call (enrollments, ratings). Triggers copy what search needs
 * of a published course into `course_search` (migrations/courses/004), which `q` searches.
 */
export const CourseSchema = defineEntity({
  name: 'Course',
  tableName: 'courses',
  properties: {
    id: p.uuid().primary(),
    teacherId: p.uuid(),
    categoryId: p.uuid().nullable(),
    title: p.string(),
    slug: p.string().unique(),
    description: p.text().default(''),
    level: p.enum(LEVELS).default('beginner'),
    priceCents: p.integer().default(0),
    currency: p.string().default('USD'),
    status: p.enum(STATUSES).default('draft'),
    coverImageUrl: p.string().nullable(),
    language: p.string().default('en'),
    tags: p.array().default([]),
    durationMinutes: p.integer().default(0),
    moduleCount: p.integer().default(0),
    lessonCount: p.integer().default(0),
    enrollmentCount: p.integer().default(0),
    avgRating: p.decimal().default(0),
    reviewCount: p.integer().default(0),
    publishedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
})
