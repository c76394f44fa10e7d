import type {} from '@eduplatform/plugin-courses'
import type {} from '@eduplatform/plugin-enrollment'

/** A review was written or its rating or comment changed. */
export interface ReviewWritten {
  reviewId: string
  courseId: string
  /** The student who wrote the review. */
  authorId: string
  /** Integer 1..5. */
  rating: number
}

/** A review was deleted (by its author or an admin). */
export interface ReviewDeleted {
  reviewId: string
  courseId: string
  authorId: string
}

/** The course's owner replied to a review (its first reply, or a new one after the last was removed). */
export interface ReviewReplied {
  reviewId: string
  courseId: string
  /** The review's author, who is told of the reply. */
  authorId: string
  /** The course's owner teacher who wrote the reply. */
  teacherId: string
}

/** An admin hid a review (or showed it again); its author is told. */
export interface ReviewHidden {
  reviewId: string
  courseId: string
  authorId: string
  /** True when the review was hidden, false when it was shown again. */
  hidden: boolean
  /** The moderator's reason, plain text, when one was given. */
  reason?: string
}

declare module '@eduplatform/core' {
  interface EduEvents {
    /** A student reviewed a course. Emitted in the review's transaction (outbox). */
    'review.created': ReviewWritten
    /** The author (or an admin) changed a review's rating or comment. */
    'review.updated': ReviewWritten
    /** A review was deleted; the course's rating no longer counts it. */
    'review.deleted': ReviewDeleted
    /** The course's owner teacher replied to a review (first reply; replacing it is not announced again). */
    'review.replied': ReviewReplied
    /** An admin hid a review from the public list and the average, or showed it again. */
    'review.hidden': ReviewHidden
  }
}

/** Stable subscriber ids of this plugin (outbox rows name them). */
export const SUBSCRIBERS = {
  authorRenamed: 'reviews.refresh-author-name',
  authorCompleted: 'reviews.refresh-verified-learner',
  lessonsChanged: 'reviews.refresh-lesson-count',
  courseChanged: 'reviews.refresh-course-status',
  courseDeleted: 'reviews.delete-with-course',
} as const
