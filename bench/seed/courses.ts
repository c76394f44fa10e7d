import pg from 'pg'
import { slugify } from '../../plugins/courses/src/content/slug.ts'
import { CATEGORY_SEED, createRng, generateCourseText, generateLessonMarkdown, pick, randomInt, type Rng } from './catalog-data.ts'
import type { SeedCourse } from './payments.ts'
import { seededId } from './users.ts'

export type { SeedCourse } from './payments.ts'

export interface SeedCoursesOptions {
  courses: number
  /** Teacher user ids; courses are spread over them at random. */
  teachers: string[]
  seed: number
  onProgress?(done: number, total: number): void
}

export interface SeededCourses {
  /** Published courses with their lessons in curriculum order: what enrollment, payments and reviews seed against. */
  published: SeedCourse[]
  courses: number
  modules: number
  lessons: number
  ms: number
}

const NS = { course: 0x5eedc001, module: 0x5eedc002, lesson: 0x5eedc003 }
const BATCH = 2_000
const EPOCH = Date.UTC(2023, 0, 1)
const DAY = 86_400_000
const PRICES = [999, 1499, 1999, 2499, 2999, 3999, 4999, 5999, 7999, 9999, 12999, 19999]
const MODULE_NAMES = ['Foundations', 'Getting Started', 'Core Concepts', 'Core Techniques', 'Working with Real Data', 'Hands-On Practice',
  'Common Patterns', 'Going Further', 'Troubleshooting', 'Best Practices', 'Real-World Projects', 'Advanced Topics', 'Putting It Together', 'Final Project']
const LESSON_TITLES = ['Welcome and course overview', 'Setting up your workspace', 'Key terms explained', 'A first worked example', 'How it works under the hood',
  'Step-by-step walkthrough', 'Common mistakes and how to avoid them', 'Practice exercise', 'Quiz: check your understanding', 'Case study',
  'Tips from practitioners', 'Small project', 'Reviewing the solution', 'Going deeper', 'Recap and next steps', 'Cheat sheet', 'Q&A session',
  'Live demo', 'Building it from scratch', 'Debugging session']
const VIDEOS = ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'https://vimeo.com/76979871', 'https://www.youtube.com/watch?v=jNQXAC9IVRw',
  'https://vimeo.com/148751763', 'https://cdn.example.com/videos/lesson.mp4']
const BODY_POOL = 256

interface Batch {
  course: Record<string, unknown[]>
  module: Record<string, unknown[]>
  lesson: Record<string, unknown[]>
}

const COURSE_SQL = `INSERT INTO courses (id, teacher_id, category_id, title, slug, description, level, price_cents, currency, status,
    cover_image_url, language, tags, duration_minutes, module_count, lesson_count, published_at, created_at, updated_at)
  SELECT id, teacher_id, category_id, title, slug, description, level, price_cents, 'USD', status,
    'https://images.example.com/courses/' || cover || '.jpg', language, string_to_array(tags, ','), duration, modules, lessons, published_at, created_at, created_at
  FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[],
    $10::text[], $11::text[], $12::text[], $13::int[], $14::int[], $15::int[], $16::timestamptz[], $17::timestamptz[])
    AS u(id, teacher_id, category_id, title, slug, description, level, price_cents, status, cover, language, tags, duration, modules, lessons, published_at, created_at)
`
const MODULE_SQL = `INSERT INTO course_modules (id, course_id, position, title, lesson_count)
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::int[])`
// Lesson bodies come from a pool loaded once per connection and joined by number: far less to send and parse.
// body_html stays empty: the plugin renders (and caches) it on first read, which halves what the seed writes.
const LESSON_SQL = `INSERT INTO course_lessons (id, course_id, module_id, position, title, type, body, video_url, duration_minutes, is_preview)
  SELECT id, course_id, module_id, position, title, type, b.body, video, duration, preview
  FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::int[], $8::text[], $9::int[], $10::bool[])
    AS u(id, course_id, module_id, position, title, type, body, video, duration, preview)
  JOIN pg_temp.seed_lesson_bodies b ON b.n = u.body
`

