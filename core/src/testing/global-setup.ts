import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres } from '../db/embedded.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    eduDatabaseServer: string
    eduRedisUrl: string
  }
}

/**
 * Vitest global setup: the PostgreSQL server the tests create their databases on — DATABASE_URL
 * when set, otherwise an embedded PostgreSQL started for this run.
 */
export default async function setup(project: TestProject) {
  project.provide('eduRedisUrl', process.env.REDIS_URL ?? '')
  if (process.env.DATABASE_URL) {
    project.provide('eduDatabaseServer', process.env.DATABASE_URL)
    return
  }
  const dir = await mkdtemp(join(tmpdir(), 'edu-test-pg-'))
  const db = await startEmbeddedPostgres(dir)
  project.provide('eduDatabaseServer', db.url)
  return async () => {
    await db.stop()
    await rm(dir, { recursive: true, force: true })
  }
}
