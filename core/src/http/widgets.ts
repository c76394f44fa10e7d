import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib'
import { Negotiator } from '@fastify/accept-negotiator'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { matchesEtag } from './etag.ts'
import { problemInstance, sendProblem } from './problem.ts'

/**
 * What a widgets build leaves in its directory (`manifest.json`): the content-hashed bundle, its
 * source map and the other files to serve under `/widgets/`. Written by `@eduplatform/widgets`'
 * build; core reads only this file and the files it names, so it needs no widgets package.
 */
export interface WidgetsManifest {
  /** `edu-widgets.<hash>.js`: served forever-cacheable; `edu-widgets.js` serves the same bytes. */
  bundle: string
  /** The bundle's source map. */
  map: string
  /** Subresource Integrity of the bundle (`sha384-…`, W3C SRI). */
  integrity: string
  /** Further files (the playground): name → content type. */
  files: Record<string, string>
}

type Coding = 'br' | 'gzip' | 'identity'

interface Asset {
  /** The bytes in each content coding: compressed on first request, then kept (booting pays nothing for it). */
  coded: Record<Coding, () => Buffer>
  type: string
  cacheControl: string
  /** The ETag of the identity body, `"<tag>"`; each other coding has its own, `"<tag>.<coding>"` (see `etagFor`). */
  etag: string
  csp?: string
  /** `SourceMap` header (the unhashed bundle names the hashed map, as its last line also does). */
  sourceMap?: string
}

/**
 * Each coding's bytes are another representation, so each has its own strong ETag (RFC 9110 §8.8.3):
 * a cache must never answer a gzip request with a brotli body because their tags matched.
 */
const etagFor = (asset: Asset, coding: Coding) => coding === 'identity' ? asset.etag : `${asset.etag.slice(0, -1)}.${coding}"`

/** Brotli first (smaller), then gzip, then none; `q=0` and preferences as RFC 9110 §12.5.3 has them. */
const codings = new Negotiator<Coding>({ supportedValues: ['br', 'gzip', 'identity'] })

/**
 * The coding to answer in: the client's most preferred one of ours. Content codings are case-insensitive
 * (RFC 9110 §8.4.1). No header, or nothing acceptable to the client, gets the identity body (§12.5.3).
 */
export function negotiateCoding(header: string | string[] | undefined): Coding {
  const value = [header ?? []].flat().join(',').toLowerCase()
  return (value.trim() === '' ? null : codings.negotiate(value)) ?? 'identity'
}

const JS = 'text/javascript; charset=utf-8'
const MAP = 'application/json; charset=utf-8'
const IMMUTABLE = 'public, max-age=31536000, immutable'
// The stable name may change at any deploy: browsers revalidate it (ETag) after five minutes.
const REVALIDATE = 'public, max-age=300, stale-while-revalidate=86400'
/** The playground embeds lesson videos from the privacy-enhanced players and course covers from any https host. */
const PLAYGROUND_CSP = [
  "default-src 'self'", "script-src 'self'", "connect-src 'self'", "img-src 'self' https: data:", "media-src 'self' https:",
  "style-src 'self' 'unsafe-inline'", 'frame-src https://www.youtube-nocookie.com https://player.vimeo.com',
  "base-uri 'self'", "form-action 'self'", "frame-ancestors 'self'", "object-src 'none'",
].join('; ')

const once = (make: () => Buffer) => {
  let value: Buffer | undefined
  return () => (value ??= make())
}

function asset(body: Buffer, type: string, cacheControl: string, etag: string, csp?: string, sourceMap?: string): Asset {
  return {
    sourceMap,
    coded: {
      identity: () => body,
      gzip: once(() => gzipSync(body, { level: 9 })),
      br: once(() => brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } })),
    },
    type, cacheControl, etag, csp,
  }
}

