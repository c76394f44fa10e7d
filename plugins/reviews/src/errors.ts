import { createError } from '@eduplatform/core'

export const CourseNotFound = createError('EDU_REVIEWS_COURSE_NOT_FOUND', 'No course %s', 404)
export const ReviewNotFound = createError('EDU_REVIEWS_NOT_FOUND', 'No review %s', 404)
export const NotEnrolled = createError('EDU_REVIEWS_NOT_ENROLLED', 'Only students enrolled in course %s may review it', 403)
export const EnrollmentRefunded = createError('EDU_REVIEWS_REFUNDED', 'Your enrollment in course %s was refunded, so you cannot review it', 403)
export const AlreadyReviewed = createError('EDU_REVIEWS_ALREADY_REVIEWED', 'You have already reviewed course %s: edit your review with PATCH /api/v1/reviews/%s', 409)
export const NotAuthor = createError('EDU_REVIEWS_NOT_AUTHOR', 'Only the author of a review or an admin may change it', 403)
export const NotCourseOwner = createError('EDU_REVIEWS_NOT_COURSE_OWNER', "Only the course's owner teacher may reply to its reviews", 403)
export const NoReply = createError('EDU_REVIEWS_NO_REPLY', 'Review %s has no reply', 404)
export const HiddenReview = createError('EDU_REVIEWS_HIDDEN', 'Review %s was hidden by a moderator: only an admin may delete it (deleting it would let a new review take its place)', 403)
