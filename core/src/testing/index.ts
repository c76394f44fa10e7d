import { randomBytes } from 'node:crypto'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { inject } from 'vitest'
import type { EngineConfig } from '../config.ts'
import { createEngine, type EngineExtras } from '../engine.ts'
import type { EventName } from '../events/bus.ts'
import type { Role } from '../identity/entities.ts'
import { DevMailer } from '../identity/mailer.ts'
import type { UserView } from '../identity/schemas.ts'
import type { EduEvents, EduPlugin } from '../plugin/types.ts'
import { createTestDatabase } from './database.ts'
import { WAIT_TIMEOUT_MS } from './wait.ts'

export { createTestDatabase } from './database.ts'
export { listenOnLoopback, readAgreeing, sharedCacheHits } from './sockets.ts'
export { WAIT_TIMEOUT_MS }
export { freePort, untilOutput } from './processes.ts'
export { startTestSmtpServer, type TestSmtpServer, type ReceivedMail } from './smtp.ts'

export const TEST_PASSWORD = 'correct horse battery staple'

export interface Actor {
  user: UserView
  accessToken: string
  headers: { authorization: string }
  /** `app.inject` as this user. */
  inject(options: InjectOptions): Promise<LightMyRequestResponse>
}

export interface TestEngine {
  app: FastifyInstance
  mailer: DevMailer
  databaseUrl: string
  config: EngineConfig
  inject(options: InjectOptions): Promise<LightMyRequestResponse>
  /** A student whose address is unconfirmed (as after registering) unless `emailVerified`. */
  asStudent(overrides?: Partial<{ email: string; name: string; emailVerified: boolean }>): Promise<Actor>
  asTeacher(options?: { verified?: boolean; email?: string; name?: string; emailVerified?: boolean }): Promise<Actor>
  asAdmin(): Promise<Actor>
  /** Signs a user in as an actor (a real session of theirs). */
  actor(user: UserView): Promise<Actor>
  /** Records every payload of an event, delivered through the outbox like any subscriber. */
  captureEvents<K extends EventName>(event: K): EventCapture<K>
  /**
   * Runs the outbox dispatcher until no due rows remain and its deliveries, with their after-commit work
   * (cache invalidation), are done. Rows waiting for a retry's backoff are left alone.
   */
  drainEvents(): Promise<void>
  /** Builds a second engine on the same database (another instance, or a restart after a crash). */
  sibling(extras?: EngineExtras): Promise<FastifyInstance>
  close(): Promise<void>
}

export interface EventCapture<K extends EventName> {
  readonly payloads: EduEvents[K][]
  /** Resolves once `count` payloads have arrived (default 1); fails after `timeoutMs` (default `WAIT_TIMEOUT_MS`). */
  waitFor(count?: number, timeoutMs?: number): Promise<EduEvents[K][]>
}

export interface TestEngineOptions {
  plugins?: EduPlugin[]
  config?: Partial<EngineConfig>
  extras?: EngineExtras
  /** `false`: the in-process cache even when REDIS_URL is set (for what only a single process does). */
  redis?: false
}

let captures = 0

/**
 * Resolves once `check` returns true, checking every `intervalMs` (default 20); throws `message` after
 * `timeoutMs` (default `WAIT_TIMEOUT_MS`, 20,000). For waiting on a condition in tests, never on a fixed sleep.
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, options: { timeoutMs?: number; intervalMs?: number; message?: string } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? WAIT_TIMEOUT_MS)
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(options.message ?? 'condition not met in time')
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 20))
  }
}

/**
 * A real engine on a fresh database of the test PostgreSQL server (embedded, or DATABASE_URL) and,
 * when REDIS_URL is set, on Redis under a namespace of its own.
 */
