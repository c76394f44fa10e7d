// A school's own website: serves index.html and, at GET /edu-token, mints a widget token for its signed-in
// user with an API key of scope `embed` (POST /api/v1/embed/sessions). The key never reaches the browser.
//
//   EDU_CORS_ORIGINS=http://127.0.0.1:8080 npm start                       # the engine, in another terminal
//   EDU_API_KEY=<secret of an embed key> npm run example:embed             # EDU_URL: the engine (default http://127.0.0.1:3000)
//   open http://127.0.0.1:8080
// (examples/README.md has the commands that make the key.)
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'

export interface SchoolSite {
  /** The engine's origin. */
  engine: string
  /** An API key with the `embed` scope. */
  apiKey: string
  /** Who is signed in on the school's site (a real site reads its own session). */
  currentUser: () => { id: string; email: string; name: string } | null
}

/** The school site's HTTP server (not listening yet). */
export function schoolSite(site: SchoolSite): Server {
  // The users who already have an engine account (a real site notes it in its own user record). The
  // engine keeps the `email` of the call that created the student and ignores it on every later call, so
  // only a user's first token sends it; a renewal sends the id and the (current) name alone.
  const linked = new Set<string>()
  return createServer(async (request, response) => {
    if (request.url === '/edu-token') {
      const user = site.currentUser()
      if (!user) return void response.writeHead(401).end()
      const first = !linked.has(user.id)
      const session = await fetch(`${site.engine}/api/v1/embed/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${site.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ externalUserId: user.id, name: user.name, ...(first ? { email: user.email } : {}) }),
      })
      if (session.status !== 201) return void response.writeHead(502, { 'content-type': 'text/plain' }).end(`embed session: ${session.status}`)
      linked.add(user.id)
      const { accessToken, expiresAt } = (await session.json()) as { accessToken: string; expiresAt: string }
      return void response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify({ token: accessToken, expiresAt, name: user.name }))
    }
    if (request.url === '/' || request.url === '/index.html') {
      const html = (await readFile(new URL('./index.html', import.meta.url), 'utf8')).replaceAll('http://127.0.0.1:3000', site.engine)
      return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html)
    }
    response.writeHead(404).end()
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const apiKey = process.env.EDU_API_KEY
  if (!apiKey) {
    console.error('error: set EDU_API_KEY to the secret of an API key with the "embed" scope (examples/README.md shows how to make one)')
    process.exit(1)
  }
  const engine = (process.env.EDU_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '')
  const server = schoolSite({
    engine,
    apiKey,
    currentUser: () => ({ id: 'lisa-42', email: 'lisa@springfield.example', name: 'Lisa' }),
  })
  server.listen(8080, '127.0.0.1', () => console.log(`The school site is at http://127.0.0.1:8080 (engine: ${engine}; set EDU_URL to change it)`))
}
