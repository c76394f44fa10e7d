import type { ReviewView } from './schemas.ts'

/** The columns of a review row that views need (`r` is `reviews`). */
export const REVIEW_COLUMNS = `r.id, r.course_id, r.author_id, r.rating, r.comment, r.hidden, r.hidden_reason,
  r.reply_body, r.reply_created_at::text AS reply_created_at, r.reply_updated_at::text AS reply_updated_at,
  r.created_at::text AS created_at, r.updated_at::text AS updated_at`

export interface ReviewRow {
  id: string
  course_id: string
  author_id: string
  rating: number
  comment: string
  hidden: boolean
  hidden_reason: string | null
  reply_body: string | null
  reply_created_at: string | null
  reply_updated_at: string | null
  /** PostgreSQL text (microseconds kept): keyset cursors carry it as it is. */
  created_at: string
  updated_at: string
}

const iso = (pgText: string) => new Date(pgText).toISOString()

/** The API view of a row; the author's name and standing come from identity and enrollment. */
export function reviewView(row: ReviewRow, authorName: string, verifiedLearner: boolean): ReviewView {
  return {
    id: row.id,
    courseId: row.course_id,
    rating: row.rating,
    comment: row.comment,
    author: { id: row.author_id, name: authorName },
    verifiedLearner,
    reply: row.reply_body === null
      ? null
      : { body: row.reply_body, createdAt: iso(row.reply_created_at!), updatedAt: iso(row.reply_updated_at!) },
    hidden: row.hidden,
    hiddenReason: row.hidden_reason,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

/** Figures of `review_course_stats`. */
export interface StatsRow {
  review_count: number
  rating_sum: number
  stars_1: number
  stars_2: number
  stars_3: number
  stars_4: number
  stars_5: number
}

/**
 * The mean rating rounded half up to 2 decimals, in integer arithmetic (no binary rounding error at
 * x.xx5), as `numeric(3,2)` stores it on the course; 0 without reviews.
 */
export function averageOf(ratingSum: number, reviewCount: number): number {
  if (reviewCount <= 0) return 0
  return Math.floor((ratingSum * 200 + reviewCount) / (2 * reviewCount)) / 100
}
