import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type TestEngine } from '../src/testing/index.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.warn(`API reference browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`)

let t: TestEngine
let origin: string
beforeAll(async () => {
  t = await createTestEngine()
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
})
afterAll(async () => t?.close())

describe.runIf(hasChromium)('the API reference at /docs', () => {
  it('renders in Chromium with no Content Security Policy violation', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
    try {
      const page = await browser.newPage()
      const messages: string[] = []
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') messages.push(m.text()) })
      await page.goto(`${origin}/docs`)
      await page.waitForSelector('.opblock-tag', { timeout: 15_000 })
      expect(messages.filter((m) => /Content Security Policy/i.test(m))).toEqual([])
    } finally {
      await browser.close()
    }
  })
})
