import type { EduApp } from '@eduplatform/core'
import type { LearnerStanding } from '@eduplatform/plugin-enrollment'
import { reviewView, type ReviewRow } from './rows.ts'
import type { ReviewView } from './schemas.ts'

/**
 * A verified learner completed the course, or more than half of the lessons it has now; a refunded
 * enrollment is not one.
 */
export function isVerifiedLearner(standing: LearnerStanding | undefined): boolean {
  if (!standing || standing.status === 'refunded') return false
  return standing.status === 'completed' || standing.completed * 2 > standing.total
}

/** Builds review views of one course: authors' names from identity, `verifiedLearner` from enrollment. */
export async function reviewViews(app: EduApp, courseId: string, rows: readonly ReviewRow[]): Promise<ReviewView[]> {
  if (rows.length === 0) return []
  const authorIds = rows.map((r) => r.author_id)
  const [users, standings] = await Promise.all([
    app.identity.getUsers(authorIds),
    app.services.get('enrollment').learnerStandings(courseId, authorIds),
  ])
  return rows.map((row) => reviewView(row, users.get(row.author_id)?.name ?? '', isVerifiedLearner(standings.get(row.author_id))))
}
