import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { EntityManager } from '@mikro-orm/postgresql'
import type { Static, TObject, TSchema } from 'typebox'

/**
 * Event name → payload. Plugins add their events by declaration merging:
 * `declare module '@eduplatform/core' { interface EduEvents { 'course.published': { courseId: string } } }`
 */
export interface EduEvents {
  'user.registered': { userId: string; email: string; role: 'student' | 'teacher' | 'admin' }
  'teacher.verified': { userId: string }
  /** A user changed their profile; `fields` names what changed (e.g. `name`). */
  'user.updated': { userId: string; fields: string[] }
  /** Core's own mail waiting for the SMTP transport, sealed (AES-256-GCM): only core's sender reads it. */
  'mail.send': { sealed: string }
}

/** Service name → service type. A plugin that provides a service adds it here by declaration merging. */
export interface EduServices {}

/** Plugin name → its resolved options, so plugins can read each other's options with types. */
export interface EduPlugins {}

/** The Fastify instance a plugin registers its routes on: TypeBox-typed, under the API prefix. */
export type EduApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>

export interface DemoContext {
  em: EntityManager
  app: FastifyInstance
  /** Users the identity demo created, by role. */
  users: { admin: { id: string; email: string }; teacher: { id: string; email: string }; student: { id: string; email: string } }
  log: FastifyBaseLogger
}

export interface PluginManifest<S extends TObject = TObject, R = unknown> {
  /** Unique, kebab-case. Used in logs, migrations and dependency lists. */
  name: string
  /** Plugins that must be switched on and registered first. */
  dependsOn?: string[]
  /** Plugins registered first when they are switched on; this plugin works without them. */
  optionalDependsOn?: string[]
  /** TypeBox schema of the options; defaults are applied and the result validated at boot. */
  options?: S
  /** MikroORM entity schemas (`defineEntity`) this plugin owns. */
  entities?: unknown[]
  /** Absolute path of a folder of forward-only `NNN_name.sql` migrations. */
  migrations?: string
  /** PostgreSQL settings applied to every pooled connection, e.g. `{ 'pg_trgm.word_similarity_threshold': '0.5' }`. */
  sessionSettings?: Record<string, string>
  /** Adds routes (under /api/v1), services, event subscriptions. What it returns is handed to `demo`. */
  register(app: EduApp, options: Static<S>): Promise<R> | R
  /** Loads demo data on the first `npm start` of an empty database; `registered` is what `register` returned. */
  demo?(ctx: DemoContext, options: Static<S>, registered: R): Promise<void>
}

/** A plugin switched on with its options, as listed in `edu.config.ts`. */
export interface EduPlugin<S extends TObject = TObject, R = unknown> {
  readonly manifest: PluginManifest<S, R>
  readonly options: unknown
}

export type PluginOptionsInput<S extends TSchema> = Partial<Static<S>>