/** Reads a widgets build; throws with the command to run when there is none. */
export function readWidgetsBuild(dir: string): { manifest: WidgetsManifest; assets: Map<string, Asset> } {
  let manifest: WidgetsManifest
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as WidgetsManifest
  } catch (error) {
    throw new Error(`No widgets build in ${dir} (${(error as Error).message}); run "npm run build -w @eduplatform/widgets"`)
  }
  const hash = /^edu-widgets\.([A-Za-z0-9_-]+)\.js$/.exec(manifest.bundle)?.[1]
  if (!hash) throw new Error(`widgets manifest in ${dir}: bundle "${manifest.bundle}" is not edu-widgets.<hash>.js`)
  const bundle = readFileSync(join(dir, manifest.bundle))
  const map = readFileSync(join(dir, manifest.map))
  const assets = new Map<string, Asset>([
    [manifest.bundle, asset(bundle, JS, IMMUTABLE, `"${hash}"`, undefined, `/widgets/${manifest.map}`)],
    ['edu-widgets.js', asset(bundle, JS, REVALIDATE, `"${hash}"`, undefined, `/widgets/${manifest.map}`)],
    [manifest.map, asset(map, MAP, IMMUTABLE, `"${hash}-map"`)],
    // The map of whatever `edu-widgets.js` is now, for tools that guess the name.
    ['edu-widgets.js.map', asset(map, MAP, REVALIDATE, `"${hash}-map"`)],
  ])
  for (const [name, type] of Object.entries(manifest.files)) {
    const body = readFileSync(join(dir, name))
    const html = type.startsWith('text/html')
    const served = asset(body, type, 'no-cache', `"${hash}-${name}"`, html ? PLAYGROUND_CSP : undefined)
    // Every file the manifest lists is served by its name; the playground also at `/widgets/`.
    assets.set(name, served)
    if (name === 'index.html') assets.set('', served)
  }
  // What a school needs to pin the bundle with Subresource Integrity: its hashed name and `integrity`.
  assets.set('manifest.json', asset(readFileSync(join(dir, 'manifest.json')), 'application/json; charset=utf-8', 'no-cache', `"${hash}-manifest"`))
  return { manifest, assets }
}

function send(request: FastifyRequest, reply: FastifyReply, found: Asset) {
  const coding = negotiateCoding(request.headers['accept-encoding'])
  const etag = etagFor(found, coding)
  reply
    .header('cache-control', found.cacheControl)
    .header('etag', etag)
    .header('vary', 'Accept-Encoding')
    .type(found.type)
  if (found.sourceMap) reply.header('sourcemap', found.sourceMap)
  if (found.csp) reply.header('content-security-policy', found.csp)
  else {
    // Scripts load from any school's page: module scripts are fetched in CORS mode.
    reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin')
  }
  if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send()
  if (coding !== 'identity') reply.header('content-encoding', coding)
  return reply.send(found.coded[coding]())
}

/**
 * `GET /widgets/edu-widgets.js` (the bundle, ES module), `/widgets/edu-widgets.<hash>.js` (the same,
 * immutable), its source map (at its hashed name, named by both bundles' `SourceMap` header and last
 * line, and at `edu-widgets.js.map`), the build's other files (`custom-elements.json`, the playground), `/widgets/manifest.json` (`{ bundle, map, integrity, files }`: the hashed
 * name and its Subresource Integrity hash), and the playground at `GET /widgets/`, from a widgets build
 * directory (also by its own name, `/widgets/index.html`). Other methods get 405 with `Allow: GET, HEAD`. Each file is compressed (brotli, gzip) on its first request and kept; the coding is
 * negotiated from Accept-Encoding, and each coding has its own ETag.
 */
export function registerWidgets(app: FastifyInstance, dir: string): WidgetsManifest {
  const { manifest, assets } = readWidgetsBuild(dir)
  const schema = { hide: true, params: Type.Object({ file: Type.String({ maxLength: 200 }) }) }
  // Every file here is for any origin (or, the playground, for its own): no allow-list applies, none is logged.
  const config = { cors: false }
  // The router ignores trailing slashes: this is also GET /widgets (the playground links its files absolutely).
  app.get('/widgets/', { schema: { hide: true }, config }, async (request, reply) => send(request, reply, assets.get('')!))
  app.get('/widgets/:file', { schema, config }, async (request, reply) => {
    // The router ignores trailing slashes; a file's name with one (`edu-widgets.js/`) names no file.
    const slashed = problemInstance(request.url).endsWith('/')
    const found = slashed ? undefined : assets.get((request.params as { file: string }).file)
    if (!found) return sendProblem(reply, { status: 404, code: 'EDU_ROUTE_NOT_FOUND', detail: `No widgets file ${problemInstance(request.url)}` })
    return send(request, reply, found)
  })
  // The files are read-only: any other method is a 405 naming the ones allowed (RFC 9110 §15.5.6), not a 404.
  // OPTIONS stays with CORS (a preflight, or the 400 of one that is not).
  const readOnly = { schema: { hide: true }, config }
  for (const url of ['/widgets/', '/widgets/:file']) {
    app.route({
      method: ['POST', 'PUT', 'PATCH', 'DELETE'], url, ...readOnly,
      handler: async (request, reply) => {
        reply.header('allow', 'GET, HEAD')
        return sendProblem(reply, { status: 405, code: 'EDU_METHOD_NOT_ALLOWED', detail: `${request.method} is not allowed on ${problemInstance(request.url)}: the widgets files are read-only (GET, HEAD)` })
      },
    })
  }
  return manifest
}
