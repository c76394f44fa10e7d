import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { createEngine, orExplain } from '@eduplatform/core'
import config from '../edu.config.ts'
import { seedCourses, setEnrollmentCounts, setRatingStats } from './seed/courses.ts'
import { seedEnrollments } from './seed/enrollment.ts'
import { seedPayments } from './seed/payments.ts'
import { seedReviews } from './seed/reviews.ts'
import { SEED_PASSWORD, seedUsers } from './seed/users.ts'

/**
 * `npm run seed -- [--users N] [--courses N] [--enrollments N] [--payments N] [--reviews N] [--seed N]`
 * Fills an empty database (DATABASE_URL, or the embedded one under EDU_DATA_DIR) with the reference
 * dataset of CONTRACT.md. Deterministic under --seed.
 */
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '50000' },
    courses: { type: 'string', default: '100000' },
    enrollments: { type: 'string', default: '200000' },
    payments: { type: 'string', default: '50000' },
    reviews: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
  },
})
const n = (name: keyof typeof values) => {
  const v = Number(values[name])
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a whole number, got "${values[name]}"`)
  return v
}
const seed = n('seed')

// One line redrawn on a terminal; a line per quarter otherwise (logs, CI).
const progress = (label: string) => {
  let lastQuarter = -1
  return (done: number, total: number) => {
    const percent = Math.round((done / Math.max(1, total)) * 100)
    const line = `  ${label.padEnd(12)} ${String(done).padStart(9)} / ${total} (${percent}%)`
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`)
    } else if (Math.floor(percent / 25) > lastQuarter) {
      lastQuarter = Math.floor(percent / 25)
      process.stderr.write(`${line}\n`)
    }
  }
}
const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const t0 = performance.now()
  const result = await work()
  console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  return result
}

// Building the engine applies the migrations (and starts the embedded PostgreSQL when there is no DATABASE_URL).
// Seeding signs no tokens: with DATABASE_URL and no JWT_SECRET, a throwaway secret lets the engine build.
const app = await orExplain(createEngine({ ...config, demo: false, logLevel: 'warn', auth: { ...config.auth, jwtSecret: config.auth?.jwtSecret ?? randomBytes(32).toString('hex') } }, { dispatch: false }))
const client = new pg.Client({ connectionString: app.edu.databaseUrl })
await client.connect()
const started = performance.now()
try {
  const users = await timed(`users (${n('users')})`, () => seedUsers(client, { users: n('users'), seed, onProgress: progress('users') }))
  const catalogue = await timed(`courses (${n('courses')}, with modules and lessons)`, () =>
    seedCourses(client, { courses: n('courses'), teachers: users.teachers, seed, onProgress: progress('courses') }))
  console.log(`  ${catalogue.courses} courses, ${catalogue.modules} modules, ${catalogue.lessons} lessons`)
  const payments = await timed(`payments (${n('payments')})`, () =>
    seedPayments(client, { students: users.students, courses: catalogue.published, count: n('payments'), seed, onProgress: progress('payments') }))
  const enrollments = await timed(`enrollments (${n('enrollments')}, with lesson progress)`, () =>
    seedEnrollments(client, { students: users.students, courses: catalogue.published, payments, count: n('enrollments'), seed, onProgress: progress('enrollments') }))
  console.log(`  ${enrollments.enrollments} enrollments, ${enrollments.progressRows} lesson completions`)
  await timed('enrollment counts on courses', () => setEnrollmentCounts(client, enrollments.countsByCourse))
  const reviews = await timed(`reviews (${n('reviews')})`, () => seedReviews(client, { count: n('reviews'), seed, onProgress: progress('reviews') }))
  console.log(`  ${reviews.reviews} reviews (${reviews.hidden} hidden, ${reviews.replies} with a reply) on ${reviews.statsByCourse.size} courses`)
  await timed('ratings on courses', () => setRatingStats(client, reviews.statsByCourse))
  // Setting every course's counts and ratings rewrote every search row: compact the table again, as a load
  // that knew the counts up front would have left it.
  await timed('compact course_search', () => client.query('VACUUM FULL course_search'))
  // The count updates above leave a dead row version per course: vacuum, as autovacuum would later, so
  // search and reads are measured on the tables a running catalogue has, not on a bulk load's leftovers.
  await timed('VACUUM ANALYZE', () => client.query('VACUUM ANALYZE'))
  console.log(`\nSeeded in ${((performance.now() - started) / 1000).toFixed(1)} s. Every seeded account's password: ${SEED_PASSWORD}`)
  console.log('Accounts: admin@seed.edu, teacher<i>@seed.edu (i divisible by 10), student<i>@seed.edu (the others).')
} finally {
  await client.end()
  await app.close()
}
