import { randomBytes } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import config from '../../edu.config.ts'

/**
 * A test engine with every built-in plugin (as `edu.config.ts` switches them on) and a small world in
 * it: a verified teacher's published course with a module, a text lesson and a preview lesson, another
 * teacher, an enrolled student, another student, an unverified teacher and an admin.
 */
export interface World {
  t: TestEngine
  actors: {
    student: Actor
    otherStudent: Actor
    unverifiedTeacher: Actor
    teacher: Actor
    otherTeacher: Actor
    admin: Actor
  }
  ids: {
    courseId: string; courseSlug: string; moduleId: string; lessonId: string; previewLessonId: string; categorySlug: string
    /** The student's review of the course, a quiz lesson with its quiz, and one of the student's notifications. */
    reviewId: string; quizLessonId: string; notificationId: string
  }
}

async function ok(res: Promise<LightMyRequestResponse>, status: number, what: string): Promise<Record<string, unknown>> {
  const r = await res
  if (r.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${r.statusCode} ${r.body}`)
  return r.statusCode === 204 ? {} : r.json()
}

export async function createWorld(): Promise<World> {
  const t = await createTestEngine({
    plugins: config.plugins,
    // The world's actors send thousands of requests: rate limits are tested elsewhere.
    config: { auth: { jwtSecret: randomBytes(32).toString('hex'), rateLimit: { max: 1_000_000, timeWindowMs: 60_000 } } },
  })
  const teacher = await t.asTeacher({ name: 'World Teacher' })
  const api = '/api/v1'
  const course = await ok(teacher.inject({ method: 'POST', url: `${api}/courses`, payload: { title: 'World course', category: 'programming' } }), 201, 'course')
  const mod = await ok(teacher.inject({ method: 'POST', url: `${api}/courses/${course.id}/modules`, payload: { title: 'Module' } }), 201, 'module')
  const preview = await ok(teacher.inject({ method: 'POST', url: `${api}/modules/${mod.id}/lessons`, payload: { title: 'Preview', body: 'Intro text for everyone.', isPreview: true } }), 201, 'preview')
  const lesson = await ok(teacher.inject({ method: 'POST', url: `${api}/modules/${mod.id}/lessons`, payload: { title: 'Lesson', body: '# Lesson\n\nText about variables and loops.' } }), 201, 'lesson')
  const quizLesson = await ok(teacher.inject({ method: 'POST', url: `${api}/modules/${mod.id}/lessons`, payload: { title: 'Check', type: 'quiz', body: 'A short check.' } }), 201, 'quiz lesson')
  await ok(teacher.inject({ method: 'PUT', url: `${api}/lessons/${quizLesson.id}/quiz`, payload: { passScore: 50, questions: [{ type: 'true_false', prompt: 'Loops repeat.', answer: true }] } }), 200, 'quiz')
  await ok(teacher.inject({ method: 'PATCH', url: `${api}/courses/${course.id}`, payload: { status: 'published' } }), 200, 'publish')
  const student = await t.asStudent({ name: 'World Student' })
  await ok(student.inject({ method: 'POST', url: `${api}/enrollments`, payload: { courseId: course.id } }), 201, 'enroll')
  const review = await ok(student.inject({ method: 'POST', url: `${api}/courses/${course.id}/reviews`, payload: { rating: 4, comment: 'Clear.' } }), 201, 'review')
  await t.drainEvents()
  const notifications = await ok(student.inject({ method: 'GET', url: `${api}/notifications/me` }), 200, 'notifications') as { items: Array<{ id: string }> }
  if (!notifications.items[0]) throw new Error('the student has no notification')
  return {
    t,
    actors: {
      student,
      otherStudent: await t.asStudent(),
      unverifiedTeacher: await t.asTeacher({ verified: false }),
      teacher,
      otherTeacher: await t.asTeacher(),
      admin: await t.asAdmin(),
    },
    ids: { courseId: String(course.id), courseSlug: String(course.slug), moduleId: String(mod.id), lessonId: String(lesson.id), previewLessonId: String(preview.id), categorySlug: 'programming',
      reviewId: String(review.id), quizLessonId: String(quizLesson.id), notificationId: notifications.items[0].id,
    },
  }
}

/** One row-level checksum per table of the database: equal before and after means nothing stored changed. */
export async function tableChecksums(t: TestEngine): Promise<Record<string, string>> {
  const em = t.app.orm.em.fork()
  const tables = await em.execute<Array<{ name: string }>>(
    `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`)
  const sums: Record<string, string> = {}
  for (const { name } of tables) {
    const [row] = await em.execute<Array<{ n: number; sum: string | null }>>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) AS sum FROM ${name} t`)
    sums[name] = `${row!.n}:${row!.sum}`
  }
  return sums
}
