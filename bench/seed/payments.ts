import type pg from 'pg'
import { createRng } from './catalog-data.ts'
import { seededId } from './users.ts'

/** A course as the learning seeds need it; `lessonIds` in curriculum order. */
export interface SeedCourse {
  id: string
  priceCents: number
  currency: string
  lessonIds: string[]
}

export interface SeededPayment {
  id: string
  studentId: string
  courseId: string
  status: 'completed' | 'refunded' | 'failed'
  /** When it was paid; the matching enrollment starts then. */
  createdAt: Date
}

const BATCH = 10_000
const EPOCH = Date.UTC(2026, 0, 1)
const DAY = 86_400_000

/**
 * `count` mock-provider payments of paid courses by random students (one per student and course),
 * deterministic under `seed`: 95% completed, 3% refunded, 2% failed. Amounts are the course prices.
 * Pass the result to `seedEnrollments`, which enrolls the completed and refunded ones.
 */
export async function seedPayments(
  client: pg.Client,
  options: { students: string[]; courses: SeedCourse[]; count?: number; seed: number; onProgress?(done: number, total: number): void },
): Promise<SeededPayment[]> {
  const paid = options.courses.filter((c) => c.priceCents > 0)
  const count = Math.min(options.count ?? 50_000, options.students.length * paid.length)
  if (count === 0 || paid.length === 0) return []
  const rng = createRng(options.seed ^ 0x9a7)
  const taken = new Set<number>()
  const out: SeededPayment[] = []
  for (let start = 0; start < count; start += BATCH) {
    const cols = { id: [] as string[], student: [] as string[], course: [] as string[], amount: [] as number[], currency: [] as string[], status: [] as string[], ref: [] as string[], key: [] as string[], created: [] as string[] }
    for (let n = start; n < Math.min(count, start + BATCH); n++) {
      let si: number, ci: number
      do {
        si = Math.floor(rng() * options.students.length)
        ci = Math.floor(rng() * paid.length)
      } while (taken.has(si * paid.length + ci))
      taken.add(si * paid.length + ci)
      const course = paid[ci]!
      const roll = rng()
      const status = roll < 0.95 ? 'completed' : roll < 0.98 ? 'refunded' : 'failed'
      const createdAt = new Date(EPOCH - Math.floor(rng() * 365 * DAY))
      const payment = { id: seededId(0x5eed0a01, n), studentId: options.students[si]!, courseId: course.id, status, createdAt } as const
      out.push(payment)
      cols.id.push(payment.id)
      cols.student.push(payment.studentId)
      cols.course.push(course.id)
      cols.amount.push(course.priceCents)
      cols.currency.push(course.currency.toLowerCase())
      cols.status.push(status)
      cols.ref.push(`mock_seed_${n}`)
      cols.key.push(`seed-payment-${n}`)
      cols.created.push(createdAt.toISOString())
    }
    await client.query(
      `INSERT INTO payments (id, student_id, course_id, amount_cents, currency, status, provider, provider_ref, idempotency_key, request_hash,
                             completed_at, failed_at, refunded_at, created_at, updated_at)
       SELECT id, student_id, course_id, amount, currency, status, 'mock', ref, key, 'seed',
              CASE WHEN status IN ('completed', 'refunded') THEN created END,
              CASE WHEN status = 'failed' THEN created END,
              CASE WHEN status = 'refunded' THEN created + interval '3 days' END,
              created, created
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
         AS p(id, student_id, course_id, amount, currency, status, ref, key, created)
       ON CONFLICT DO NOTHING`,
      [cols.id, cols.student, cols.course, cols.amount, cols.currency, cols.status, cols.ref, cols.key, cols.created],
    )
    options.onProgress?.(Math.min(count, start + BATCH), count)
  }
  return out
}
