import type pg from 'pg'
import { averageOf } from '../../plugins/reviews/src/rows.ts'
import { createRng, pick, type Rng } from './catalog-data.ts'
import { seededId } from './users.ts'

export interface SeededReviews {
  reviews: number
  hidden: number
  replies: number
  /** Each reviewed course's visible figures: what its `avgRating` and `reviewCount` must say (for `setRatingStats`). */
  statsByCourse: Map<string, { avgRating: number; reviewCount: number }>
}

const BATCH = 20_000
const DAY = 86_400_000
/** Ratings as course platforms see them: mostly good, a tail of poor ones. Cumulative share per star, 1..5. */
const RATING_CDF = [0.05, 0.1, 0.22, 0.5, 1]
const OPENINGS = ['Great course.', 'Solid introduction.', 'Not what I expected.', 'Exactly what I needed.', 'Too fast for me.', 'Clear explanations.', 'A bit dated.', 'Worth every minute.']
const BODIES = [
  'The exercises made the ideas stick.', 'Some lessons repeat themselves.', 'I would like more examples.', 'The teacher answers questions quickly.',
  'The videos are short and to the point.', 'The quizzes could be harder.', 'I finally understand <generics> & friends.', 'Audio quality varies between modules.',
]
const REPLIES = ['Thank you for the kind words!', 'Thanks, more examples are coming next month.', 'Sorry to hear that — which lesson lost you?']

const ratingOf = (rng: Rng) => {
  const r = rng()
  return RATING_CDF.findIndex((p) => r < p) + 1
}

/**
 * `count` reviews (default 100,000, the contract's size) by students of their seeded, not refunded
 * enrollments, deterministic under `seed` (and the enrollments it reads): ratings skewed towards 4–5,
 * 70% with a comment, 1% hidden by a moderator, 10% with the teacher's reply. Inserted with `unnest` in
 * batches with triggers off, then `review_course_stats` is computed in one statement, as the plugin's
 * trigger would have left it. The caller sets the courses' figures from `statsByCourse`
 * (`setRatingStats` of the courses seed: this seed does not write the courses tables).
 */
export async function seedReviews(
  client: pg.Client,
  options: { count?: number; seed: number; onProgress?(done: number, total: number): void },
): Promise<SeededReviews> {
  const rng = createRng(options.seed ^ 0x2e71e3)
  const { rows: eligible } = await client.query<{ student_id: string; course_id: string; created_at: Date }>(
    `SELECT student_id, course_id, created_at FROM enrollments WHERE status <> 'refunded' ORDER BY id`)
  const count = Math.min(options.count ?? 100_000, eligible.length)
  // A partial Fisher-Yates shuffle: the first `count` enrollments of a seeded order review their course.
  const order = eligible.map((_, i) => i)
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng() * (order.length - i))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }

  // Triggers off where the role may (superuser); elsewhere the trigger keeps the figures row by row, and the
  // statement below sets the same figures.
  const triggersOff = await client.query('SET session_replication_role = replica').then(() => true, () => false)
  let hidden = 0
  let replies = 0
  try {
    for (let start = 0; start < count; start += BATCH) {
      const r = { id: [] as string[], course: [] as string[], author: [] as string[], rating: [] as number[], comment: [] as string[], hidden: [] as boolean[], reply: [] as (string | null)[], created: [] as string[], replied: [] as (string | null)[] }
      for (let n = start; n < Math.min(count, start + BATCH); n++) {
        const e = eligible[order[n]!]!
        const rating = ratingOf(rng)
        const created = new Date(e.created_at).getTime() + Math.floor(1 + rng() * 60 * DAY)
        const withComment = rng() < 0.7
        const isHidden = rng() < 0.01
        const withReply = rng() < 0.1
        hidden += isHidden ? 1 : 0
        replies += withReply ? 1 : 0
        r.id.push(seededId(0x5eed0e11, n))
        r.course.push(e.course_id)
        r.author.push(e.student_id)
        r.rating.push(rating)
        r.comment.push(withComment ? `${pick(rng, OPENINGS)} ${pick(rng, BODIES)}` : '')
        r.hidden.push(isHidden)
        r.reply.push(withReply ? pick(rng, REPLIES) : null)
        r.created.push(new Date(created).toISOString())
        r.replied.push(withReply ? new Date(created + 2 * DAY).toISOString() : null)
      }
      await client.query(
        `INSERT INTO reviews (id, course_id, author_id, rating, comment, hidden, hidden_reason, hidden_at, reply_body, reply_created_at, reply_updated_at, created_at, updated_at)
         SELECT id, course_id, author_id, rating, comment, hidden, CASE WHEN hidden THEN 'Off-topic' END, CASE WHEN hidden THEN created + interval '1 day' END,
                reply, replied, replied, created, created
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::smallint[], $5::text[], $6::boolean[], $7::text[], $8::timestamptz[], $9::timestamptz[])
           AS r(id, course_id, author_id, rating, comment, hidden, reply, created, replied)`,
        [r.id, r.course, r.author, r.rating, r.comment, r.hidden, r.reply, r.created, r.replied],
      )
      options.onProgress?.(Math.min(count, start + BATCH), count)
    }
  } finally {
    if (triggersOff) await client.query('SET session_replication_role = DEFAULT')
  }
  const { rows } = await client.query<{ course_id: string; review_count: number; rating_sum: number }>(
    `INSERT INTO review_course_stats (course_id, review_count, rating_sum, stars_1, stars_2, stars_3, stars_4, stars_5)
     SELECT course_id, count(*), sum(rating), count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2),
            count(*) FILTER (WHERE rating = 3), count(*) FILTER (WHERE rating = 4), count(*) FILTER (WHERE rating = 5)
     FROM reviews WHERE NOT hidden GROUP BY course_id
     ON CONFLICT (course_id) DO UPDATE SET review_count = EXCLUDED.review_count, rating_sum = EXCLUDED.rating_sum,
       stars_1 = EXCLUDED.stars_1, stars_2 = EXCLUDED.stars_2, stars_3 = EXCLUDED.stars_3, stars_4 = EXCLUDED.stars_4, stars_5 = EXCLUDED.stars_5
     RETURNING course_id, review_count, rating_sum`)
  const statsByCourse = new Map(rows.map((s) => [s.course_id, { avgRating: averageOf(s.rating_sum, s.review_count), reviewCount: s.review_count }]))
  return { reviews: count, hidden, replies, statsByCourse }
}
