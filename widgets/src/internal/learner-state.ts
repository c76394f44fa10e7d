import type { CourseProgress } from './api.ts'

/**
 * A change to the learner's state that one widget made: every other widget of the page signed in as
 * the same student hears it and follows (a card's action and progress, a locked lesson or quiz that opens).
 */
export interface LearnerChange {
  /** Whose state (`identityOf` the token). */
  identity: string
  courseId: string
  /** The learner is enrolled in the course now (an enrollment, a completed payment). */
  enrolled?: boolean
  /** A lesson of the course was completed (marked complete, or its quiz passed)… */
  lessonId?: string
  /** …and the course's progress after the change, when known (`completedLessonIds` only when whole). */
  progress?: Omit<CourseProgress, 'completedLessonIds'> & { completedLessonIds?: string[] }
}

type Listener = (change: LearnerChange) => void
const listeners = new Map<object, Listener>()

/** The page's one channel of learner state: widgets join when connected and publish what they change. */
export const learnerState = {
  join(member: object, listener: Listener): void {
    listeners.set(member, listener)
  },
  leave(member: object): void {
    listeners.delete(member)
  },
  /** Tells every member but `from` (which made the change and shows it already). */
  publish(change: LearnerChange, from: object): void {
    for (const [member, listener] of [...listeners]) if (member !== from) listener(change)
  },
}
