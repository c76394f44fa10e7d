import type { DemoContext } from '@eduplatform/core'
import type { EnrollmentService } from './service.ts'

/**
 * The demo student ends up in two courses with some progress. A paid course was bought by the
 * payments demo (which runs first when payments is on); free courses fill up the rest.
 */
export async function loadEnrollmentDemo({ app, users, log }: DemoContext, service: EnrollmentService): Promise<void> {
  const studentId = users.student.id
  const res = await app.inject({ method: 'GET', url: '/api/v1/courses?limit=50' })
  if (res.statusCode !== 200) {
    log.warn(`enrollment demo: could not list courses (${res.statusCode}); skipped`)
    return
  }
  const ids = (res.json() as { items: Array<{ id: string }> }).items.map((c) => c.id)
  const facts = ids.length ? await app.services.get('courses').getCourseFactsMany(ids) : new Map()
  let mine = (await service.listForStudent(studentId, 10, undefined)).items
  for (const course of facts.values()) {
    if (mine.length >= 2) break
    if (course.status !== 'published' || course.priceCents > 0 || course.lessonCount === 0) continue
    if (mine.some((e) => e.courseId === course.id)) continue
    await service.enroll(studentId, course.id)
    mine = (await service.listForStudent(studentId, 10, undefined)).items
  }
  // Some progress: about half of the first course, one lesson of the second.
  for (const [i, enrollment] of mine.slice(0, 2).entries()) {
    const lessonIds = await app.services.get('courses').listLessonIds(enrollment.courseId)
    const count = i === 0 ? Math.max(1, Math.floor(lessonIds.length / 2)) : Math.min(1, lessonIds.length)
    for (const lessonId of lessonIds.slice(0, count)) await service.completeLesson(studentId, lessonId)
  }
  log.info(`enrollment demo: ${users.student.email} enrolled in ${mine.length} course(s) with some progress`)
}
