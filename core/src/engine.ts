import { createServer, type Server, type ServerOptions } from 'node:http'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import fastifyJwt from '@fastify/jwt'
import rateLimit from '@fastify/rate-limit'
import type {} from '@fastify/redis'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { MikroORM, type Options } from '@mikro-orm/postgresql'
import type { Registry } from 'prom-client'
import { configFromEnv, type EngineConfig } from './config.ts'
import { Cache } from './cache/cache.ts'
import { MemoryStore } from './cache/memory-store.ts'
import { RedisStore } from './cache/redis-store.ts'
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts'
import { createAfterCommit, type AfterCommit } from './db/after-commit.ts'
import { migrate, pendingMigrations, type MigrationSource } from './db/migrator.ts'
import { guardConnections, type ConnectionGuard } from './db/connection-guard.ts'
import { measurePoolWait } from './db/pool-wait.ts'
import { bindParameters, prepareOnConnections, StatementNames } from './db/prepared.ts'
import { applySessionSettings } from './db/session-settings.ts'
import { EventBus, RELEASE_GRACE_MS } from './events/bus.ts'
import { defaultConcurrency, OutboxDispatcher } from './events/dispatcher.ts'
import { registerHealth } from './http/health.ts'
import { clusterMetricsReader } from './http/cluster-metrics.ts'
import { createMetricsRegistry, registerDatabaseMetrics, registerHttpMetrics, registerSharedCacheMetrics } from './http/metrics.ts'
import { registerOpenApi } from './http/openapi.ts'
import { problemClientErrorHandler, problemFrameworkErrors } from './http/framework-errors.ts'
import { problemErrorHandler, problemGuard, problemNotFoundHandler, sendProblem } from './http/problem.ts'
import { allowedOrigins, corsAllowList, registerCors } from './http/cors.ts'
import { registerValidation } from './http/validation.ts'
import { registerBodyEncodingChecks } from './http/content-encoding.ts'
import { registerBodyParsers } from './http/body-parsers.ts'
import { registerPipelineOrder } from './http/pipelining.ts'
import { registerReplyFinisher, type ReplyStep } from './http/reply-finisher.ts'
import { attachSharedCache, SharedCache } from './http/shared-cache.ts'
import { requestLogSerializer } from './http/request-log.ts'
import { securityHeaders } from './http/security-headers.ts'
import { lazyRequestLogger } from './http/request-logger.ts'
import { registerApiIndex, registerLanding } from './http/landing.ts'
import { registerWidgets } from './http/widgets.ts'
import { ApiKeyService } from './identity/api-keys.ts'
import { registerAuthentication, type Auth } from './identity/auth.ts'
import { runAuthGuardsFirst } from './identity/guard-order.ts'
import { DEMO_CREDENTIALS_FILE, loadDemo } from './identity/demo.ts'
import { identityEntities } from './identity/entities.ts'
import { jwtSecretFor } from './identity/jwt-secret.ts'
import { DevMailer, type Mailer } from './identity/mailer.ts'
import { OutboxMailer } from './identity/outbox-mailer.ts'
import { SmtpMailer } from './identity/smtp-mailer.ts'
import { EmbedService } from './identity/embed.ts'
import { AccountLimiter, credentialLimits, SignInLimiter } from './identity/limits.ts'
import { adminRoutes } from './identity/routes/admin.ts'
import { authRoutes } from './identity/routes/auth.ts'
import { embedRoutes } from './identity/routes/embed.ts'
import { IdentityService } from './identity/service.ts'
import { SessionCache } from './identity/sessions.ts'
import { resolvePlugins, type ResolvedPlugin } from './plugin/resolve.ts'
import { ServiceRegistry } from './plugin/services.ts'
import type { EduApp } from './plugin/types.ts'

export const API_PREFIX = '/api/v1'
export const CORE_MIGRATIONS = fileURLToPath(new URL('../../migrations/core', import.meta.url))
const VERSION = '0.1.0'

/** What the engine exposes to plugins and operators on its Fastify instance. */
export interface EduContext {
  config: EngineConfig
  plugins: ResolvedPlugin[]
  metrics: Registry
  databaseUrl: string
  dispatcher: OutboxDispatcher
  /**
   * Where plugins send mail. Through SMTP it records the message in the outbox and the dispatcher sends
   * it, with retries: pass `{ em }` to record it in a transaction (an event handler's), so no mail is
   * sent inside one. Without SMTP: the dev mailbox (or `extras.mailer`), which sends at once.
   */
  mailer: Mailer
  /** The public base URL for links in mail (EDU_PUBLIC_URL, else `http://HOST:PORT`), without a trailing slash. */
  publicUrl: string
  /** Nested pooled-connection checkouts seen (`database.nestedCheckouts`). */
  connectionGuard: ConnectionGuard
}

