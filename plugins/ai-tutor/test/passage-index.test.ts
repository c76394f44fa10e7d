import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, waitUntil, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { aiTutor } from '../src/index.ts'
import { PassageIndex, lessonVersion } from '../src/grounding/index.ts'
import { LESSON_PASSAGES, PASSAGE_CHARS, splitPassages } from '../src/grounding/passages.ts'
import { API, LESSONS, makeCourse, type Course } from './fixtures.ts'

let t: TestEngine
let teacher: Actor
let course: Course

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), aiTutor({ provider: 'offline', ratePerMinute: 1000, dailyQuota: 1000 })] })
  teacher = await t.asTeacher()
  course = await makeCourse(teacher, ['photosynthesis', 'waterCycle'])
  await t.drainEvents()
})
afterAll(async () => t?.close())

const query = <T>(sql: string, params: unknown[]) => t.app.orm.em.fork().execute<T[]>(sql, params)
const passagesOf = async (lessonId: string) =>
  (await query<{ position: number; text: string; lesson_title: string }>('SELECT position, text, lesson_title FROM ai_passages WHERE lesson_id = ?::uuid ORDER BY position', [lessonId]))
const indexedVersion = async (lessonId: string) =>
  (await query<{ version: string }>('SELECT version FROM ai_indexed_lessons WHERE lesson_id = ?::uuid', [lessonId]))[0]?.version

