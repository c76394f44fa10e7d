import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API, hasChromium, seedCourse, startHarness, eventually, type Harness } from '../../widgets/test/harness.ts'
import { schoolSite } from './server.ts'

// The "site with its own backend" of docs/widgets.md, end to end: the school's server mints a token
// with its embed key for its signed-in user; the page's widgets use it to enroll and learn.
describe.runIf(hasChromium)('examples/embed-page: a school site minting widget tokens with an embed key', () => {
  let h: Harness
  let school: ReturnType<typeof createServer>
  let schoolOrigin: string
  let courseId: string

  beforeAll(async () => {
    let site: ReturnType<typeof schoolSite> | undefined
    school = createServer((request, response) => site!.emit('request', request, response))
    await new Promise<void>((resolve) => school.listen(0, '127.0.0.1', resolve))
    schoolOrigin = `http://127.0.0.1:${(school.address() as AddressInfo).port}`
    h = await startHarness(undefined, { corsOrigins: [schoolOrigin] })
    courseId = (await seedCourse(h, { title: 'Springfield Algebra', lessons: [{ title: 'Numbers', body: 'One, two.' }] })).courseId
    const admin = await h.engine.asAdmin()
    const key = await admin.inject({ method: 'POST', url: `${API}/admin/api-keys`, payload: { name: 'school website', scopes: ['embed'] } })
    expect(key.statusCode).toBe(201)
    site = schoolSite({ engine: h.origin, apiKey: key.json().secret, currentUser: () => ({ id: 'lisa-42', email: 'lisa@springfield.example', name: 'Lisa' }) })
  })
  afterAll(async () => {
    await h?.close()
    await new Promise((resolve) => school?.close(resolve))
  })

  it('signs the school\'s user in through the school backend, then enrolls and opens the first lesson', async () => {
    const page = await h.newPage()
    await page.goto(`${schoolOrigin}/`)
    await eventually(() => page.locator('#who').textContent()).toBe('Signed in as Lisa')
    const card = page.locator('edu-course-card')
    await card.getByRole('button', { name: 'Enroll for free' }).click()
    await card.getByRole('button', { name: 'Start learning' }).click()
    await eventually(() => page.locator('edu-lesson-player [part="title"]').textContent()).toBe('Numbers')
    const students = await h.teacher.inject({ method: 'GET', url: `${API}/courses/${courseId}/students` })
    expect(students.json().items.map((s: { student: { name: string; email: string } }) => s.student)).toMatchObject([{ name: 'Lisa', email: '' }]) // a school-given address is not shown to teachers
  })
})
