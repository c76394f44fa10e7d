import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import type { EduPlugin } from '@eduplatform/core'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { buildWidgets } from '../build.ts'

// The widgets' browser tests: a real engine on a real database, listening on a port; host pages on
// other origins (one listed in EDU_CORS_ORIGINS, one not) that load the bundle the engine serves;
// Debian's Chromium driven by playwright-core.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.warn(`widgets browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`)

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
export const API = '/api/v1'

/** A static site on its own origin: `page(html)` publishes a page there and returns its URL. */
export interface HostSite {
  origin: string
  page(body: string, options?: { lang?: string; head?: string }): string
  /** Answers `GET /token` on this origin (a school backend minting tokens for its page). */
  onToken(mint: () => Promise<string> | string): void
  close(): Promise<void>
}

async function hostSite(engineOrigin: () => string): Promise<HostSite> {
  const pages = new Map<string, string>()
  let mint: (() => Promise<string> | string) | undefined
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!
    if (path === '/token' && mint) {
      void Promise.resolve(mint()).then((token) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token })))
      return
    }
    // Where a card's lesson-url leads on this site.
    const html = pages.get(path) ?? (path.startsWith('/learn/') ? '<!doctype html><title>Lesson</title><p>The school\'s lesson page</p>' : undefined)
    if (!html) return void response.writeHead(404).end()
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    page(body, options = {}) {
      const path = `/page-${pages.size + 1}.html`
      pages.set(path, `<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><title>A school's page</title>
<script>
  window.eduEvents = []
  for (const name of ['edu-enroll', 'edu-purchase', 'edu-open', 'edu-auth-required', 'edu-token-expired', 'edu-token-failed', 'edu-lesson-complete', 'edu-navigate', 'edu-quiz-submit', 'edu-quiz-pass', 'edu-error']) {
    document.addEventListener(name, (e) => window.eduEvents.push({ name, detail: e.detail }))
  }
</script>
<script type="module" src="${engineOrigin()}/widgets/edu-widgets.js"></script>${options.head ?? ''}</head>
<body><main>${body}</main></body></html>`)
      return `${origin}${path}`
    },
    onToken(fn) {
      mint = fn
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export interface Harness {
  engine: TestEngine
  /** The engine's origin, e.g. http://127.0.0.1:41234. */
  origin: string
  /** A site on an origin listed in EDU_CORS_ORIGINS. */
  site: HostSite
  /** A site on an origin that is not. */
  stranger: HostSite
  browser: Browser
  teacher: Actor
  newPage(): Promise<Page>
  close(): Promise<void>
}

/** One engine, two host sites and one browser for a test file. */
export async function startHarness(plugins: EduPlugin[] = [courses(), enrollment(), payments({ provider: 'mock' })], options: { demo?: boolean; corsOrigins?: string[] } = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'edu-widgets-'))
  await buildWidgets(dir)
  let origin = ''
  const site = await hostSite(() => origin)
  const stranger = await hostSite(() => origin)
  const engine = await createTestEngine({ plugins, config: { http: { corsOrigins: [site.origin, ...(options.corsOrigins ?? [])] }, widgets: { dir }, demo: options.demo ?? false } })
  await engine.app.listen({ port: 0, host: '127.0.0.1' })
  origin = `http://127.0.0.1:${(engine.app.server.address() as AddressInfo).port}`
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS })
  const teacher = await engine.asTeacher({ name: 'Grace Teacher' })
  return {
    engine, origin, site, stranger, browser, teacher,
    async newPage() {
      const context = await browser.newContext()
      return context.newPage()
    },
    async close() {
      await browser.close()
      await engine.close()
      await site.close()
      await stranger.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export interface LessonSeed { title: string; body?: string; isPreview?: boolean; type?: 'text' | 'video' | 'quiz'; videoUrl?: string }

/** A published course with one module of lessons, made through the API by the harness's teacher. */
export async function seedCourse(h: Harness, course: { title: string; priceCents?: number; currency?: string; level?: string; lessons: LessonSeed[] }) {
  const { teacher } = h
  const made = await teacher.inject({
    method: 'POST', url: `${API}/courses`,
    payload: { title: course.title, priceCents: course.priceCents ?? 0, currency: course.currency ?? 'USD', level: course.level ?? 'beginner', description: 'A course.' },
  })
  if (made.statusCode !== 201) throw new Error(`course: ${made.statusCode} ${made.body}`)
  const courseId = made.json().id as string
  const module = await teacher.inject({ method: 'POST', url: `${API}/courses/${courseId}/modules`, payload: { title: 'Module 1' } })
  const lessonIds: string[] = []
  for (const lesson of course.lessons) {
    const res = await teacher.inject({ method: 'POST', url: `${API}/modules/${module.json().id}/lessons`, payload: { body: 'Body.', ...lesson } })
    if (res.statusCode !== 201) throw new Error(`lesson: ${res.statusCode} ${res.body}`)
    lessonIds.push(res.json().id)
  }
  const published = await teacher.inject({ method: 'PATCH', url: `${API}/courses/${courseId}`, payload: { status: 'published' } })
  if (published.statusCode !== 200) throw new Error(`publish: ${published.statusCode} ${published.body}`)
  return { courseId, lessonIds, title: published.json().title as string }
}

const require = createRequire(import.meta.url)
const AXE = require.resolve('axe-core/axe.min.js')
let axeSource: string | undefined

/** axe-core's serious and critical violations on the page (it sees into open shadow roots), as `id: targets` lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so a page's strict CSP (the playground's) does not stop it.
  axeSource ??= await readFile(AXE, 'utf8')
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }> }> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`)
  })
  return violations
}

/** The `edu-*` events the page heard so far. */
export const eventsOf = (page: Page) => page.evaluate(() => (window as unknown as { eduEvents: Array<{ name: string; detail: any }> }).eduEvents)

/**
 * `expect.poll` with room for a busy machine: a browser page, an engine and a database share two
 * cores with the rest of the suite, so a render can take seconds there; the poll ends as soon as it holds.
 */
export const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 50 })
