/**
 * An engine in a process of its own, for tests that kill it: courses, enrollment and payments (mock) on
 * DATABASE_URL, signing with JWT_SECRET. Prints `listening <port>` once it serves.
 */
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { createEngine } from '../../src/engine.ts'

const app = await createEngine({
  plugins: [courses(), enrollment(), payments({ provider: 'mock' })],
  database: { url: process.env.DATABASE_URL, pool: { max: 4 } },
  auth: { jwtSecret: process.env.JWT_SECRET },
  events: { pollIntervalMs: 50 },
  logLevel: 'silent',
}, { env: false })
await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`listening ${(app.server.address() as { port: number }).port}\n`)
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0))
})
