import type { LevelWithSilent } from 'pino'
import type { IdleReclaimOptions } from './idle-heap.ts'
import type { EduPlugin } from './plugin/types.ts'

export interface EngineConfig {
  /** Plugins switched on, with their options. A plugin not listed has no routes, subscriptions or migrations. */
  plugins: EduPlugin[]
  database?: {
    /** External PostgreSQL. Unset: the embedded PostgreSQL under `dataDir`. */
    url?: string
    replicaUrls?: string[]
    /**
     * The primary's direct address when `url` goes through a transaction-mode pooler (PgBouncer):
     * migrations and the outbox's LISTEN use it, since they need a session of their own. Default: `url`.
     */
    directUrl?: string
    /** Where the embedded PostgreSQL keeps its files. */
    dataDir?: string
    /** The port the embedded PostgreSQL listens on, on 127.0.0.1 only. Default: a free one at each start. */
    embeddedPort?: number
    pool?: { min?: number; max?: number }
    /**
     * A flow that asks for a second pooled connection while its transaction holds one (the cause of pool
     * starvation): `warn` logs each place once (default), `error` fails the checkout (tests), `off`.
     */
    nestedCheckouts?: 'off' | 'warn' | 'error'
    /**
     * Raw statements go to the primary with bound parameters, as named prepared statements each pooled
     * connection parses and plans once (default true). `false` binds them unnamed: for a transaction-mode pooler
     * without prepared statement support (PgBouncer before 1.21, or `max_prepared_statements = 0`).
     */
    preparedStatements?: boolean
  }
  redis?: {
    url?: string
    /** Prefix of every key this engine writes (cache, rate limits). */
    namespace?: string
  }
  http?: {
    port?: number
    host?: string
    /** Origins allowed to call the API from a browser; the site's own origin is always allowed. */
    corsOrigins?: string[]
    /** Public URL of the engine, used in links sent by mail. */
    publicUrl?: string
    bodyLimit?: number
    /**
     * Which proxies to believe about the client address (`X-Forwarded-For`), as Fastify's `trustProxy`:
     * addresses or CIDR ranges of your load balancers (`'10.0.0.0/8,192.168.1.10'`), a number of hops,
     * or `true` for any (only when nothing can reach the engine but the proxy). Unset: the header is
     * ignored and the connection's address counts, for rate limits and logs alike.
     */
    trustProxy?: boolean | string | number
    /**
     * The shared cache in front of the router (`SharedCache`): cached reads (review pages and summaries, catalogue
     * pages, course detail, curriculum, lessons, AI summaries) answered without routing to anonymous callers and to
     * the signed-in ones a route admits. Bounds (positive
     * integers, else the start fails with a RangeError), or `false` to switch it off. Off by itself at log level
     * `debug`/`trace` and when `trustProxy` names addresses or hops; with Redis the routes' checks answer nothing,
     * so nothing is served from it. Default: on, 10,000 responses, 64 MiB of bodies.
     */
    sharedCache?: false | { maxEntries?: number; maxBytes?: number }
  }
  auth?: {
    jwtSecret?: string
    /** Access-token lifetime, seconds. */
    accessTokenTtl?: number
    /** Refresh-token lifetime, days. */
    refreshTokenTtlDays?: number
    /**
     * Limit of each credential route (login, register, refresh, email and password routes) per client
     * address. Default 300 a minute: a classroom behind one school address signs up together.
     */
    rateLimit?: { max: number; timeWindowMs: number }
    /**
     * Sign-in attempts per account (email) and client address, default 10 per 15 minutes: one address
     * guessing one account. Also the reset mails per account, from any address (the inbox is what it guards).
     */
    accountRateLimit?: { max: number; timeWindowMs: number }
    /**
     * Sign-in attempts per account from every address together, default 100 per 15 minutes: guessing spread
     * over many addresses. Below it, failures from other addresses never stop the owner signing in.
     */
    accountCeiling?: { max: number; timeWindowMs: number }
    /**
     * New students each embed API key may create through `POST /embed/sessions` (sessions of existing
     * students are not counted). Default 2,000 per 10 minutes; the one over gets 429 with `Retry-After`.
     */
    embedNewStudentLimit?: { max: number; timeWindowMs: number }
  }
  admin?: { email: string; password: string }
  mail?: {
    /** SMTP server (`smtp://user:pass@host:port`, `smtps://…`). Unset: the log and the dev mailbox. */
    smtpUrl?: string
    /** The `From` of every message. Default: `EduPlatform <no-reply@HOST>` with the host of the public URL. */
    from?: string
  }
  /**
   * The widgets build to serve under `/widgets/` (a directory with `manifest.json`, written by
   * `@eduplatform/widgets`' build). Unset: no widgets routes. `npm start` sets it.
   */
  widgets?: { dir: string }
  /** Load each plugin's demo data when the database is empty. */
  demo?: boolean
  events?: {
    /** How often the dispatcher looks for due events when it has not been woken. */
    pollIntervalMs?: number
    maxAttempts?: number
    /**
     * Deliveries in a transaction in flight at once on an engine, one per subscriber at a time (each holds
     * a pooled connection while its handler runs). Default: a quarter of `database.pool.max`, 1 to 4.
     */
    concurrency?: number
    /** Deliveries of `{ transactional: false }` subscribers in flight at once (no connection held). Default 16. */
    leasedConcurrency?: number
    /**
     * How long a `{ transactional: false }` delivery owns its row; an engine that dies mid-handler leaves
     * the row to be delivered again after it. Longer than such a handler can take. Default 300000 (5 min).
     */
    leaseMs?: number
  }
  logLevel?: LevelWithSilent
  memory?: {
    /**
     * `npm start`'s engine runs one memory-reducing collection before it listens, and one when it has gone
     * quiet while holding many connections (streams) and V8 keeps much free heap committed
     * (core/src/idle-heap.ts: when, why, and the thresholds). Default on; `false` switches it off. Nothing
     * runs per request. Checked as the engine starts (`idleReclaimConfig`): a value of the wrong type or range,
     * or an unknown option, stops `npm start` with one line naming the field.
     */
    idleReclaim?: boolean | IdleReclaimOptions
  }
}

