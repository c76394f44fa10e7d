import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { createTestEngine, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reviews } from '../src/index.ts'
import { sql } from './helpers.ts'

let t: TestEngine
beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), payments(), reviews()], config: { demo: true } })
})
afterAll(async () => t?.close())

describe('demo data', () => {
  it("has the demo student's review of a course they are enrolled in, counted on the course", async () => {
    const rows = await sql<{ id: string; course_id: string; rating: number }>(t,
      `SELECT r.id, r.course_id, r.rating FROM reviews r JOIN edu_users u ON u.id = r.author_id WHERE u.email = 'student@demo.edu'`)
    expect(rows).toHaveLength(1)
    const { course_id: courseId } = rows[0]!
    const list = await t.inject({ method: 'GET', url: `/api/v1/courses/${courseId}/reviews` })
    expect(list.json().items.map((i: { id: string; rating: number }) => [i.id, i.rating])).toEqual([[rows[0]!.id, 5]])
    const course = await t.inject({ method: 'GET', url: `/api/v1/courses/${courseId}` })
    expect(course.json()).toMatchObject({ avgRating: 5, reviewCount: 1 })
    // The demo catalogue is the demo teacher's: the review has its reply.
    expect(course.json().teacher.id).toBe((await sql<{ id: string }>(t, `SELECT id FROM edu_users WHERE email = 'teacher@demo.edu'`))[0]!.id)
    expect(list.json().items[0].reply.body).toBe('Thank you! More examples are on their way.')
  })
})
