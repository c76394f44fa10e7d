import type { Api } from './api.ts'
import type { StringKey } from './i18n.ts'

/** Why a lesson (or its quiz) does not open, and the course that opens it when known. */
export interface Locked {
  reason: 'sign-in' | 'enroll' | 'buy'
  courseId: string | null
}

/**
 * Why the viewer may not open a lesson: anonymous (or a 401) → sign in; signed in → enroll, or buy
 * when the course (public `GET /courses/{id}`) is paid. Used by the player and the quiz alike.
 */
export async function lockReason(call: <T>(work: (api: Api) => Promise<T>) => Promise<T>, signedIn: boolean, status: number, courseId: string | null): Promise<Locked> {
  if (status === 401 || !signedIn) return { reason: 'sign-in', courseId }
  if (!courseId) return { reason: 'enroll', courseId }
  const course = await call((api) => api.course(courseId)).catch(() => null)
  return { reason: course && !course.isFree ? 'buy' : 'enroll', courseId }
}

/** The words of a lock, the same in every widget. */
export function lockedKey(locked: Locked): StringKey {
  return locked.reason === 'sign-in' ? 'lockedSignIn' : locked.reason === 'buy' ? 'lockedBuy' : 'lockedEnroll'
}
