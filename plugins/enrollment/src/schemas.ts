import { Type } from 'typebox'
import { ListQueryProps, Page } from '@eduplatform/core'
import { ENROLLMENT_STATUSES } from './entities/enrollment.ts'

const Uuid = Type.String({ format: 'uuid' })
const Timestamp = Type.String({ format: 'date-time' })
const Status = Type.Enum([...ENROLLMENT_STATUSES], { description: '`refunded` enrollments grant no lesson access' })

export const IdParams = Type.Object({ id: Uuid })
export const ListQuery = Type.Object(ListQueryProps)
export const MyEnrollmentsQuery = Type.Object({
  ...ListQueryProps,
  courseId: Type.Optional(Type.String({ format: 'uuid', description: 'Only my enrollment in this course: a page of one item, or none when I am not enrolled' })),
})

export const EnrollBody = Type.Object({ courseId: Uuid }, { additionalProperties: false })

export const EnrollmentView = Type.Object(
  {
    id: Uuid,
    studentId: Uuid,
    courseId: Uuid,
    status: Status,
    source: Type.Enum(['free', 'payment']),
    enrolledAt: Timestamp,
    completedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { $id: 'Enrollment', description: 'A student enrolled in a course' },
)

const ProgressSummary = Type.Object({
  completed: Type.Integer({ description: 'Completed lessons that still exist' }),
  total: Type.Integer({ description: 'Lessons the course has now' }),
  percent: Type.Integer({ minimum: 0, maximum: 100, description: 'Rounded down: 100 only when every lesson is complete' }),
})

export const CourseSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  slug: Type.String(),
  teacherId: Uuid,
  status: Type.Enum(['draft', 'published', 'archived']),
  priceCents: Type.Integer(),
  currency: Type.String(),
  lessonCount: Type.Integer(),
})

export const MyEnrollment = Type.Object(
  {
    ...EnrollmentView.properties,
    course: Type.Union([CourseSummary, Type.Null()], { description: 'Null if the course was deleted' }),
    progress: Type.Object({
      ...ProgressSummary.properties,
      completedLessonIds: Type.Array(Uuid, { description: 'Completed lessons that still exist, in curriculum order' }),
    }),
  },
  { description: 'One of my enrollments, with its course and progress' },
)
export const MyEnrollmentsPage = Page(MyEnrollment)

export const CourseStudent = Type.Object(
  {
    ...EnrollmentView.properties,
    student: Type.Object({
      id: Uuid,
      name: Type.String(),
      email: Type.String({ description: "The student's address; empty for a student of a school's site (`POST /embed/sessions`): the school gave that address and nobody confirmed it, so only the student and the school see it" }),
    }),
    lastActivityAt: Type.Union([Timestamp, Type.Null()]),
    progress: ProgressSummary,
  },
  { description: 'A student of the course with their progress' },
)
export const CourseStudentsPage = Page(CourseStudent)

export const EnrollmentCount = Type.Object({ count: Type.Integer({ description: 'Active and completed enrollments' }) })

export const LessonCompletion = Type.Object(
  { ...ProgressSummary.properties, status: Status, courseId: Uuid },
  { description: 'Progress in the lesson\'s course after completing it' },
)

export const CourseProgress = Type.Object(
  { ...ProgressSummary.properties, status: Status, completedLessonIds: Type.Array(Uuid) },
  { description: 'Progress in a course' },
)