export async function createTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const database = await createTestDatabase(inject('eduDatabaseServer'))
  const redisUrl = options.redis === false ? undefined : inject('eduRedisUrl') || undefined
  const mailer = new DevMailer()
  const config: EngineConfig = {
    logLevel: 'silent',
    ...options.config,
    plugins: options.plugins ?? [],
    // A flow waiting for a second pooled connection while it holds one fails its test (pool starvation).
    database: { url: database.url, pool: { max: 8 }, nestedCheckouts: 'error', ...options.config?.database },
    redis: redisUrl ? { url: redisUrl, namespace: database.name, ...options.config?.redis } : options.config?.redis,
    auth: { jwtSecret: randomBytes(32).toString('hex'), rateLimit: { max: 1000, timeWindowMs: 60_000 }, ...options.config?.auth },
    events: { pollIntervalMs: 50, ...options.config?.events },
  }
  const extras = { env: false, mailer, ...options.extras }
  let app: FastifyInstance
  try {
    app = await createEngine(config, extras)
  } catch (error) {
    await database.drop()
    throw error
  }
  const siblings: FastifyInstance[] = []

  const actor = async (user: UserView): Promise<Actor> => {
    const session = await app.identity.startSession(user.id)
    if (!session) throw new Error(`No user ${user.id} to sign in`)
    const accessToken = session.accessToken
    const headers = { authorization: `Bearer ${accessToken}` }
    return {
      user,
      accessToken,
      headers,
      inject: (opts) => app.inject({ ...opts, headers: { ...headers, ...(opts.headers ?? {}) } }),
    }
  }

  let counter = 0
  const makeUser = async (role: Role, input: { verified?: boolean; email?: string; name?: string; emailVerified?: boolean } = {}) => {
    counter += 1
    const user = await app.identity.createUser({
      email: input.email ?? `${role}${counter}-${randomBytes(3).toString('hex')}@test.edu`,
      name: input.name ?? `${role[0]!.toUpperCase()}${role.slice(1)} ${counter}`,
      password: TEST_PASSWORD,
      role,
      isVerified: input.verified ?? true,
      emailVerified: input.emailVerified ?? false,
    })
    return actor((await app.identity.getUser(user.id))!)
  }

  return {
    app,
    mailer,
    databaseUrl: database.url,
    config,
    inject: (opts) => app.inject(opts),
    asStudent: (o) => makeUser('student', o),
    asTeacher: (o) => makeUser('teacher', { verified: true, ...o }),
    asAdmin: () => makeUser('admin'),
    actor,
    captureEvents<K extends EventName>(event: K): EventCapture<K> {
      const payloads: EduEvents[K][] = []
      const waiters: Array<() => void> = []
      app.events.on(event, `test.capture-${++captures}`, async (payload) => {
        payloads.push(payload)
        for (const w of waiters.splice(0)) w()
      })
      return {
        payloads,
        async waitFor(count = 1, timeoutMs = WAIT_TIMEOUT_MS) {
          const deadline = Date.now() + timeoutMs
          while (payloads.length < count) {
            if (Date.now() > deadline) throw new Error(`Expected ${count} "${event}" event(s), got ${payloads.length}`)
            await new Promise<void>((resolve) => {
              waiters.push(resolve)
              setTimeout(resolve, 25)
            })
          }
          return payloads
        },
      }
    },
    async drainEvents() {
      const due = async () => {
        const [row] = await app.orm.em.fork().execute<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM edu_outbox WHERE status = 'pending' AND available_at <= now()`)
        return row!.n
      }
      // Rows still due after a settle are held by another engine's dispatcher: wait for it.
      await waitUntil(async () => {
        await app.edu.dispatcher.settle()
        return (await due()) === 0
      }, { message: 'The outbox did not drain' })
    },
    async sibling(siblingExtras = {}) {
      const other = await createEngine(config, { ...extras, ...siblingExtras })
      siblings.push(other)
      return other
    },
    async close() {
      for (const s of siblings) await s.close().catch(() => {})
      await app.close()
      await database.drop()
      const nested = [app, ...siblings].flatMap((engine) => engine.edu.connectionGuard.violations)
      if (nested.length > 0) throw new Error(`${nested.length} nested pooled-connection checkout(s); the first:\n${nested[0]}`)
    },
  }
}
