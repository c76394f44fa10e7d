import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { aiTutor } from '../src/index.ts'
import { localCounts } from '../src/tutor/limits.ts'
import { API, enroll, expectProblem, makeCourse, type Course } from './fixtures.ts'

const redisUrl = inject('eduRedisUrl')
let t: TestEngine
let course: Course
let teacher: Actor

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), aiTutor({ provider: 'offline', ratePerMinute: 3, dailyQuota: 5 })] })
  teacher = await t.asTeacher()
  course = await makeCourse(teacher, ['photosynthesis', 'waterCycle'])
})
afterAll(async () => t?.close())

const summarize = (actor: Actor) => actor.inject({ method: 'POST', url: `${API}/ai/lessons/${course.lessons.waterCycle}/summary` })

describe('AI limits per user', () => {
  it('refuses the request beyond the per-minute limit with 429 and Retry-After, per user', async () => {
    const student = await t.asStudent()
    await enroll(t, student, course.courseId)
    for (let i = 0; i < 3; i++) expect((await summarize(student)).statusCode).toBe(200)
    const refused = await summarize(student)
    expectProblem(refused, 429, 'EDU_AI_RATE_LIMITED')
    const wait = Number(refused.headers['retry-after'])
    expect(Number.isInteger(wait) && wait >= 1 && wait <= 60).toBe(true)
    const other = await t.asStudent()
    await enroll(t, other, course.courseId)
    expect((await summarize(other)).statusCode).toBe(200)
  })

  it(redisUrl ? 'counts a user across two engines on one Redis' : 'counts a user per engine without Redis (set REDIS_URL to share the counts)', async () => {
    const student = await t.asStudent()
    await enroll(t, student, course.courseId)
    const sibling = await t.sibling()
    for (let i = 0; i < 3; i++) expect((await summarize(student)).statusCode).toBe(200)
    const there = await sibling.inject({ method: 'POST', url: `${API}/ai/lessons/${course.lessons.waterCycle}/summary`, headers: student.headers })
    expect(there.statusCode).toBe(redisUrl ? 429 : 200)
  })
})

describe('AI daily quota per user', () => {
  let q: TestEngine
  afterAll(async () => q?.close())

  it('refuses requests beyond the daily quota with 429 and Retry-After, cached answers included', async () => {
    q = await createTestEngine({ plugins: [courses(), enrollment(), aiTutor({ provider: 'offline', ratePerMinute: 100, dailyQuota: 2 })] })
    const owner = await q.asTeacher()
    const c = await makeCourse(owner, ['waterCycle'])
    const student = await q.asStudent()
    await enroll(q, student, c.courseId)
    const ask = () => student.inject({ method: 'POST', url: `${API}/ai/lessons/${c.lessons.waterCycle}/ask`, payload: { question: 'What is precipitation?' } })
    expect((await ask()).json().cached).toBe(false)
    expect((await ask()).json().cached).toBe(true)
    const refused = await ask()
    expectProblem(refused, 429, 'EDU_AI_QUOTA_EXCEEDED')
    const wait = Number(refused.headers['retry-after'])
    expect(Number.isInteger(wait) && wait > 86_000 && wait <= 86_400).toBe(true)
    expect(refused.json().detail).toBe(`The daily AI quota of 2 requests is used up; it renews in ${wait} seconds`)
  })
})

describe('AI limits kept in one engine (no Redis)', () => {
  it('keeps users apart from anonymous addresses and drops the least recently seen: a flood of addresses restarts no one', () => {
    const count = localCounts(2, 3)
    expect(count('user:a')[0]).toBe(1)
    for (let i = 0; i < 50; i++) count(`ip:2001:db8::${i}`)
    // user:a's minute went on counting: its window was kept.
    expect(count('user:a')[0]).toBe(2)
    count('user:b')
    count('user:c')
    // a is seen again, so b is now the least recently seen user and goes first when d arrives.
    expect(count('user:a')[0]).toBe(3)
    count('user:d')
    expect(count('user:a')[0]).toBe(4)
    expect(count('user:b')[0]).toBe(1)
  })

  it('counts at once only what both windows let through, and declines the rest without counting it', () => {
    const count = localCounts(3, 10)
    // Two requests through the hook's count, one at once: the minute is full.
    count('user:a')
    count('user:a')
    expect(count.countIfAllowed('user:a', 100)).toBe(true)
    expect(count.countIfAllowed('user:a', 100)).toBe(false)
    // Declined requests were not counted: the hook's next count is the fourth, not the fifth.
    expect(count('user:a')[0]).toBe(4)
    // The day's quota declines too (2 a day), and the minute's count stays as it was.
    expect(count.countIfAllowed('user:b', 2)).toBe(true)
    expect(count.countIfAllowed('user:b', 2)).toBe(true)
    expect(count.countIfAllowed('user:b', 2)).toBe(false)
    expect(count('user:b')).toEqual([3, expect.any(Number), 3, expect.any(Number)])
  })
})
