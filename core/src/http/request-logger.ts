import type { FastifyBaseLogger } from 'fastify'

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'
type Bindings = Parameters<FastifyBaseLogger['child']>[0]
type ChildLoggerOptions = NonNullable<Parameters<FastifyBaseLogger['child']>[1]>
/** The engine's logger is pino's, which can say whether it writes a level; another logger is asked through its child. */
type Parent = FastifyBaseLogger & { isLevelEnabled?(level: string): boolean }

/**
 * A request's logger, made when the request first logs something. Fastify gives every request a child of the
 * engine's logger carrying its request id (`reqId`); pino's `child` serialises those bindings for each request
 * (~1–2% of a small route's CPU), and with request logging off (the default, see engine.ts) almost no request
 * ever logs. This stands in for that child: a call at a level the logger writes makes the real child (the same
 * bindings and options, so the line carries `reqId` as before) and passes the call on; a call at a level it does
 * not write returns at once, as pino's own would.
 */
export class LazyRequestLogger implements FastifyBaseLogger {
  readonly #parent: Parent
  readonly #bindings: Bindings
  readonly #options: ChildLoggerOptions
  #child: FastifyBaseLogger | undefined

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions) {
    this.#parent = parent
    this.#bindings = bindings
    this.#options = options
  }

  /** The real child logger (made on the first call that needs it). */
  #real(): FastifyBaseLogger {
    return (this.#child ??= this.#parent.child(this.#bindings, this.#options))
  }

  #log(level: Level, args: unknown[]) {
    // A route-level `logLevel` may enable what the engine's level does not: then the child decides.
    if (this.#child === undefined && this.#options.level === undefined && this.#parent.isLevelEnabled?.(level) === false) return
    ;(this.#real()[level] as (...a: unknown[]) => void)(...args)
  }

  get level(): FastifyBaseLogger['level'] {
    return this.#child?.level ?? this.#options.level ?? this.#parent.level
  }

  set level(level: FastifyBaseLogger['level']) {
    this.#real().level = level
  }

  fatal(...args: unknown[]) { this.#log('fatal', args) }
  error(...args: unknown[]) { this.#log('error', args) }
  warn(...args: unknown[]) { this.#log('warn', args) }
  info(...args: unknown[]) { this.#log('info', args) }
  debug(...args: unknown[]) { this.#log('debug', args) }
  trace(...args: unknown[]) { this.#log('trace', args) }
  silent() {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options)
  }
}

/**
 * Fastify's `childLoggerFactory` (fastify/lib/logger-factory.js): a `LazyRequestLogger` in place of
 * `logger.child(bindings, options)`.
 */
export function lazyRequestLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyRequestLogger(logger, bindings, options)
}