/** Advisory locks waited for now (every re-indexing of a lesson takes the lesson's). */
const waitingLocks = async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`, []))[0]!.n

/** Takes the lock every re-indexing of the lesson takes, in a transaction of its own, until `release`. */
async function holdLessonLock(lessonId: string): Promise<{ release: () => Promise<void> }> {
  let unlock = () => {}
  let locked = () => {}
  const isLocked = new Promise<void>((resolve) => { locked = resolve })
  const holder = t.app.orm.em.fork().transactional(async (em) => {
    await em.execute('SELECT pg_advisory_xact_lock(hashtextextended(?, 7))', [lessonId])
    locked()
    await new Promise<void>((resolve) => { unlock = resolve })
  })
  await isLocked
  return { release: async () => { unlock(); await holder } }
}

/** Checkouts and statements of the dispatcher's deliveries so far (`edu_db_pool_*` for flow `tx:UPDATE edu_outbox`). */
async function deliveries(): Promise<{ checkouts: number; statements: number }> {
  const body = (await t.inject({ method: 'GET', url: '/metrics' })).body
  const value = (metric: string) => {
    const line = body.split('\n').find((l) => l.startsWith(`${metric}{flow="tx:UPDATE edu_outbox"} `))
    return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return { checkouts: value('edu_db_pool_hold_seconds_count'), statements: value('edu_db_pool_statements_total') }
}

describe('the passage index', () => {
  it("replaces an edited lesson's passages once, and its version, in the delivery of lesson.changed", async () => {
    const lessonId = course.lessons.waterCycle
    expect((await passagesOf(lessonId)).map((p) => p.text)).toEqual(splitPassages(LESSONS.waterCycle.body).map((p) => p.text))
    const body = 'Clouds form when vapour cools.\n\n## Rain\n\nRain falls when droplets grow heavy enough to overcome updrafts.\n'
    const before = await deliveries()
    const edit = await teacher.inject({ method: 'PATCH', url: `${API}/lessons/${lessonId}`, payload: { title: 'Clouds and rain', body } })
    expect(edit.statusCode, edit.body).toBe(200)
    await t.drainEvents()
    const after = await deliveries()
    expect(await passagesOf(lessonId)).toEqual(splitPassages(body).map((p, position) => ({ position, text: p.text, lesson_title: 'Clouds and rain' })))
    expect(await indexedVersion(lessonId)).toBe(lessonVersion({ title: 'Clouds and rain', body }))
    // The delivery: BEGIN, claim, SAVEPOINT, the lesson's text, the advisory lock, the re-indexing statement,
    // RELEASE, COMMIT (it was 11). The drain's claims that found nothing are BEGIN, claim, COMMIT each.
    const empty = after.checkouts - before.checkouts - 1
    expect(empty).toBeGreaterThanOrEqual(0)
    expect(after.statements - before.statements - 3 * empty).toBe(8)
  })

  it("indexes a draft's new lessons when the course is published, with no delivery per lesson before", async () => {
    const draft = await makeCourse(teacher, ['photosynthesis', 'waterCycle'], { publish: false })
    await t.drainEvents()
    const indexRows = async () => (await query<{ change: string }>(
      `SELECT payload->>'change' AS change FROM edu_outbox WHERE subscriber = 'ai-tutor.index-lesson' AND payload->>'courseId' = ?`, [draft.courseId]))
    expect(await indexRows()).toEqual([])
    expect(await passagesOf(draft.lessons.waterCycle)).toEqual([])
    expect(await indexedVersion(draft.lessons.waterCycle)).toBeUndefined()

    // Nor is an edit of a draft's lesson delivered.
    const body = 'Clouds form when vapour cools.\n\nRain falls when droplets grow heavy.\n'
    expect((await teacher.inject({ method: 'PATCH', url: `${API}/lessons/${draft.lessons.waterCycle}`, payload: { body } })).statusCode).toBe(200)
    await t.drainEvents()
    expect(await indexRows()).toEqual([])
    expect(await passagesOf(draft.lessons.waterCycle)).toEqual([])

    const published = await teacher.inject({ method: 'PATCH', url: `${API}/courses/${draft.courseId}`, payload: { status: 'published' } })
    expect(published.statusCode, published.body).toBe(200)
    await t.drainEvents()
    const { photosynthesis } = LESSONS
    expect((await passagesOf(draft.lessons.photosynthesis)).map((p) => p.text)).toEqual(splitPassages(photosynthesis.body).map((p) => p.text))
    expect(await indexedVersion(draft.lessons.photosynthesis)).toBe(lessonVersion(photosynthesis))
    expect((await passagesOf(draft.lessons.waterCycle)).map((p) => p.text)).toEqual(splitPassages(body).map((p) => p.text))
  })

  it("keeps a lesson edited while its course's publication is being caught up at its new version, not the text the catch-up read before", async () => {
    const draft = await makeCourse(teacher, ['photosynthesis', 'waterCycle'], { publish: false })
    await t.drainEvents()
    // The catch-up reads the course's texts, then indexes its lessons in order: held at the first one's lock
    // (taken here, as every re-indexing of the lesson takes it) until the second is edited and indexed.
    const lock = await holdLessonLock(draft.lessons.photosynthesis)
    try {
      const published = await teacher.inject({ method: 'PATCH', url: `${API}/courses/${draft.courseId}`, payload: { status: 'published' } })
      expect(published.statusCode, published.body).toBe(200)
      await waitUntil(async () => (await waitingLocks()) === 1, { message: 'the catch-up waits for the first lesson' })
      const body = 'Clouds form when vapour cools.\n\nRain falls when droplets grow heavy.\n'
      const edit = await teacher.inject({ method: 'PATCH', url: `${API}/lessons/${draft.lessons.waterCycle}`, payload: { body } })
      expect(edit.statusCode, edit.body).toBe(200)
      const current = lessonVersion({ title: LESSONS.waterCycle.title, body })
      await waitUntil(async () => (await indexedVersion(draft.lessons.waterCycle)) === current, { message: 'the edit is indexed' })
      await lock.release()
      await t.drainEvents()
      expect(await indexedVersion(draft.lessons.waterCycle)).toBe(current)
      expect((await passagesOf(draft.lessons.waterCycle)).map((p) => p.text)).toEqual(splitPassages(body).map((p) => p.text))
      expect(await indexedVersion(draft.lessons.photosynthesis)).toBe(lessonVersion(LESSONS.photosynthesis))
    } finally {
      await lock.release()
    }
  })

  it("leaves no passages of a lesson deleted while its course's publication is being caught up", async () => {
    const draft = await makeCourse(teacher, ['photosynthesis', 'waterCycle'], { publish: false })
    await t.drainEvents()
    // The catch-up indexes the first lesson in its transaction, then waits for the second one's lock (taken
    // here) while the first is deleted and its deletion delivered.
    const lock = await holdLessonLock(draft.lessons.waterCycle)
    const removed = async () => (await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM edu_outbox WHERE subscriber = 'ai-tutor.index-lesson' AND status = 'delivered' AND payload->>'lessonId' = ?`, [draft.lessons.photosynthesis]))[0]!.n
    try {
      const published = await teacher.inject({ method: 'PATCH', url: `${API}/courses/${draft.courseId}`, payload: { status: 'published' } })
      expect(published.statusCode, published.body).toBe(200)
      await waitUntil(async () => (await waitingLocks()) === 1, { message: 'the catch-up waits for the second lesson' })
      const deleted = await teacher.inject({ method: 'DELETE', url: `${API}/lessons/${draft.lessons.photosynthesis}` })
      expect(deleted.statusCode, deleted.body).toBe(204)
      // Delivered, or waiting for the lesson's lock that the catch-up holds.
      await waitUntil(async () => (await removed()) === 1 || (await waitingLocks()) === 2, { message: 'the deletion is delivered or waits' })
      await lock.release()
      await t.drainEvents()
      expect(await passagesOf(draft.lessons.photosynthesis)).toEqual([])
      expect(await indexedVersion(draft.lessons.photosynthesis)).toBeUndefined()
      expect(await indexedVersion(draft.lessons.waterCycle)).toBe(lessonVersion(LESSONS.waterCycle))
    } finally {
      await lock.release()
    }
  })

  it("indexes a draft's lessons as its owner asks about them: added ones, and the edited ones at their new version", async () => {
    const draft = await makeCourse(teacher, ['photosynthesis', 'waterCycle'], { publish: false })
    const ask = async (question: string) => {
      const res = await teacher.inject({ method: 'POST', url: `${API}/ai/lessons/${draft.lessons.waterCycle}/ask`, payload: { question } })
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as { covered: boolean; citations: Array<{ lessonId: string; passage: string }> }
    }
    const first = await ask('Why does water evaporate?')
    expect(first.covered).toBe(true)
    expect((await passagesOf(draft.lessons.waterCycle)).map((p) => p.text)).toEqual(splitPassages(LESSONS.waterCycle.body).map((p) => p.text))
    expect(await passagesOf(draft.lessons.photosynthesis)).not.toEqual([])

    // Edited (no delivery), the lesson is indexed again at its new version on the next question.
    const body = 'Hail forms in thunderstorm updrafts, where droplets freeze in layers.\n'
    expect((await teacher.inject({ method: 'PATCH', url: `${API}/lessons/${draft.lessons.waterCycle}`, payload: { body } })).statusCode).toBe(200)
    await t.drainEvents()
    expect(await indexedVersion(draft.lessons.waterCycle)).not.toBe(lessonVersion({ title: LESSONS.waterCycle.title, body }))
    const second = await ask('How does hail form in thunderstorm updrafts?')
    expect(second.covered).toBe(true)
    expect(second.citations.map((c) => c.passage)).toContain(body.trim())
    expect(await indexedVersion(draft.lessons.waterCycle)).toBe(lessonVersion({ title: LESSONS.waterCycle.title, body }))
  })

  it('leaves passages of the current version alone, and drops them all for an empty body', async () => {
    const index = new PassageIndex(t.app)
    const lessonId = course.lessons.photosynthesis
    const lesson = (await t.app.services.get('courses').getLessonText(lessonId))!
    expect(lesson).toMatchObject({ title: LESSONS.photosynthesis.title, body: LESSONS.photosynthesis.body })
    const rows = await passagesOf(lessonId)
    expect(rows.length).toBeGreaterThan(0)
    expect(await t.app.orm.em.fork().transactional((em) => index.indexLesson(em, lesson))).toBe(false)
    expect(await passagesOf(lessonId)).toEqual(rows)

    expect(await t.app.orm.em.fork().transactional((em) => index.indexLesson(em, { ...lesson, body: '' }))).toBe(true)
    expect(await passagesOf(lessonId)).toEqual([])
    expect(await indexedVersion(lessonId)).toBe(lessonVersion({ title: lesson.title, body: '' }))
    expect(await t.app.orm.em.fork().transactional((em) => index.indexLesson(em, lesson))).toBe(true)
    expect((await passagesOf(lessonId)).map((p) => p.text)).toEqual(splitPassages(lesson.body).map((p) => p.text))
  })

  it('never duplicates passages when the same lesson is re-indexed concurrently', async () => {
    const index = new PassageIndex(t.app)
    const lessonId = course.lessons.waterCycle
    const lesson = { ...(await t.app.services.get('courses').getLessonText(lessonId))!, title: 'Concurrent', body: LESSONS.waterCycle.body }
    const results = await Promise.all(Array.from({ length: 4 }, () => t.app.orm.em.fork().transactional((em) => index.indexLesson(em, lesson))))
    expect(results.filter(Boolean)).toHaveLength(1)
    expect((await passagesOf(lessonId)).map((p) => p.text)).toEqual(splitPassages(lesson.body).map((p) => p.text))
  })

  // 190,000 characters with no sentence boundary were one passage: PostgreSQL's text search parser took minutes
  // over its vector (for `_a` repeated its time grows with the square of the run).
  const HUGE = { underscores: '_a'.repeat(95_000), emphasis: '*a_'.repeat(63_333), code: `\`\`\`\n${'x = 1\n'.repeat(31_000)}\`\`\`\n`, run: `a${'_-'.repeat(95_000)}` }

  it('cuts a huge lesson into at most LESSON_PASSAGES verbatim passages of at most PASSAGE_CHARS characters', () => {
    for (const [name, body] of Object.entries(HUGE)) {
      const passages = splitPassages(body)
      expect(passages.length, name).toBeGreaterThan(0)
      expect(passages.length, name).toBeLessThanOrEqual(LESSON_PASSAGES)
      for (const p of passages) {
        expect(p.text.length, name).toBeLessThanOrEqual(PASSAGE_CHARS)
        expect(body.slice(p.start, p.end), name).toBe(p.text)
      }
    }
    // Prose keeps its sentences whole: the cut applies to what no sentence boundary splits.
    const prose = splitPassages('The quick brown fox jumps over the lazy dog. '.repeat(40))
    expect(prose.every((p) => p.text.trim().endsWith('dog.'))).toBe(true)
  })

  it('indexes a huge lesson within those bounds', async () => {
    const index = new PassageIndex(t.app)
    const lessonId = course.lessons.waterCycle
    const lesson = (await t.app.services.get('courses').getLessonText(lessonId))!
    for (const body of Object.values(HUGE)) {
      expect(await t.app.orm.em.fork().transactional((em) => index.indexLesson(em, { ...lesson, body }))).toBe(true)
      const rows = await passagesOf(lessonId)
      expect(rows.map((p) => p.text)).toEqual(splitPassages(body).map((p) => p.text))
      expect(rows.length).toBeLessThanOrEqual(LESSON_PASSAGES)
    }
    expect(await t.app.orm.em.fork().transactional((em) => index.indexLesson(em, lesson))).toBe(true)
  })
})
