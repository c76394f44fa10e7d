import type { FastifyInstance } from 'fastify'
import type { EngineConfig } from './config.ts'
import { configFromEnv } from './config.ts'
import { createEngine } from './engine.ts'

/**
 * `npm start`: builds the engine (embedded PostgreSQL unless DATABASE_URL), listens, prints the URLs,
 * and shuts down gracefully on SIGTERM/SIGINT.
 */
export async function startEngine(config: EngineConfig): Promise<FastifyInstance> {
  const started = Date.now()
  const resolved = configFromEnv({ demo: true, ...config })
  const app = await createEngine(resolved, { env: false })
  const port = resolved.http?.port ?? 3000
  const host = resolved.http?.host ?? '127.0.0.1'
  await app.listen({ port, host })
  const base = `http://${host}:${port}`
  app.log.info({ readyMs: Date.now() - started }, 'engine ready')
  const widgets = resolved.widgets ? `\n  Widgets  ${base}/widgets/` : ''
  console.log(`EduPlatform is up in ${Date.now() - started} ms\n  Home     ${base}/${widgets}\n  API      ${base}/api/v1\n  Docs     ${base}/docs\n  OpenAPI  ${base}/openapi.json\n  Health   ${base}/health/ready\n  Metrics  ${base}/metrics`)

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down: finishing in-flight requests and events')
    const force = setTimeout(() => process.exit(1), 15_000)
    force.unref()
    await app.close()
    process.exit(0)
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  process.once('SIGINT', () => void shutdown('SIGINT'))
  return app
}
