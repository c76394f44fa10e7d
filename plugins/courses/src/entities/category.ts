import { defineEntity, p } from '@mikro-orm/core'

/** An admin-managed course category (`course_categories`); a starter set ships in the first migration. */
export const CategorySchema = defineEntity({
  name: 'CourseCategory',
  tableName: 'course_categories',
  properties: {
    id: p.uuid().primary(),
    slug: p.string().unique(),
    name: p.string(),
    description: p.text().default(''),
    position: p.integer().default(0),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
})
