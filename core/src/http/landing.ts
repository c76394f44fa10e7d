import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { etagOf, sendCachedJson } from './etag.ts'

const page = (widgets: boolean) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>EduPlatform</title>
<link rel="icon" href="/favicon.ico" type="image/svg+xml">
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5 }
  main { max-width: 40rem; margin: 4rem auto; padding: 0 1rem }
  a { font-weight: 600 }
  li { margin: .5rem 0 }
</style>
</head>
<body>
<main>
  <h1>EduPlatform</h1>
  <p>A headless learning engine: a REST API, and widgets any school's site can embed.</p>
  <ul>
    ${widgets ? '<li><a href="/widgets/">Widgets playground</a>: the course card, lesson player and quiz on the demo catalogue, with snippets to copy</li>' : ''}
    <li><a href="/docs">API reference</a></li>
    <li><a href="/openapi.json">OpenAPI document</a> of every enabled route, under <code>/api/v1</code></li>
    <li><a href="/health/ready">Readiness</a></li>
  </ul>
</main>
</body>
</html>
`

/** The engine's icon: an open book, in SVG (every current browser takes an SVG icon, at any path). */
export const FAVICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d4ed8"/>'
  + '<path d="M6 9c4-1 7 0 10 2 3-2 6-3 10-2v14c-4-1-7 0-10 2-3-2-6-3-10-2z" fill="#fff"/><path d="M16 11v14" stroke="#1d4ed8" stroke-width="1.5"/></svg>'

/**
 * `GET /`: a small page linking to the widgets playground, the API reference and the OpenAPI document.
 * `GET /favicon.ico`: the engine's icon (`image/svg+xml`), the path browsers ask for on every page the
 * engine serves (this one, `/docs`, the widgets playground), so none of them logs a 404.
 */
export function registerLanding(app: FastifyInstance, { widgets }: { widgets: boolean }) {
  const html = page(widgets)
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html))
  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON_SVG))
}

const ApiIndex = Type.Object(
  {
    name: Type.String(),
    version: Type.String({ description: "The engine's version" }),
    links: Type.Object({
      openapi: Type.String({ description: 'OpenAPI 3.1 document of every enabled route' }),
      docs: Type.String({ description: 'Human-readable API reference' }),
      health: Type.String({ description: 'Readiness' }),
      widgets: Type.Optional(Type.String({ description: 'The widgets bundle (when the engine serves it)' })),
    }, { description: 'Paths on this engine' }),
  },
  { description: 'What the API is and where it is described' },
)

/**
 * `GET /api/v1`: a small JSON index of the API (the start banner and the README print this address), with an
 * ETag and `Cache-Control: public, no-cache` (304 to a matching If-None-Match).
 */
export function registerApiIndex(app: FastifyInstance, { prefix, version, widgets }: { prefix: string; version: string; widgets: boolean }) {
  const body = {
    name: 'EduPlatform API', version,
    links: { openapi: '/openapi.json', docs: '/docs', health: '/health/ready', ...(widgets ? { widgets: '/widgets/edu-widgets.js' } : {}) },
  }
  const json = JSON.stringify(body)
  const index = { etag: etagOf(json), json }
  app.get(prefix, {
    schema: { operationId: 'getApiIndex', tags: ['operations'], summary: 'The API: its version and links to its description', response: { 200: ApiIndex } },
  }, async (request, reply) => sendCachedJson(request, reply, index, { public: true }))
}