function newBatch(): Batch {
  const cols = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [i, [] as unknown[]]))
  return { course: cols(17), module: cols(5), lesson: cols(10) }
}
const push = (table: Record<string, unknown[]>, values: unknown[]) => values.forEach((v, i) => table[i]!.push(v))
const params = (table: Record<string, unknown[]>) => Object.keys(table).map((k) => table[k]!)

/**
 * Courses with modules (3–5) and lessons (5–10 per module), deterministic under `seed`: realistic
 * titles and descriptions from the catalogue generator, 95% published (2% archived, 3% drafts),
 * a third free. Inserted with batched `unnest` inserts while the next batch is generated; secondary
 * indexes are dropped during the load and rebuilt after it, and foreign-key triggers are skipped when
 * the role may (the generator keeps every reference valid). Counters (modules, lessons, minutes) are
 * set directly; enrollment counts and ratings stay 0 until `setEnrollmentCounts`/`setRatingStats`.
 */
export async function seedCourses(client: pg.Client, options: SeedCoursesOptions): Promise<SeededCourses> {
  const started = performance.now()
  if (options.teachers.length === 0) throw new Error('seedCourses needs at least one teacher id')
  const rng = createRng(options.seed ^ 0xc0de)
  const categoryIds = await ensureCategories(client)
  const { rows: existing } = await client.query('SELECT 1 FROM courses WHERE id = $1', [seededId(NS.course, 0)])
  if (existing.length) throw new Error('This database already holds seeded courses; seed a fresh database')

  const pool = Array.from({ length: BODY_POOL }, (_, i) => generateLessonMarkdown(rng, pick(rng, LESSON_TITLES) + (i % 2 ? '' : ' in practice')))

  // Two loaders: PostgreSQL parses and inserts one batch per backend while this process generates the next.
  const second = new pg.Client(connectionOf(client))
  const loaders = [client]
  if (await second.connect().then(() => true, () => false)) loaders.push(second)
  const skipFk: boolean[] = []
  for (const loader of loaders) {
    await loader.query('CREATE TEMP TABLE IF NOT EXISTS seed_lesson_bodies (n int PRIMARY KEY, body text NOT NULL)')
    await loader.query('TRUNCATE seed_lesson_bodies')
    await loader.query('INSERT INTO seed_lesson_bodies SELECT * FROM unnest($1::int[], $2::text[])', [pool.map((_, i) => i + 1), pool])
    await loader.query('SET synchronous_commit = off')
    skipFk.push(await loader.query('SET session_replication_role = replica').then(() => true, () => false))
  }
  const dropped = await dropSecondaryIndexes(client)

  const published: SeedCourse[] = []
  let modules = 0
  let lessons = 0
  const inFlight: Array<Promise<unknown>> = loaders.map(() => Promise.resolve())
  try {
    for (let start = 0, n = 0; start < options.courses; start += BATCH, n++) {
      const end = Math.min(options.courses, start + BATCH)
      const batch = newBatch()
      for (let i = start; i < end; i++) {
        const counts = generateCourse(rng, i, options, categoryIds, batch, published)
        modules += counts.modules
        lessons += counts.lessons
      }
      const slot = n % loaders.length
      const loader = loaders[slot]!
      await inFlight[slot]
      options.onProgress?.(start, options.courses)
      const load = (async () => {
        await loader.query('BEGIN')
        try {
          await loader.query(COURSE_SQL, params(batch.course))
          await loader.query(MODULE_SQL, params(batch.module))
          await loader.query(LESSON_SQL, params(batch.lesson))
          await loader.query('COMMIT')
        } catch (error) {
          await loader.query('ROLLBACK').catch(() => {})
          throw error
        }
      })()
      // Awaited before this loader's next batch; meanwhile a failure must not count as unhandled.
      load.catch(() => {})
      inFlight[slot] = load
    }
    await Promise.all(inFlight)
    options.onProgress?.(options.courses, options.courses)
    // The loaders skip triggers (replica role): the search table is filled here, once.
    await refreshCourseSearch(loaders)
  } finally {
    await Promise.allSettled(inFlight)
    for (const [i, loader] of loaders.entries()) if (skipFk[i]) await loader.query('SET session_replication_role = DEFAULT').catch(() => {})
    await rebuildIndexes(loaders, dropped)
    if (loaders.length > 1) await second.end().catch(() => {})
  }
  // …and so is the search word list.
  await refreshSearchWords(client)
  await client.query('ANALYZE courses, course_modules, course_lessons, course_search, course_search_words')
  return { published, courses: options.courses, modules, lessons, ms: Math.round(performance.now() - started) }
}

