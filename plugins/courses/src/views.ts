import { createHash } from 'node:crypto'
import { renderLessonMarkdown } from './content/markdown.ts'
import { normalizeVideoUrl } from './content/video-url.ts'
import type { CourseFacts, LessonFacts } from './events.ts'
import type { CategoryView, CourseStatus, CourseView, LessonType, LessonView, Level, ModuleView } from './schemas.ts'

/**
 * PostgreSQL timestamps arrive as text ('2026-01-02 03:04:05.123456+00'); the API speaks ISO 8601 in UTC with
 * milliseconds ('2026-01-02T03:04:05.123Z', as `Date.prototype.toISOString`, fractions cut, not rounded).
 * A UTC timestamp of years 1000–9999 (what the server prints when its TimeZone is UTC) is rewritten as
 * text (0.1 µs); anything else goes through `Date` (about 5 µs a value: a course view has three).
 */
export function iso(value: string | Date): string {
  if (value instanceof Date) return value.toISOString()
  if (value.length >= 22 && value.length <= 29 && value.charCodeAt(10) === 32 && value.endsWith('+00')) {
    const end = value.length - 3
    const day = value.slice(0, 10)
    const time = value.slice(11, 19)
    if (end === 19) return `${day}T${time}.000Z`
    if (value.charCodeAt(19) === 46) return `${day}T${time}.${`${value.slice(20, end)}00`.slice(0, 3)}Z`
  }
  const d = new Date(value.includes('T') ? value : value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'))
  return Number.isNaN(d.getTime()) ? new Date(value).toISOString() : d.toISOString()
}

export const COURSE_COLUMNS = `c.id, c.teacher_id, c.title, c.slug, c.description, c.level, c.price_cents, c.currency, c.status,
  c.cover_image_url, c.language, c.tags, c.duration_minutes, c.module_count, c.lesson_count, c.enrollment_count,
  c.avg_rating::float8 AS avg_rating, c.review_count, c.published_at, c.created_at, c.updated_at,
  cat.slug AS category_slug, cat.name AS category_name`
export const COURSE_FROM = `courses c LEFT JOIN course_categories cat ON cat.id = c.category_id`

export interface CourseRow {
  id: string
  teacher_id: string
  title: string
  slug: string
  description: string
  level: Level
  price_cents: number
  currency: string
  status: CourseStatus
  cover_image_url: string | null
  language: string
  tags: string[]
  duration_minutes: number
  module_count: number
  lesson_count: number
  enrollment_count: number
  avg_rating: number
  review_count: number
  published_at: string | null
  created_at: string
  updated_at: string
  category_slug: string | null
  category_name: string | null
}

export function courseView(row: CourseRow, teacherName: string): CourseView {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    teacher: { id: row.teacher_id, name: teacherName },
    category: row.category_slug !== null && row.category_name !== null ? { slug: row.category_slug, name: row.category_name } : null,
    level: row.level,
    priceCents: row.price_cents,
    currency: row.currency,
    isFree: row.price_cents === 0,
    status: row.status,
    coverImageUrl: row.cover_image_url,
    language: row.language,
    tags: row.tags,
    durationMinutes: row.duration_minutes,
    moduleCount: row.module_count,
    lessonCount: row.lesson_count,
    enrollmentCount: row.enrollment_count,
    avgRating: Number(row.avg_rating),
    reviewCount: row.review_count,
    publishedAt: row.published_at === null ? null : iso(row.published_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

/** A module's own columns (`course_modules`). */
export interface ModuleRow {
  id: string
  course_id: string
  position: number
  title: string
  description: string
}

/** SQL: the lessons (no bodies) of the module aliased `alias`, in order, as a JSON array of the curriculum's lesson shape. */
export const MODULE_LESSONS = (alias: string) => `coalesce((SELECT json_agg(json_build_object('id', l.id, 'title', l.title, 'type', l.type,
  'position', l.position, 'durationMinutes', l.duration_minutes, 'isPreview', l.is_preview) ORDER BY l.position)
  FROM course_lessons l WHERE l.module_id = ${alias}.id), '[]')`

export function moduleView(row: ModuleRow, lessons: ModuleView['lessons']): ModuleView {
  return { id: row.id, courseId: row.course_id, position: row.position, title: row.title, description: row.description, lessons }
}

export const FACTS_COLUMNS = 'id, teacher_id, title, slug, status, price_cents, currency, lesson_count'
export interface FactsRow {
  id: string
  teacher_id: string
  title: string
  slug: string
  status: CourseStatus
  price_cents: number
  currency: string
  lesson_count: number
}
export function courseFacts(row: FactsRow): CourseFacts {
  return {
    id: row.id,
    teacherId: row.teacher_id,
    title: row.title,
    slug: row.slug,
    status: row.status,
    priceCents: row.price_cents,
    currency: row.currency,
    lessonCount: row.lesson_count,
  }
}

export const LESSON_COLUMNS = `id, course_id, module_id, position, title, type, body, body_html, video_url, duration_minutes, is_preview, created_at, updated_at`
export interface LessonRow {
  id: string
  course_id: string
  module_id: string
  position: number
  title: string
  type: LessonType
  body: string
  body_html: string
  video_url: string | null
  duration_minutes: number
  is_preview: boolean
  created_at: string
  updated_at: string
}

export function lessonView(row: LessonRow): LessonView {
  const video = row.video_url === null ? null : normalizeVideoUrl(row.video_url)
  return {
    id: row.id,
    courseId: row.course_id,
    moduleId: row.module_id,
    position: row.position,
    title: row.title,
    type: row.type,
    body: row.body,
    // Rendered at write time; an empty body_html (bulk-loaded rows, or cleared after a sanitizer change) renders here.
    bodyHtml: row.body_html === '' && row.body !== '' ? renderLessonMarkdown(row.body) : row.body_html,
    videoUrl: video?.url ?? null,
    videoProvider: video?.provider ?? null,
    videoEmbedUrl: video?.embedUrl ?? null,
    durationMinutes: row.duration_minutes,
    isPreview: row.is_preview,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

export function lessonFacts(row: Pick<LessonRow, 'id' | 'course_id' | 'module_id' | 'title' | 'type' | 'is_preview' | 'body'>): LessonFacts {
  return {
    id: row.id, courseId: row.course_id, moduleId: row.module_id, title: row.title, type: row.type, isPreview: row.is_preview,
    contentVersion: lessonContentVersion(row.title, row.body),
  }
}

/** A lesson text's version: SHA-256 of its title and body (each followed by a NUL), base64url, first 16 characters. */
export function lessonContentVersion(title: string, body: string): string {
  return createHash('sha256').update(title).update('\u0000').update(body).update('\u0000').digest('base64url').slice(0, 16)
}

export interface CategoryRow {
  id: string
  slug: string
  name: string
  description: string
  position: number
}
export function categoryView(row: CategoryRow): CategoryView {
  return { id: row.id, slug: row.slug, name: row.name, description: row.description, position: row.position }
}
