import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type TestEngine } from '../src/testing/index.ts'
import { FAVICON_SVG } from '../src/http/landing.ts'

// Core serves any widgets build from a directory; this one is written by the test, so core's
// route is tested without the widgets package.
const BUNDLE = 'export const answer = 42\n//# sourceMappingURL=edu-widgets.abc123_-Z.js.map\n'
const MAP = '{"version":3,"sources":[],"mappings":""}'
const PLAYGROUND = '<!doctype html><title>Playground</title>'
const ELEMENTS = '{"schemaVersion":"1.0.0","modules":[]}'

let dir: string
let t: TestEngine
let bare: TestEngine
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edu-widgets-route-'))
  await writeFile(join(dir, 'edu-widgets.abc123_-Z.js'), BUNDLE)
  await writeFile(join(dir, 'edu-widgets.abc123_-Z.js.map'), MAP)
  await writeFile(join(dir, 'index.html'), PLAYGROUND)
  await writeFile(join(dir, 'custom-elements.json'), ELEMENTS)
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({
    bundle: 'edu-widgets.abc123_-Z.js', map: 'edu-widgets.abc123_-Z.js.map', integrity: 'sha384-x',
    files: { 'index.html': 'text/html; charset=utf-8', 'custom-elements.json': 'application/json; charset=utf-8' },
  }))
  t = await createTestEngine({ config: { http: { corsOrigins: ['https://school.example'] }, widgets: { dir } } })
  bare = await createTestEngine()
})
afterAll(async () => {
  await t?.close()
  await bare?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('GET /widgets/edu-widgets.js', () => {
  it('names its source map: a SourceMap header on both bundle names; the map also answers at edu-widgets.js.map', async () => {
    for (const url of ['/widgets/edu-widgets.js', '/widgets/edu-widgets.abc123_-Z.js']) {
      const res = await t.inject({ method: 'GET', url })
      expect(res.headers.sourcemap, url).toBe('/widgets/edu-widgets.abc123_-Z.js.map')
    }
    const map = await t.inject({ method: 'GET', url: '/widgets/edu-widgets.js.map', headers: { origin: 'https://unlisted.example' } })
    expect(map.statusCode).toBe(200)
    expect(map.body).toBe(MAP)
    expect(map.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(map.headers['cache-control']).toBe('public, max-age=300, stale-while-revalidate=86400')
    expect(map.headers['access-control-allow-origin']).toBe('*')
  })

  it('an OPTIONS request that is not a preflight is a problem+json 400 here too', async () => {
    const res = await t.inject({ method: 'OPTIONS', url: '/widgets/edu-widgets.js' })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(res.json().detail).toBe('Invalid Preflight Request')
  })

  it('serves custom-elements.json to any origin, for editors and tools', async () => {
    const res = await t.inject({ method: 'GET', url: '/widgets/custom-elements.json', headers: { origin: 'https://unlisted.example' } })
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe(ELEMENTS)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.headers['access-control-allow-origin']).toBe('*')
  })

  it('serves the bundle as a JavaScript module any origin may load, revalidated after five minutes', async () => {
    const res = await t.inject({ method: 'GET', url: '/widgets/edu-widgets.js', headers: { origin: 'https://unlisted.example' } })
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe(BUNDLE)
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(res.headers['cache-control']).toBe('public, max-age=300, stale-while-revalidate=86400')
    expect(res.headers.etag).toBe('"abc123_-Z"')
    expect(res.headers['access-control-allow-origin']).toBe('*')
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin')
    expect(res.headers.vary).toBe('Accept-Encoding')
  })

  it('serves the content-hashed name as immutable, and its source map', async () => {
    const hashed = await t.inject({ method: 'GET', url: '/widgets/edu-widgets.abc123_-Z.js' })
    expect(hashed.statusCode).toBe(200)
    expect(hashed.body).toBe(BUNDLE)
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const map = await t.inject({ method: 'GET', url: '/widgets/edu-widgets.abc123_-Z.js.map' })
    expect(map.statusCode).toBe(200)
    expect(map.body).toBe(MAP)
    expect(map.headers['content-type']).toBe('application/json; charset=utf-8')
  })

  it('answers brotli or gzip as the browser accepts, and 304 to a matching If-None-Match', async () => {
    const br = await t.inject({ method: 'GET', url: '/widgets/edu-widgets.js', headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.etag).toBe('"abc123_-Z.br"')
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(BUNDLE)
    const gzip = await t.inject({ method: 'GET', url: '/widgets/edu-widgets.js', headers: { 'accept-encoding': 'gzip' } })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gzip.headers.etag).toBe('"abc123_-Z.gzip"')
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(BUNDLE)
    const again = await t.inject({ method: 'GET', url: '/widgets/edu-widgets.js', headers: { 'if-none-match': '"abc123_-Z"' } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    // If-None-Match as RFC 9110 §13.1.2 has it: lists, weak comparison, and `*`.
    for (const header of ['"other", "abc123_-Z"', 'W/"abc123_-Z"', '*']) {
      expect((await t.inject({ method: 'GET', url: '/widgets/edu-widgets.js', headers: { 'if-none-match': header } })).statusCode).toBe(304)
    }
    expect((await t.inject({ method: 'GET', url: '/widgets/edu-widgets.js', headers: { 'if-none-match': '"other"' } })).statusCode).toBe(200)
  })

  it('negotiates the coding as RFC 9110 says: q=0 refuses, preferences count, names are case-insensitive', async () => {
    const coding = async (acceptEncoding: string) => {
      const res = await t.inject({ method: 'GET', url: '/widgets/edu-widgets.js', headers: { 'accept-encoding': acceptEncoding } })
      expect(res.headers.vary).toBe('Accept-Encoding')
      return [res.headers['content-encoding'] ?? 'identity', res.headers.etag]
    }
    expect(await coding('br;q=0, gzip')).toEqual(['gzip', '"abc123_-Z.gzip"'])
    expect(await coding('gzip;q=0.9, br;q=0.2')).toEqual(['gzip', '"abc123_-Z.gzip"'])
    expect(await coding('BR')).toEqual(['br', '"abc123_-Z.br"'])
    expect(await coding('GZip')).toEqual(['gzip', '"abc123_-Z.gzip"'])
    expect(await coding('br;q=0, gzip;q=0')).toEqual(['identity', '"abc123_-Z"'])
    expect(await coding('identity')).toEqual(['identity', '"abc123_-Z"'])
    expect(await coding('deflate')).toEqual(['identity', '"abc123_-Z"'])
    expect(await coding('*')).toEqual(['br', '"abc123_-Z.br"'])
    expect(await coding('')).toEqual(['identity', '"abc123_-Z"'])
  })

  it('each coding has its own ETag: a tag revalidates only its own representation', async () => {
    const get = (acceptEncoding: string, ifNoneMatch: string) =>
      t.inject({ method: 'GET', url: '/widgets/edu-widgets.js', headers: { 'accept-encoding': acceptEncoding, 'if-none-match': ifNoneMatch } })
    expect((await get('br', '"abc123_-Z.br"')).statusCode).toBe(304)
    expect((await get('gzip', '"abc123_-Z.gzip"')).statusCode).toBe(304)
    const gzipWithBrTag = await get('gzip', '"abc123_-Z.br"')
    expect(gzipWithBrTag.statusCode).toBe(200)
    expect(gunzipSync(gzipWithBrTag.rawPayload).toString()).toBe(BUNDLE)
    const plainWithGzipTag = await get('identity', '"abc123_-Z.gzip"')
    expect(plainWithGzipTag.statusCode).toBe(200)
    expect(plainWithGzipTag.body).toBe(BUNDLE)
  })

  it('serves the manifest with the hashed name and its Subresource Integrity hash', async () => {
    const res = await t.inject({ method: 'GET', url: '/widgets/manifest.json', headers: { origin: 'https://unlisted.example' } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.headers['access-control-allow-origin']).toBe('*')
    expect(res.json()).toMatchObject({ bundle: 'edu-widgets.abc123_-Z.js', integrity: 'sha384-x' })
  })

  it('a file name with a trailing slash names no file: 404 problem+json', async () => {
    for (const url of ['/widgets/edu-widgets.js/', '/widgets/edu-widgets.abc123_-Z.js/', '/widgets/manifest.json/?x=1']) {
      const res = await t.inject({ method: 'GET', url })
      expect(res.statusCode, url).toBe(404)
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    }
  })

  it('serves the playground at /widgets/ with a policy that allows the privacy-enhanced video players', async () => {
    const res = await t.inject({ method: 'GET', url: '/widgets/' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe(PLAYGROUND)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers['content-security-policy']).toContain('frame-src https://www.youtube-nocookie.com https://player.vimeo.com')
    expect(res.headers['content-security-policy']).toContain("script-src 'self'")
    expect((await t.inject({ method: 'GET', url: '/widgets' })).body).toBe(PLAYGROUND)
    // Every file the manifest lists is served by its own name too.
    const byName = await t.inject({ method: 'GET', url: '/widgets/index.html' })
    expect(byName.statusCode).toBe(200)
    expect(byName.body).toBe(PLAYGROUND)
    const manifest = (await t.inject({ method: 'GET', url: '/widgets/manifest.json' })).json()
    for (const name of [manifest.bundle, manifest.map, ...Object.keys(manifest.files)]) {
      expect((await t.inject({ method: 'GET', url: `/widgets/${name}` })).statusCode, name).toBe(200)
    }
  })

  it('the files are read-only: other methods get 405 problem+json with Allow, for any name', async () => {
    for (const [method, url] of [['POST', '/widgets/edu-widgets.js'], ['PUT', '/widgets/manifest.json'], ['DELETE', '/widgets/edu-widgets.js'], ['PATCH', '/widgets/'], ['POST', '/widgets/other.json']] as const) {
      const res = await t.inject({ method, url, ...(method === 'PUT' ? { payload: { a: 1 } } : {}) })
      expect(res.statusCode, `${method} ${url}`).toBe(405)
      expect(res.headers.allow).toBe('GET, HEAD')
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
      expect(res.json()).toEqual({
        type: 'about:blank', title: 'Method Not Allowed', status: 405, code: 'EDU_METHOD_NOT_ALLOWED', instance: url,
        detail: `${method} is not allowed on ${url}: the widgets files are read-only (GET, HEAD)`,
      })
    }
    expect((await t.inject({ method: 'HEAD', url: '/widgets/edu-widgets.js' })).statusCode).toBe(200)
  })

  it('answers 404 problem+json for any other file, and has no widgets routes when no build is configured', async () => {
    const res = await t.inject({ method: 'GET', url: '/widgets/other.json' })
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect((await bare.inject({ method: 'GET', url: '/widgets/edu-widgets.js' })).statusCode).toBe(404)
  })

  it('refuses to start on a directory without a build, naming the command that makes one', async () => {
    await expect(createTestEngine({ config: { widgets: { dir: join(dir, 'nowhere') } } })).rejects.toThrow(/npm run build -w @eduplatform\/widgets/)
  })
})

describe('GET /', () => {
  it('links to the playground, the API reference and the OpenAPI document', async () => {
    const res = await t.inject({ method: 'GET', url: '/' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    for (const href of ['href="/widgets/"', 'href="/docs"', 'href="/openapi.json"']) expect(res.body).toContain(href)
    const plain = await bare.inject({ method: 'GET', url: '/' })
    expect(plain.statusCode).toBe(200)
    expect(plain.body).not.toContain('/widgets/')
  })

  it('serves the engine icon at /favicon.ico (SVG), linked from the page, so no engine page logs a 404', async () => {
    for (const engine of [t, bare]) {
      const res = await engine.inject({ method: 'GET', url: '/favicon.ico' })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('image/svg+xml')
      expect(res.body).toBe(FAVICON_SVG)
      expect(res.body.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    }
    expect((await t.inject({ method: 'GET', url: '/' })).body).toContain('<link rel="icon" href="/favicon.ico" type="image/svg+xml">')
  })
})