/**
 * Fills the search table from the published courses, as the plugin's triggers do row by row; the
 * loaders share the work by course id, so both cores build vectors at once.
 */
export async function refreshCourseSearch(loaders: pg.Client[]): Promise<void> {
  await Promise.all(loaders.map((loader, i) => loader.query(
    `INSERT INTO course_search (id, search_vector, level, category_id, price_cents, avg_rating, review_count, enrollment_count, published_at)
     SELECT id, course_search_vector(title, description), level, category_id, price_cents, avg_rating, review_count, enrollment_count, published_at
     FROM courses WHERE status = 'published' AND get_byte(uuid_send(id), 0) % $1 = $2
     ON CONFLICT (id) DO NOTHING`, [loaders.length, i])))
}

/** Adds every word of the search table's vectors to the search word list (the plugin's triggers do this row by row). */
export async function refreshSearchWords(client: pg.Client): Promise<void> {
  await client.query(
    `INSERT INTO course_search_words (word)
     SELECT DISTINCT w FROM course_search, unnest(tsvector_to_array(search_vector)) AS w ORDER BY w
     ON CONFLICT (word) DO NOTHING`)
}

/** The connection settings of a connected client, for a sibling connection. */
function connectionOf(client: pg.Client): pg.ClientConfig {
  const c = client as unknown as { connectionParameters: { user: string; password?: string; host: string; port: number; database: string; ssl?: unknown } }
  const p = c.connectionParameters
  return { user: p.user, password: p.password, host: p.host, port: p.port, database: p.database, ssl: p.ssl as pg.ClientConfig['ssl'] }
}

function generateCourse(rng: Rng, i: number, options: SeedCoursesOptions, categoryIds: Map<string, string>, batch: Batch, published: SeedCourse[]) {
  const text = generateCourseText(rng, i)
  const id = seededId(NS.course, i)
  const roll = rng()
  const status = roll < 0.95 ? 'published' : roll < 0.97 ? 'archived' : 'draft'
  const priceCents = rng() < 0.33 ? 0 : pick(rng, PRICES)
  const createdAt = EPOCH + Math.floor(rng() * 900 * DAY)
  const publishedAt = status === 'draft' ? null : new Date(createdAt + Math.floor(rng() * 30 * DAY)).toISOString()
  const moduleCount = randomInt(rng, 3, 5)
  const lessonIds: string[] = []
  let duration = 0
  for (let m = 0; m < moduleCount; m++) {
    const moduleId = seededId(NS.module, i * 8 + m)
    const title = `${pick(rng, MODULE_NAMES)}`
    const lessonCount = randomInt(rng, 5, 10)
    push(batch.module, [moduleId, id, m, title, lessonCount])
    for (let l = 0; l < lessonCount; l++) {
      const lessonId = seededId(NS.lesson, i * 64 + m * 12 + l)
      const kind = rng()
      const type = kind < 0.6 ? 'video' : kind < 0.9 ? 'text' : 'quiz'
      const minutes = randomInt(rng, 3, 25)
      duration += minutes
      push(batch.lesson, [lessonId, id, moduleId, l, pick(rng, LESSON_TITLES), type, 1 + Math.floor(rng() * BODY_POOL),
        type === 'video' ? pick(rng, VIDEOS) : null, minutes, m === 0 && l === 0])
      lessonIds.push(lessonId)
    }
  }
  push(batch.course, [id, options.teachers[Math.floor(rng() * options.teachers.length)], categoryIds.get(text.category) ?? null, text.title,
    `${slugify(text.title).slice(0, 70)}-${i.toString(36)}`, text.description, text.level, priceCents, status, `c${i % 997}`, text.language,
    text.tags.join(','), duration, moduleCount, lessonIds.length, publishedAt, new Date(createdAt).toISOString()])
  if (status === 'published') published.push({ id, priceCents, currency: 'USD', lessonIds })
  return { modules: moduleCount, lessons: lessonIds.length }
}

