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
  /** The bodies the school's backend sent to `POST /embed/sessions`, on their way to the engine. */
  const sessionBodies: Array<Record<string, unknown>> = []
  let relay: ReturnType<typeof createServer>
  let relayOrigin: string
  let apiKey: string

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
    // Between the school's backend and the engine: notes each session body, then forwards it as it came.
    relay = createServer(async (request, response) => {
      let text = ''
      for await (const chunk of request) text += chunk
      if (request.url === `${API}/embed/sessions`) sessionBodies.push(JSON.parse(text))
      const reply = await fetch(`${h.origin}${request.url}`, { method: request.method, headers: { authorization: request.headers.authorization!, 'content-type': 'application/json' }, body: text })
      response.writeHead(reply.status, { 'content-type': reply.headers.get('content-type') ?? 'application/json' }).end(await reply.text())
    })
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
    relayOrigin = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`
    apiKey = key.json().secret
    site = schoolSite({ engine: h.origin, apiKey, currentUser: () => ({ id: 'lisa-42', email: 'lisa@springfield.example', name: 'Lisa' }) })
  })
  afterAll(async () => {
    await h?.close()
    await new Promise((resolve) => school?.close(resolve))
    await new Promise((resolve) => relay?.close(resolve))
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

  it('sends the user\'s address only on the call that creates the student: a renewal sends the id and name alone', async () => {
    const backend = schoolSite({ engine: relayOrigin, apiKey, currentUser: () => ({ id: 'bart-7', email: 'bart@springfield.example', name: 'Bart' }) })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    try {
      const backendOrigin = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`
      for (let i = 0; i < 3; i++) expect((await fetch(`${backendOrigin}/edu-token`)).status).toBe(200)
    } finally {
      await new Promise((resolve) => backend.close(resolve))
    }
    expect(sessionBodies).toEqual([
      { externalUserId: 'bart-7', name: 'Bart', email: 'bart@springfield.example' },
      { externalUserId: 'bart-7', name: 'Bart' },
      { externalUserId: 'bart-7', name: 'Bart' },
    ])
  })
})
