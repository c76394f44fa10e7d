import { createError, createInputError } from '@eduplatform/core'

// Drafts answer exactly like missing courses, so their existence does not leak.
export const CourseNotFound = createError('EDU_COURSES_COURSE_NOT_FOUND', 'No course %s', 404)
export const ModuleNotFound = createError('EDU_COURSES_MODULE_NOT_FOUND', 'No module %s', 404)
export const LessonNotFound = createError('EDU_COURSES_LESSON_NOT_FOUND', 'No lesson %s', 404)
// 400s about input name their field: `new UnknownCategory('body.category', slug)`.
export const UnknownCategory = createInputError('EDU_COURSES_UNKNOWN_CATEGORY', 'No category with slug "%s"')
export const CategoryNotFound = createError('EDU_COURSES_CATEGORY_NOT_FOUND', 'No category with slug "%s"', 404)
export const CategoryTaken = createError('EDU_COURSES_CATEGORY_TAKEN', 'A category with slug "%s" already exists', 409)
export const NotCourseOwner = createError('EDU_COURSES_NOT_OWNER', 'Only the teacher who owns this course, or an admin, may change it', 403)
export const PublishEmpty = createError('EDU_COURSES_PUBLISH_EMPTY', 'A course needs at least one lesson before it can be published', 409)
export const HasEnrollments = createError('EDU_COURSES_HAS_ENROLLMENTS', 'This course has %s enrollment(s); archive it (PATCH status "archived") instead of %s', 409)
export const BadOrder = createInputError('EDU_COURSES_BAD_ORDER', 'must name every %s of this %s exactly once (expected %s ids)')
export const BadVideoUrl = createInputError('EDU_COURSES_BAD_VIDEO_URL', 'must be an https YouTube, Vimeo or video-file (.mp4, .webm, .ogg, .m3u8) URL')
export const BadCoverUrl = createInputError('EDU_COURSES_BAD_COVER_URL', 'must be an absolute https URL without credentials')
export const BadPriceRange = createInputError('EDU_COURSES_BAD_PRICE_RANGE', 'minPrice must not be greater than maxPrice')
export const TeacherRequired = createInputError('EDU_COURSES_TEACHER_REQUIRED', '%s')
export const SignInToRead = createError('EDU_COURSES_SIGN_IN', 'Sign in and enroll to read this lesson', 401)
export const NotEnrolled = createError('EDU_COURSES_NOT_ENROLLED', 'Enroll in this course to read this lesson', 403)
export const ArchiveDraft = createError('EDU_COURSES_ARCHIVE_DRAFT', 'Only a published course can be archived; delete the draft instead', 409)
