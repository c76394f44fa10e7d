import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { spawnEngine } from './lib/engine.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export interface BundleFigures { minified: number; gzip: number; brotli: number; parts: Array<{ name: string; minified: number }> }

/** The bundle as the engine serves it (esbuild, minified), compressed, and what each package adds to it. */
export async function measureBundle(): Promise<BundleFigures> {
  const entry = new URL('../widgets/src/index.ts', import.meta.url).pathname
  const result = await build({ entryPoints: [entry], bundle: true, format: 'esm', target: 'es2022', minify: true, write: false, metafile: true, legalComments: 'none', outfile: 'out.js' })
  const code = Buffer.from(result.outputFiles[0]!.contents)
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs
  const parts = new Map<string, number>()
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? (path.includes('widgets/client/') ? '@eduplatform/client' : '@eduplatform/widgets (ours)')
    parts.set(pkg, (parts.get(pkg) ?? 0) + bytesInOutput)
  }
  return {
    minified: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code).length,
    parts: [...parts].map(([name, minified]) => ({ name, minified })).sort((a, b) => b.minified - a.minified),
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

/**
 * `npm start` on a fresh data directory (demo catalogue), a page on another origin with one course card;
 * the time from the page starting to load the bundle to the card's title in its shadow root, `loads` times,
 * each in a new browser context (empty cache), then as many reloads in one context (cached bundle).
 */
export async function measureCardRender(loads = 20): Promise<{ cold: number[]; warm: number[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'edu-bench-widgets-'))
  let page = ''
  const host = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page))
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`
  const engine = await spawnEngine('bin/start.ts', { PORT: '3304', EDU_DATA_DIR: dataDir, DATABASE_URL: '', EDU_CORS_ORIGINS: origin })
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS })
  try {
    const { items } = await fetch(`${engine.url}/api/v1/courses?limit=1`).then((r) => r.json() as Promise<{ items: Array<{ id: string }> }>)
    page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script>window.t0 = performance.now()</script>
<script type="module" src="${engine.url}/widgets/edu-widgets.js"></script></head>
<body><edu-course-card course-id="${items[0]!.id}"></edu-course-card>
<script>
  const done = () => {
    const title = document.querySelector('edu-course-card')?.shadowRoot?.querySelector('[part="title"]')
    if (title) window.rendered = performance.now() - window.t0
    else requestAnimationFrame(done)
  }
  requestAnimationFrame(done)
</script></body></html>`
    const once = async (p: import('playwright-core').Page) => {
      await p.waitForFunction(() => typeof (window as unknown as { rendered?: number }).rendered === 'number')
      return p.evaluate(() => (window as unknown as { rendered: number }).rendered)
    }
    const cold: number[] = []
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext()
      const p = await context.newPage()
      await p.goto(origin)
      cold.push(await once(p))
      await context.close()
    }
    const warm: number[] = []
    const context = await browser.newContext()
    const p = await context.newPage()
    await p.goto(origin)
    await once(p)
    for (let i = 0; i < loads; i++) {
      await p.reload()
      warm.push(await once(p))
    }
    return { cold: cold.sort((a, b) => a - b), warm: warm.sort((a, b) => a - b) }
  } finally {
    await browser.close()
    await engine.stop()
    host.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

export async function widgetsReport(): Promise<string> {
  const bundle = await measureBundle()
  const { cold, warm } = await measureCardRender(20)
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
  const ms = (n: number) => `${n.toFixed(0)} ms`
  return [
    '| bundle (all elements, Lit, DOMPurify, client) | bytes |',
    '|---|---|',
    `| minified | ${kb(bundle.minified)} |`,
    `| minified + gzip (level 9) | ${kb(bundle.gzip)} |`,
    `| minified + brotli (what the engine sends to browsers) | ${kb(bundle.brotli)} |`,
    '',
    '| package | minified |',
    '|---|---|',
    ...bundle.parts.map((p) => `| ${p.name} | ${kb(p.minified)} |`),
    '',
    '| script load → course card rendered (20 loads, Chromium, page on another origin) | p50 | p95 | min | max |',
    '|---|---|---|---|---|',
    `| new context each load (nothing cached) | ${ms(percentile(cold, 50))} | ${ms(percentile(cold, 95))} | ${ms(cold[0]!)} | ${ms(cold.at(-1)!)} |`,
    `| reloads in one context (bundle cached, revalidated by ETag) | ${ms(percentile(warm, 50))} | ${ms(percentile(warm, 95))} | ${ms(warm[0]!)} | ${ms(warm.at(-1)!)} |`,
    '',
    'Measured in the page from just before the module script tag to the title in the card\'s shadow root: the bundle\'s download and evaluation, `GET /api/v1/courses/:id` (CORS preflight-free GET) and the first render.',
  ].join('\n')
}