declare module 'fastify' {
  interface FastifyInstance {
    edu: EduContext
    orm: MikroORM
    cache: Cache
    events: EventBus
    /** Runs work once a transaction commits (cache invalidation and other effects of committed data). */
    afterCommit: AfterCommit
    services: ServiceRegistry
    identity: IdentityService
    auth: Auth
  }
}

export interface EngineExtras {
  /** Replace the mail channel (default: log + in-memory dev mailbox). */
  mailer?: Mailer
  /** Apply pending migrations before starting (default true). */
  migrate?: boolean
  /** Start the outbox dispatcher (default true). Tests switch it off to simulate a crash. */
  dispatch?: boolean
  /** Read the environment variables of CONTRACT.md over the config (default true). */
  env?: boolean
  /**
   * A worker of `EDU_WORKERS` (set by `npm start`): `/metrics` answers the metrics of every worker,
   * gathered by the primary (default false: this engine's own).
   */
  clusterMetrics?: boolean
}

/**
 * Builds a ready engine: database (embedded unless configured), migrations, plugins in dependency
 * order, identity, events, cache, HTTP. `app.close()` stops everything it started.
 */
export async function createEngine(input: EngineConfig, extras: EngineExtras = {}): Promise<FastifyInstance> {
  const config = extras.env === false ? input : configFromEnv(input)
  const plugins = resolvePlugins(config.plugins)
  // A mistyped origin is refused before anything starts (CorsOriginError, one line naming it).
  const cors = corsAllowList(allowedOrigins(config))
  // So is a malformed limit of `auth` (LimitConfigError).
  const limits = credentialLimits(config.auth)
  const addCors = cors.addHeaders
  const addSecurityHeaders = securityHeaders(API_PREFIX)

  // Public cached reads answered before routing (off where a hit could differ from the route's answer: see SharedCache).
  const logLevel = config.logLevel ?? 'info'
  const trustProxy = config.http?.trustProxy ?? false
  const sharedCache = config.http?.sharedCache === false || typeof trustProxy !== 'boolean' || ['debug', 'trace'].includes(logLevel)
    ? undefined
    : new SharedCache(config.http?.sharedCache)

  const app = Fastify<Server>({
    // Request log lines name the URL with any token in its query redacted.
    logger: { level: logLevel, serializers: { req: requestLogSerializer } },
    // One line per request costs a fifth of a small route's throughput; metrics count requests instead.
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(logLevel) }),
    // Each request's logger (with its reqId) is made when the request first logs, not for every request.
    childLoggerFactory: lazyRequestLogger,
    bodyLimit: config.http?.bodyLimit ?? 1024 * 1024,
    // A hop count is honoured at run time (fastify/lib/request.js) though Fastify's types leave numbers out.
    trustProxy: (config.http?.trustProxy ?? false) as boolean | string,
    forceCloseConnections: 'idle',
    // `/courses/` reaches `/courses`. Path parameters up to 500 characters reach validation (a long id is a
    // 400 naming it); longer ones are 414.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // Every error is problem+json, those raised before a route runs included.
    frameworkErrors: problemFrameworkErrors([addCors, addSecurityHeaders]),
    clientErrorHandler: problemClientErrorHandler,
    // Requests that arrive while the engine stops get a problem+json 503 from the hook below.
    return503OnClosing: false,
    // Fastify's own HTTP/1.1 server (fastify/lib/server.js), its handler behind the shared cache's.
    serverFactory: sharedCache && ((handler, fastifyOptions) => {
      const options = fastifyOptions as { http?: ServerOptions; keepAliveTimeout: number; requestTimeout: number; connectionTimeout: number; maxRequestsPerSocket: number }
      const server = createServer(options.http ?? {}, sharedCache.listener(handler))
      server.keepAliveTimeout = options.keepAliveTimeout
      server.requestTimeout = options.requestTimeout
      server.setTimeout(options.connectionTimeout)
      if (options.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket
      return server
    }),
  }).withTypeProvider<TypeBoxTypeProvider>()
  if (sharedCache) {
    attachSharedCache(app.server, sharedCache)
    // Every GET and POST route keeps an offered reply as it leaves: its hook runs last, after every plugin's onSend hooks.
    app.addHook('onRoute', (route) => {
      if (!(['GET', 'POST'] as const).some((method) => [route.method].flat().includes(method))) return
      route.onSend = [...[route.onSend ?? []].flat(), sharedCache.keep]
    })
  }

  let embedded: EmbeddedDatabase | undefined
  let orm: MikroORM | undefined
  const cleanup = async () => {
    await orm?.close().catch(() => {})
    await embedded?.stop().catch(() => {})
  }

  try {
    const dataDir = resolve(config.database?.dataDir ?? '.edu')
    if (!config.database?.url) embedded = await startEmbeddedPostgres(dataDir, (m) => app.log.warn(m), { port: config.database?.embeddedPort })
    const databaseUrl = config.database?.url ?? embedded!.url
    // Migrations (an advisory lock) and the outbox's LISTEN need a session of their own: behind a
    // transaction-mode pooler they take the primary's direct address.
    const sessionUrl = config.database?.directUrl ?? databaseUrl
    const jwtSecret = await jwtSecretFor(config, embedded ? dataDir : undefined)

    const sources: MigrationSource[] = [
      { plugin: 'core', dir: CORE_MIGRATIONS },
      ...plugins.filter((p) => p.plugin.manifest.migrations).map((p) => ({ plugin: p.name, dir: p.plugin.manifest.migrations! })),
    ]
    if (extras.migrate !== false) await migrate(sessionUrl, sources, (m) => app.log.info(m))

    const ormOptions: Options = {
      clientUrl: databaseUrl,
      onCreateConnection: applySessionSettings(plugins),
      entities: [...identityEntities, ...plugins.flatMap((p) => (p.plugin.manifest.entities ?? []) as never[])],
      pool: { min: config.database?.pool?.min ?? 0, max: config.database?.pool?.max ?? 10 },
      replicas: config.database?.replicaUrls?.map((clientUrl, i) => ({ name: `replica-${i + 1}`, clientUrl })),
      preferReadReplicas: true,
      debug: false,
    }
    orm = await MikroORM.init(ormOptions)

    const metrics = createMetricsRegistry()
    const publicUrl = (config.http?.publicUrl ?? `http://${config.http?.host ?? '127.0.0.1'}:${config.http?.port ?? 3000}`).replace(/\/+$/, '')
    const smtp = !extras.mailer && config.mail?.smtpUrl
      ? new SmtpMailer({ url: config.mail.smtpUrl, from: config.mail.from ?? `EduPlatform <no-reply@${new URL(publicUrl).hostname}>` })
      : undefined
    const namespace = config.redis?.namespace ?? 'edu'
    if (config.redis?.url) {
      // Loaded only here: an engine without Redis does not carry the client.
      const [{ Redis }, { default: fastifyRedis }] = await Promise.all([import('ioredis'), import('@fastify/redis')])
      // Redis is an accelerator: commands fail fast while it is away, a lost connection is logged once,
      // and shutdown does not wait for (or fail on) a Redis that is gone.
      const client = new Redis(config.redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 })
      let warned = false
      client.on('error', (err) => {
        if (!warned) app.log.warn({ err }, 'Redis unavailable; serving from the database until it is back')
        warned = true
      })
      client.on('ready', () => {
        if (warned) app.log.info('Redis is back')
        warned = false
      })
      app.addHook('onClose', async () => {
        if (client.status === 'ready') await client.quit().catch(() => client.disconnect())
        else client.disconnect()
      })
      await app.register(fastifyRedis, { client })
    }
    const cache = new Cache(config.redis?.url ? new RedisStore(app.redis) : new MemoryStore(), namespace, metrics)
    const { afterCommit, afterAllCommitWork } = createAfterCommit(orm, app.log)
    const ormForEvents = orm
    const events = new EventBus(afterAllCommitWork, (sql, params) => ormForEvents.em.fork().execute(sql, params),
      (err) => app.log.warn({ err }, `outbox: releasing events failed; they are delivered when the grace ends (${RELEASE_GRACE_MS / 1000} s)`))
    const dispatcher = new OutboxDispatcher(
      { orm, bus: events, url: sessionUrl, log: app.log, registry: metrics },
      {
        pollIntervalMs: config.events?.pollIntervalMs ?? 1000,
        maxAttempts: config.events?.maxAttempts ?? 8,
        concurrency: config.events?.concurrency ?? defaultConcurrency(config.database?.pool?.max ?? 10),
        leasedConcurrency: config.events?.leasedConcurrency ?? 16,
        leaseMs: config.events?.leaseMs ?? 300_000,
      },
    )

    // An engine that does not dispatch (a crashed one, in tests) leaves everything to the others.
    if (extras.dispatch !== false) events.attach((eventId) => dispatcher.deliverEvent(eventId), () => dispatcher.kick())
    // Through SMTP, mail leaves from the outbox (never inside a request or a transaction); the dev mailbox is immediate.
    const mailer = smtp ? new OutboxMailer({ orm, events, transport: smtp, secret: jwtSecret, host: new URL(publicUrl).hostname }) : (extras.mailer ?? new DevMailer(app.log))
    const pool = (await orm.em.getConnection().getNativeClient()) as { totalCount: number; idleCount: number; waitingCount: number; connect(...args: unknown[]): Promise<unknown> | void }
    // Raw statements on the primary with bound parameters, prepared once per connection (db/prepared.ts).
    const statements = new StatementNames(config.database?.preparedStatements === false ? 0 : undefined)
    prepareOnConnections(pool as never, statements)
    bindParameters(orm.em.getConnection('write') as never, statements)
    const connectionGuard = guardConnections(orm.em.getConnection('write') as never, pool, config.database?.nestedCheckouts ?? 'warn', app.log)
    app.decorate('edu', { config, plugins, metrics, databaseUrl, dispatcher, mailer, publicUrl, connectionGuard })
    app.decorate('orm', orm)
    app.decorate('cache', cache)
    app.decorate('events', events)
    app.decorate('afterCommit', afterCommit)
    app.decorate('services', new ServiceRegistry())

    app.setErrorHandler(problemErrorHandler)
    app.setNotFoundHandler(problemNotFoundHandler)
    // Once shutdown began, new requests are shed (a load balancer retries them elsewhere); responses close their connection.
    let closing = false
    const closeWhenClosing: ReplyStep = (_request, reply) => {
      if (closing) reply.header('connection', 'close')
    }
    // As every reply leaves: an error body becomes problem+json first, then CORS and the security headers
    // (which depend on the final Content-Type).
    registerReplyFinisher(app, [problemGuard, addCors, addSecurityHeaders, closeWhenClosing])
    // A request pipelined behind another runs in its turn, before any hook of it runs (so never behind a stream).
    registerPipelineOrder(app)
    // CORS before every other request hook, so the errors they raise carry its headers too.
    registerCors(app, cors)
    registerValidation(app)
    app.addHook('onRequest', (_request, reply, done) => {
      if (!closing) return done()
      reply.header('connection', 'close').header('retry-after', '1')
      sendProblem(reply, { status: 503, code: 'EDU_UNAVAILABLE', detail: 'The engine is shutting down; retry' })
    })
    registerBodyEncodingChecks(app)
    registerBodyParsers(app)
    const ormRef = orm

    await registerOpenApi(app, VERSION)
    await app.register(rateLimit, {
      global: false,
      // The IETF draft's field names (RateLimit-Limit, -Remaining, -Reset), which CORS exposes to pages.
      enableDraftSpec: true,
      redis: config.redis?.url ? app.redis : undefined,
      nameSpace: `${namespace}:rl:`,
      skipOnError: true,
      keyGenerator: (request) => request.ip,
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`Too many attempts; try again in ${context.after}`), { statusCode: 429, code: 'EDU_RATE_LIMITED' }),
    })
    await app.register(fastifyJwt, {
      secret: jwtSecret,
      sign: { algorithm: 'HS256', expiresIn: config.auth?.accessTokenTtl ?? 900 },
      // No cache here: core's VerifiedTokens (identity/access-token.ts) keeps verified tokens with their
      // claims, and this verifier is only asked on its misses.
      verify: { algorithms: ['HS256'], cache: false },
    })

    const durations = registerHttpMetrics(app, metrics, extras.clusterMetrics ? clusterMetricsReader(metrics) : undefined)
    if (sharedCache) {
      sharedCache.countWith((method, route, status, seconds) => durations.observe(method, route, status, seconds))
      registerSharedCacheMetrics(metrics, sharedCache)
    }
    measurePoolWait(pool, metrics)
    registerDatabaseMetrics(
      metrics,
      <T>(sql: string) => ormRef.em.fork().execute(sql) as Promise<T[]>,
      () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    )
    if (config.widgets) registerWidgets(app, config.widgets.dir)
    registerLanding(app, { widgets: Boolean(config.widgets) })
    registerApiIndex(app, { prefix: API_PREFIX, version: VERSION, widgets: Boolean(config.widgets) })
    registerHealth(app, () => pendingMigrations((sql) => ormRef.em.fork().execute(sql), sources))

    const accessTokenTtl = config.auth?.accessTokenTtl ?? 900
    const identity = new IdentityService(
      {
        orm,
        cache,
        events,
        mailer,
        signAccessToken: (payload, ttlSeconds) => app.jwt.sign({ ...payload, typ: 'access' }, ttlSeconds === undefined ? undefined : { expiresIn: ttlSeconds }),
        sessions: new SessionCache(orm, cache, accessTokenTtl),
      },
      {
        accessTokenTtl,
        refreshTokenTtlDays: config.auth?.refreshTokenTtlDays ?? 30,
        publicUrl,
      },
    )
    const apiKeys = new ApiKeyService(orm, cache, app.log)
    const auth = registerAuthentication(app, identity, apiKeys)
    runAuthGuardsFirst(app)
    app.decorate('identity', identity)
    app.decorate('auth', auth)
    // The shared cache serves a signed-in user only where the token and session are known at once.
    sharedCache?.identifyWith(auth.userAtOnce)

    const strictLimit = { rateLimit: { max: limits.address.max, timeWindow: limits.address.timeWindowMs } }
    const accountLimits = {
      login: new SignInLimiter(app, { perAddress: limits.account, ceiling: limits.accountCeiling }),
      // Reset mails are limited per account from any address: the inbox is what the limit guards. A refused
      // request locks nobody out: the last mail sent carries the one working link (a new link voids the older).
      passwordReset: new AccountLimiter(app, limits.account, 'reset', { message: 'Too many reset mails for this account' }),
    }
    const embed = new EmbedService({ orm, identity, events }, accessTokenTtl)
    const newStudents = new AccountLimiter(app, limits.embedNewStudents, 'embed-new-students', {
      keyOf: (request) => auth.principal(request).apiKey!.id,
      message: 'This API key created too many new students (sessions of existing students still open)',
    })
    await app.register(async (scope) => {
      const api = scope as unknown as EduApp
      await authRoutes(api, { identity, auth, strictLimit, accountLimits })
      await adminRoutes(api, { identity, apiKeys, auth })
      await embedRoutes(api, { embed, auth, newStudents })
    }, { prefix: API_PREFIX })

    const registered = new Map<string, unknown>()
    for (const { plugin, name, options } of plugins) {
      const { manifest } = plugin
      const wrapped = fp(async (instance: FastifyInstance) => {
        await instance.register(async (scope) => {
          // Each operation is tagged with its plugin's name unless the route says otherwise.
          scope.addHook('onRoute', (route) => {
            if (!route.schema?.tags) route.schema = { ...route.schema, tags: [name] }
          })
          registered.set(name, await manifest.register(scope as unknown as EduApp, options as never))
        }, { prefix: API_PREFIX })
      }, { name, dependencies: manifest.dependsOn ?? [], fastify: '5.x' })
      await app.register(wrapped)
    }

    app.addHook('onReady', async () => {
      if (extras.dispatch !== false) await dispatcher.start()
    })
    // Responses that finish after shutdown began close their keep-alive connection (`closeWhenClosing`), so the server can stop.
    app.addHook('preClose', async () => {
      closing = true
      sharedCache?.stop()
    })
    app.addHook('onClose', async () => {
      await dispatcher.stop()
      smtp?.close()
      await cleanup()
    })

    await app.ready()

    if (config.admin) {
      const { created } = await identity.ensureAdmin(config.admin.email, config.admin.password)
      if (created) app.log.info(`created admin ${config.admin.email}`)
    }
    if (config.demo) {
      await loadDemo(app, plugins, registered, {
        bootstrapAdmin: config.admin?.email,
        credentialsFile: embedded ? join(dataDir, DEMO_CREDENTIALS_FILE) : undefined,
      })
    }
    return app
  } catch (error) {
    await app.close().catch(() => {})
    await cleanup()
    throw error
  }
}
