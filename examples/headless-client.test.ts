import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type TestEngine } from '@eduplatform/core/testing'
import { courses } from '@eduplatform/plugin-courses'
import { catalogueLines } from './headless-client.ts'

let t: TestEngine
let origin: string
beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses()] })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  const teacher = await t.asTeacher({ name: 'Grace Teacher' })
  for (const [title, priceCents, currency] of [['Go', 0, 'USD'], ['Rust', 4999, 'EUR'], ['Zig', 1500, 'JPY']] as const) {
    const course = await teacher.inject({ method: 'POST', url: '/api/v1/courses', payload: { title, priceCents, currency } })
    const module = await teacher.inject({ method: 'POST', url: `/api/v1/courses/${course.json().id}/modules`, payload: { title: 'M' } })
    await teacher.inject({ method: 'POST', url: `/api/v1/modules/${module.json().id}/lessons`, payload: { title: 'L', body: 'Body.' } })
    await teacher.inject({ method: 'PATCH', url: `/api/v1/courses/${course.json().id}`, payload: { status: 'published' } })
  }
})
afterAll(async () => t?.close())

describe('examples/headless-client.ts', () => {
  it('lists the catalogue through the typed client, prices in each currency\'s own decimals', async () => {
    expect(await catalogueLines(origin)).toEqual([
      'Go — free (1 lessons, by Grace Teacher)',
      'Zig — ¥1,500 (1 lessons, by Grace Teacher)',
      'Rust — €49.99 (1 lessons, by Grace Teacher)',
    ])
  })
})
