import type pg from 'pg'
import { createRng } from './catalog-data.ts'
import type { SeedCourse, SeededPayment } from './payments.ts'
import { seededId } from './users.ts'

export type { SeedCourse } from './payments.ts'

export interface SeededEnrollments {
  enrollments: number
  progressRows: number
  /** Active and completed enrollments per course: what the course's `enrollmentCount` must say. */
  countsByCourse: Map<string, number>
}

const BATCH = 20_000
const EPOCH = Date.UTC(2026, 0, 1)
const DAY = 86_400_000

/**
 * `count` enrollments (default 200,000) with lesson progress, deterministic under `seed`:
 * first one per completed or refunded payment (source `payment`), then random students in free
 * courses. Progress: a quarter none, 60% the first 1–8 lessons, 15% every lesson (status `completed`).
 * Inserted with `unnest` in batches. The courses seed should set each course's enrollment count
 * from `countsByCourse` (this plugin does not write the courses tables).
 */
export async function seedEnrollments(
  client: pg.Client,
  options: { students: string[]; courses: SeedCourse[]; payments?: SeededPayment[]; count?: number; seed: number; onProgress?(done: number, total: number): void },
): Promise<SeededEnrollments> {
  const rng = createRng(options.seed ^ 0xe41)
  const byId = new Map(options.courses.map((c) => [c.id, c]))
  const free = options.courses.filter((c) => c.priceCents === 0 && c.lessonIds.length > 0)
  const pool = free.length ? free : options.courses.filter((c) => c.lessonIds.length > 0)
  const studentIndex = new Map(options.students.map((id, i) => [id, i]))
  const courseIndex = new Map(options.courses.map((c, i) => [c.id, i]))
  const pairKey = (si: number, ci: number) => si * options.courses.length + ci

  interface Plan { studentId: string; course: SeedCourse; source: 'free' | 'payment'; paymentId: string | null; refunded: boolean; createdAt: Date }
  const plans: Plan[] = []
  const taken = new Set<number>()
  for (const p of options.payments ?? []) {
    const course = byId.get(p.courseId)
    if (p.status === 'failed' || !course) continue
    taken.add(pairKey(studentIndex.get(p.studentId) ?? -1, courseIndex.get(p.courseId)!))
    plans.push({ studentId: p.studentId, course, source: 'payment', paymentId: p.id, refunded: p.status === 'refunded', createdAt: p.createdAt })
  }
  const count = Math.min(options.count ?? 200_000, plans.length + options.students.length * pool.length)
  while (plans.length < count && pool.length > 0) {
    const si = Math.floor(rng() * options.students.length)
    const course = pool[Math.floor(rng() * pool.length)]!
    const key = pairKey(si, courseIndex.get(course.id)!)
    if (taken.has(key)) continue
    taken.add(key)
    plans.push({ studentId: options.students[si]!, course, source: 'free', paymentId: null, refunded: false, createdAt: new Date(EPOCH - Math.floor(rng() * 365 * DAY)) })
  }

  const countsByCourse = new Map<string, number>()
  let progressRows = 0
  for (let start = 0; start < plans.length; start += BATCH) {
    const e = { id: [] as string[], student: [] as string[], course: [] as string[], status: [] as string[], source: [] as string[], payment: [] as (string | null)[], done: [] as number[], created: [] as string[], completed: [] as (string | null)[], refunded: [] as (string | null)[] }
    const lp = { enrollment: [] as string[], lesson: [] as string[], at: [] as string[] }
    for (let n = start; n < Math.min(plans.length, start + BATCH); n++) {
      const plan = plans[n]!
      const id = seededId(0x5eed0e01, n)
      const lessons = plan.course.lessonIds
      const roll = rng()
      const done = roll < 0.25 ? 0 : roll < 0.85 ? Math.min(lessons.length - 1, 1 + Math.floor(rng() * 8)) : lessons.length
      const finished = done === lessons.length && done > 0
      const created = plan.createdAt.getTime()
      for (let k = 0; k < done; k++) {
        lp.enrollment.push(id)
        lp.lesson.push(lessons[k]!)
        lp.at.push(new Date(created + (k + 1) * 3_600_000).toISOString())
      }
      progressRows += done
      e.id.push(id)
      e.student.push(plan.studentId)
      e.course.push(plan.course.id)
      e.status.push(plan.refunded ? 'refunded' : finished ? 'completed' : 'active')
      e.source.push(plan.source)
      e.payment.push(plan.paymentId)
      e.done.push(done)
      e.created.push(plan.createdAt.toISOString())
      e.completed.push(finished ? new Date(created + done * 3_600_000).toISOString() : null)
      e.refunded.push(plan.refunded ? new Date(created + 3 * DAY).toISOString() : null)
      if (!plan.refunded) countsByCourse.set(plan.course.id, (countsByCourse.get(plan.course.id) ?? 0) + 1)
    }
    await client.query(
      `INSERT INTO enrollments (id, student_id, course_id, status, source, payment_id, completed_lessons, last_activity_at, completed_at, refunded_at, created_at, updated_at)
       SELECT id, student_id, course_id, status, source, payment_id, done, CASE WHEN done > 0 THEN created + done * interval '1 hour' END,
              completed, refunded, created, created
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::int[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[])
         AS e(id, student_id, course_id, status, source, payment_id, done, created, completed, refunded)
       ON CONFLICT DO NOTHING`,
      [e.id, e.student, e.course, e.status, e.source, e.payment, e.done, e.created, e.completed, e.refunded],
    )
    await client.query(
      `INSERT INTO lesson_progress (enrollment_id, lesson_id, completed_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) ON CONFLICT DO NOTHING`,
      [lp.enrollment, lp.lesson, lp.at],
    )
    options.onProgress?.(Math.min(plans.length, start + BATCH), plans.length)
  }
  return { enrollments: plans.length, progressRows, countsByCourse }
}
