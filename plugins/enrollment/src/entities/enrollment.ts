import { defineEntity, p, type InferEntity } from '@mikro-orm/core'

export const ENROLLMENT_STATUSES = ['active', 'completed', 'refunded'] as const
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number]

/** `enrollments`: one row per student and course (unique), refunded rows kept for history. */
export const EnrollmentSchema = defineEntity({
  name: 'Enrollment',
  tableName: 'enrollments',
  properties: {
    id: p.uuid().primary(),
    studentId: p.uuid(),
    courseId: p.uuid(),
    status: p.enum(ENROLLMENT_STATUSES),
    source: p.enum(['free', 'payment'] as const),
    paymentId: p.uuid().nullable(),
    completedLessons: p.integer(),
    lastActivityAt: p.datetime().nullable(),
    completedAt: p.datetime().nullable(),
    refundedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
})
export type Enrollment = InferEntity<typeof EnrollmentSchema>

/** `lesson_progress`: a completed lesson of an enrollment. */
export const LessonProgressSchema = defineEntity({
  name: 'LessonProgress',
  tableName: 'lesson_progress',
  properties: {
    enrollmentId: p.uuid().primary(),
    lessonId: p.uuid().primary(),
    completedAt: p.datetime(),
  },
})
export type LessonProgress = InferEntity<typeof LessonProgressSchema>

export const enrollmentEntities = [EnrollmentSchema, LessonProgressSchema]
