import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { aiTutor } from '@eduplatform/plugin-ai-tutor'
import { evaluateGrounding, groundingTable } from './grounding.ts'

let t: TestEngine
let admin: Actor
beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), aiTutor({ provider: 'offline', ratePerMinute: 1000, dailyQuota: 1000 })], config: { demo: true } })
  admin = await t.asAdmin()
})
afterAll(async () => t?.close())

it('grounding evaluation: the offline tutor over the demo catalogue, 20 answerable and 20 unanswerable questions', async () => {
  const report = await evaluateGrounding({
    get: async (url) => { const r = await admin.inject({ method: 'GET', url }); return { status: r.statusCode, json: r.json() } },
    post: async (url, payload) => { const r = await admin.inject({ method: 'POST', url, payload: payload as object }); return { status: r.statusCode, json: r.json() } },
  })
  console.log(groundingTable(report))
  expect(report.questions).toBe(40)
  expect(report.answerable).toBe(20)
  expect(report.citations).toBeGreaterThan(0)
  expect(report.realCitations).toBe(report.citations)
  expect(report.misses).toEqual([])
  expect(report.answeredFromTheRightPassage).toBe(20)
}, 120_000)
