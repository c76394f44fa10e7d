import { Type, type Static, type TSchema } from 'typebox'
import { CurrencyCode, ListQueryProps, Page, PlainText, PlainTextLine } from '@eduplatform/core'

// One source for validation, TypeScript types and the OpenAPI document.

export const Id = Type.String({ format: 'uuid' })
export const IdParams = Type.Object({ id: Id })
export const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 120, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }) })

export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const
export const STATUSES = ['draft', 'published', 'archived'] as const
export const LESSON_TYPES = ['text', 'video', 'quiz'] as const
export const SORTS = ['relevance', 'newest', 'rating', 'price_asc', 'price_desc', 'popular'] as const
export type Level = (typeof LEVELS)[number]
export type CourseStatus = (typeof STATUSES)[number]
export type LessonType = (typeof LESSON_TYPES)[number]
export type Sort = (typeof SORTS)[number]

export const Level = Type.Enum([...LEVELS])
export const CourseStatus = Type.Enum([...STATUSES])
export const LessonType = Type.Enum([...LESSON_TYPES])

const CategorySlug = Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' })
const Title = PlainTextLine({ maxLength: 200 })
const Description = PlainText({ maxLength: 5000 })
const HttpsUrl = Type.String({ minLength: 9, maxLength: 2048, pattern: '^https://', description: 'https only' })
const DateTime = Type.String({ format: 'date-time' })
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const PriceCents = Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD); 0 is free' })
const Currency = CurrencyCode
const Language = Type.String({ pattern: '^[a-z]{2,3}(-[A-Z]{2})?$', description: 'BCP 47 language, e.g. en or pt-BR' })
const Tags = Type.Array(PlainTextLine({ maxLength: 40, description: 'A keyword; stored lower-case with white space collapsed, duplicates dropped' }), { maxItems: 20 })
const Minutes = Type.Integer({ minimum: 0, maximum: 100_000 })

// ---- categories

