import { CategorySchema } from './category.ts'
import { CourseSchema } from './course.ts'
import { LessonSchema } from './lesson.ts'
import { ModuleSchema } from './module.ts'

export { CategorySchema, CourseSchema, LessonSchema, ModuleSchema }
export const coursesEntities = [CategorySchema, CourseSchema, ModuleSchema, LessonSchema]