/** Types `edu.config.ts`. */
export function defineConfig(config: EngineConfig): EngineConfig {
  return config
}

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined)

/** `EDU_TRUST_PROXY`: `true`/`false`, a number of hops, or comma-separated addresses and CIDR ranges. */
export function parseTrustProxy(value: string | undefined): boolean | string | number | undefined {
  const v = value?.trim()
  if (!v) return undefined
  if (v === 'true' || v === 'false') return v === 'true'
  if (/^\d+$/.test(v)) return Number(v)
  return list(v)!.join(',')
}

/** Overlays the environment variables of CONTRACT.md on a config. */
export function configFromEnv(config: EngineConfig, env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const port = env.PORT ? Number(env.PORT) : config.http?.port
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new Error(`PORT must be a port number, got "${env.PORT}"`)
  const admin = env.EDU_ADMIN_EMAIL && env.EDU_ADMIN_PASSWORD ? { email: env.EDU_ADMIN_EMAIL, password: env.EDU_ADMIN_PASSWORD } : config.admin
  return {
    ...config,
    database: {
      ...config.database,
      url: env.DATABASE_URL || config.database?.url,
      replicaUrls: list(env.DATABASE_REPLICA_URLS) ?? config.database?.replicaUrls,
      directUrl: env.DATABASE_DIRECT_URL || config.database?.directUrl,
      dataDir: env.EDU_DATA_DIR || config.database?.dataDir,
    },
    redis: { ...config.redis, url: env.REDIS_URL || config.redis?.url },
    http: {
      ...config.http,
      port,
      host: env.HOST || config.http?.host,
      corsOrigins: list(env.EDU_CORS_ORIGINS) ?? config.http?.corsOrigins,
      publicUrl: env.EDU_PUBLIC_URL || config.http?.publicUrl,
      trustProxy: parseTrustProxy(env.EDU_TRUST_PROXY) ?? config.http?.trustProxy,
    },
    auth: { ...config.auth, jwtSecret: env.JWT_SECRET || config.auth?.jwtSecret },
    admin,
    mail: { ...config.mail, smtpUrl: env.EDU_SMTP_URL || config.mail?.smtpUrl, from: env.EDU_MAIL_FROM || config.mail?.from },
    demo: env.EDU_DEMO !== undefined ? env.EDU_DEMO !== '0' : config.demo,
    logLevel: (env.LOG_LEVEL as LevelWithSilent | undefined) || config.logLevel,
  }
}