/** The catalogue categories, created when missing; slug → id. */
export async function ensureCategories(client: pg.Client): Promise<Map<string, string>> {
  await client.query(
    `INSERT INTO course_categories (id, slug, name, position)
     SELECT gen_random_uuid(), slug, name, position FROM unnest($1::text[], $2::text[], $3::int[]) AS u(slug, name, position)
     ON CONFLICT (slug) DO NOTHING`,
    [CATEGORY_SEED.map((c) => c.slug), CATEGORY_SEED.map((c) => c.name), CATEGORY_SEED.map((_, i) => i + 1)])
  const { rows } = await client.query<{ id: string; slug: string }>('SELECT id, slug FROM course_categories')
  return new Map(rows.map((r) => [r.slug, r.id]))
}

interface DroppedIndex { name: string; definition: string }

/** Indexes of the courses tables that back no constraint: cheaper to build once than to maintain row by row. */
async function dropSecondaryIndexes(client: pg.Client): Promise<DroppedIndex[]> {
  const { rows } = await client.query<DroppedIndex>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i WHERE i.indrelid IN ('courses'::regclass, 'course_lessons'::regclass, 'course_modules'::regclass, 'course_search'::regclass)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`)
  for (const { name } of rows) await client.query(`DROP INDEX ${name}`)
  return rows
}

/** Rebuilds the dropped indexes, spread over the loaders so both cores build at once. */
async function rebuildIndexes(loaders: pg.Client[], dropped: DroppedIndex[]): Promise<void> {
  const queue = [...dropped]
  await Promise.all(loaders.map(async (loader) => {
    await loader.query(`SET maintenance_work_mem = '512MB'`).catch(() => {})
    for (let next = queue.shift(); next; next = queue.shift()) await loader.query(next.definition)
  }))
}

/** Sets each course's enrollment count (e.g. from the enrollment seed's `countsByCourse`). */
export async function setEnrollmentCounts(client: pg.Client, counts: Map<string, number>): Promise<void> {
  await client.query(
    `UPDATE courses c SET enrollment_count = u.n FROM unnest($1::uuid[], $2::int[]) AS u(id, n) WHERE c.id = u.id`,
    [[...counts.keys()], [...counts.values()]])
}

/** Sets each course's rating stats (e.g. from the reviews seed). */
export async function setRatingStats(client: pg.Client, stats: Map<string, { avgRating: number; reviewCount: number }>): Promise<void> {
  const entries = [...stats]
  await client.query(
    `UPDATE courses c SET avg_rating = u.avg, review_count = u.n FROM unnest($1::uuid[], $2::numeric[], $3::int[]) AS u(id, avg, n) WHERE c.id = u.id`,
    [entries.map(([id]) => id), entries.map(([, s]) => Math.round(s.avgRating * 100) / 100), entries.map(([, s]) => s.reviewCount)])
}
