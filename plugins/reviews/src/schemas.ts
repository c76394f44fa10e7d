import { Type, type Static } from 'typebox'
import { ListQueryProps, Page, PlainText, PlainTextLine } from '@eduplatform/core'

const Uuid = Type.String({ format: 'uuid' })
const Timestamp = Type.String({ format: 'date-time' })

/** Longest comment, reply or moderation reason, in characters (Unicode code points). */
export const MAX_TEXT = 5000

export const Rating = Type.Integer({ minimum: 1, maximum: 5, description: 'Whole stars, 1 to 5' })

export const IdParams = Type.Object({ id: Uuid })

export const SORTS = ['newest', 'rating_desc', 'rating_asc'] as const
export type ReviewSort = (typeof SORTS)[number]

export const ListReviewsQuery = Type.Object({
  sort: Type.Enum([...SORTS], { default: 'newest', description: '`newest` first, or by rating (ties: newest first)' }),
  ...ListQueryProps,
})
export type ListReviewsQuery = Static<typeof ListReviewsQuery>

export const CreateReviewBody = Type.Object(
  { rating: Rating, comment: PlainText({ maxLength: MAX_TEXT, description: 'Plain text, stored exactly as written; may be empty' }) },
  { additionalProperties: false },
)
export type CreateReviewBody = Static<typeof CreateReviewBody>

export const UpdateReviewBody = Type.Object(
  {
    rating: Type.Optional(Rating),
    comment: Type.Optional(PlainText({ maxLength: MAX_TEXT, description: 'Plain text, stored exactly as written' })),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateReviewBody = Static<typeof UpdateReviewBody>

export const ReplyBody = Type.Object(
  { body: PlainText({ minLength: 1, maxLength: MAX_TEXT, notBlank: true, description: "The course owner's answer, plain text; not blank" }) },
  { additionalProperties: false },
)

export const ModerationBody = Type.Object(
  {
    hidden: Type.Boolean({ description: 'true hides the review from the public list and the average; false shows it again' }),
    reason: Type.Optional(PlainTextLine({ maxLength: 500, description: 'Why, for the author: one line of plain text' })),
  },
  { additionalProperties: false },
)

export const ReplyView = Type.Object(
  { body: Type.String(), createdAt: Timestamp, updatedAt: Timestamp },
  { description: "The course owner's reply" },
)

export const ReviewView = Type.Object(
  {
    id: Uuid,
    courseId: Uuid,
    rating: Rating,
    comment: Type.String({ description: 'Plain text as written: escape it when showing it in HTML' }),
    author: Type.Object({ id: Uuid, name: Type.String() }),
    verifiedLearner: Type.Boolean({ description: 'The author completed the course, or more than half of its lessons' }),
    reply: Type.Union([ReplyView, Type.Null()]),
    hidden: Type.Boolean({ description: 'Hidden by a moderator (only admins and the author see hidden reviews)' }),
    hiddenReason: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Review', description: "A student's review of a course" },
)
export type ReviewView = Static<typeof ReviewView>

export const ReviewPage = Page(ReviewView)

export const ReviewSummary = Type.Object(
  {
    courseId: Uuid,
    avgRating: Type.Number({ minimum: 0, maximum: 5, description: 'Mean of the visible ratings, 2 decimals; 0 without reviews' }),
    reviewCount: Type.Integer({ minimum: 0 }),
    histogram: Type.Object(
      { 1: Type.Integer(), 2: Type.Integer(), 3: Type.Integer(), 4: Type.Integer(), 5: Type.Integer() },
      { description: 'Visible reviews per star rating' },
    ),
  },
  { description: "A course's ratings: average, count and histogram (hidden reviews excluded)" },
)
export type ReviewSummary = Static<typeof ReviewSummary>