export const CategoryView = Type.Object(
  { id: Id, slug: Type.String(), name: Type.String(), description: Type.String(), position: Type.Integer() },
  { $id: 'CourseCategory', description: 'A course category' },
)
export type CategoryView = Static<typeof CategoryView>
export const CategoryList = Type.Object({ items: Type.Array(CategoryView), nextCursor: Type.Null() })
export const CreateCategoryBody = Type.Object(
  {
    name: PlainTextLine({ maxLength: 80 }),
    slug: Type.Optional(CategorySlug),
    description: Type.Optional(PlainText({ maxLength: 1000 })),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
)
export type CreateCategoryBody = Static<typeof CreateCategoryBody>
export const UpdateCategoryBody = Type.Object(
  {
    name: Type.Optional(PlainTextLine({ maxLength: 80 })),
    description: Type.Optional(PlainText({ maxLength: 1000 })),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateCategoryBody = Static<typeof UpdateCategoryBody>

// ---- courses

export const CourseView = Type.Object(
  {
    id: Id,
    slug: Type.String(),
    title: Type.String(),
    description: Type.String({ description: 'Plain text' }),
    teacher: Type.Object({ id: Id, name: Type.String() }),
    category: Nullable(Type.Object({ slug: Type.String(), name: Type.String() })),
    level: Level,
    priceCents: Type.Integer({ description: 'Price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD)' }),
    currency: Type.String({ description: 'ISO 4217 alphabetic currency code, upper case' }),
    isFree: Type.Boolean(),
    status: CourseStatus,
    coverImageUrl: Nullable(Type.String()),
    language: Type.String(),
    tags: Type.Array(Type.String()),
    durationMinutes: Type.Integer({ description: 'Sum of the lesson durations' }),
    moduleCount: Type.Integer(),
    lessonCount: Type.Integer(),
    enrollmentCount: Type.Integer(),
    avgRating: Type.Number(),
    reviewCount: Type.Integer(),
    publishedAt: Nullable(DateTime),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Course', description: 'A course' },
)
export type CourseView = Static<typeof CourseView>
export const CoursePage = Page(CourseView)

export const CreateCourseBody = Type.Object(
  {
    title: Title,
    description: Type.Optional(Description),
    category: Type.Optional(CategorySlug),
    level: Type.Optional(Level),
    priceCents: Type.Optional(PriceCents),
    currency: Type.Optional(Currency),
    coverImageUrl: Type.Optional(HttpsUrl),
    language: Type.Optional(Language),
    tags: Type.Optional(Tags),
    teacherId: Type.Optional(Type.String({ format: 'uuid', description: 'Admins and API keys only: the teacher who owns the course' })),
  },
  { additionalProperties: false },
)
export type CreateCourseBody = Static<typeof CreateCourseBody>

export const UpdateCourseBody = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    category: Type.Optional(Nullable(CategorySlug)),
    level: Type.Optional(Level),
    priceCents: Type.Optional(PriceCents),
    currency: Type.Optional(Currency),
    coverImageUrl: Type.Optional(Nullable(HttpsUrl)),
    language: Type.Optional(Language),
    tags: Type.Optional(Tags),
    status: Type.Optional(CourseStatus),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateCourseBody = Static<typeof UpdateCourseBody>

export const CatalogQuery = Type.Object({
  q: Type.Optional(PlainTextLine({ minLength: 1, maxLength: 200, allowBlank: true, description: 'Typo-tolerant search over title and description' })),
  category: Type.Optional(CategorySlug),
  level: Type.Optional(Level),
  free: Type.Optional(Type.Boolean({ description: 'true: free courses only; false: paid only' })),
  minPrice: Type.Optional(PriceCents),
  maxPrice: Type.Optional(PriceCents),
  minRating: Type.Optional(Type.Number({ minimum: 0, maximum: 5 })),
  sort: Type.Optional(Type.Enum([...SORTS], { description: 'Default: relevance with q, newest without' })),
  ...ListQueryProps,
})
export type CatalogQuery = Static<typeof CatalogQuery>

export const MineQuery = Type.Object({ status: Type.Optional(CourseStatus), ...ListQueryProps })
export type MineQuery = Static<typeof MineQuery>

// ---- modules and lessons

export const LessonSummary = Type.Object({
  id: Id,
  title: Type.String(),
  type: LessonType,
  position: Type.Integer(),
  durationMinutes: Type.Integer(),
  isPreview: Type.Boolean(),
})
export const ModuleView = Type.Object(
  { id: Id, courseId: Id, position: Type.Integer(), title: Type.String(), description: Type.String(), lessons: Type.Array(LessonSummary) },
  { $id: 'CourseModule', description: 'A module with its lessons (no bodies), in order' },
)
export type ModuleView = Static<typeof ModuleView>
export const CurriculumView = Type.Object(
  { courseId: Id, lessonCount: Type.Integer(), durationMinutes: Type.Integer(), modules: Type.Array(ModuleView) },
  { $id: 'Curriculum', description: 'Modules and lessons in order, without lesson bodies' },
)
export type CurriculumView = Static<typeof CurriculumView>

export const CreateModuleBody = Type.Object(
  { title: Title, description: Type.Optional(PlainText({ maxLength: 2000 })) },
  { additionalProperties: false },
)
export type CreateModuleBody = Static<typeof CreateModuleBody>
export const UpdateModuleBody = Type.Object(
  { title: Type.Optional(Title), description: Type.Optional(PlainText({ maxLength: 2000 })) },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateModuleBody = Static<typeof UpdateModuleBody>

export const LessonView = Type.Object(
  {
    id: Id,
    courseId: Id,
    moduleId: Id,
    position: Type.Integer(),
    title: Type.String(),
    type: LessonType,
    body: Type.String({ description: 'Markdown, as written' }),
    bodyHtml: Type.String({ description: 'The markdown rendered and sanitized: safe to insert into a page' }),
    videoUrl: Nullable(Type.String()),
    videoProvider: Nullable(Type.Enum(['youtube', 'vimeo', 'file'])),
    videoEmbedUrl: Nullable(Type.String()),
    durationMinutes: Type.Integer(),
    isPreview: Type.Boolean(),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Lesson', description: 'A lesson with its body' },
)
export type LessonView = Static<typeof LessonView>

const LessonBody = Type.String({ maxLength: 200_000, description: 'Markdown' })
const VideoUrl = Type.String({ minLength: 1, maxLength: 2048, description: 'https YouTube, Vimeo or video-file URL; stored normalised' })
export const CreateLessonBody = Type.Object(
  {
    title: Title,
    type: Type.Optional(LessonType),
    body: Type.Optional(LessonBody),
    videoUrl: Type.Optional(VideoUrl),
    durationMinutes: Type.Optional(Minutes),
    isPreview: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type CreateLessonBody = Static<typeof CreateLessonBody>
export const UpdateLessonBody = Type.Object(
  {
    title: Type.Optional(Title),
    type: Type.Optional(LessonType),
    body: Type.Optional(LessonBody),
    videoUrl: Type.Optional(Nullable(VideoUrl)),
    durationMinutes: Type.Optional(Minutes),
    isPreview: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateLessonBody = Static<typeof UpdateLessonBody>

export const ModuleOrderBody = Type.Object(
  { moduleIds: Type.Array(Id, { maxItems: 1000, description: 'Every module of the course, each once, in the new order' }) },
  { additionalProperties: false },
)
export const LessonOrderBody = Type.Object(
  { lessonIds: Type.Array(Id, { maxItems: 1000, description: 'Every lesson of the module, each once, in the new order' }) },
  { additionalProperties: false },
)
