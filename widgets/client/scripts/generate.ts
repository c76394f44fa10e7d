// Regenerates src/schema.d.ts from a live engine with every built-in plugin:
//   npm run generate -w @eduplatform/client
// on a throw-away database of the server in DATABASE_URL, or of an embedded PostgreSQL.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmbeddedPostgres } from '../../../core/src/db/embedded.ts'
import { createTestDatabase } from '../../../core/src/testing/database.ts'
import { typesFromSpec } from '../tools/openapi-types.ts'
import { liveSpec, SCHEMA_FILE } from './spec.ts'

const dir = process.env.DATABASE_URL ? undefined : await mkdtemp(join(tmpdir(), 'edu-client-'))
const server = dir ? await startEmbeddedPostgres(dir) : undefined
const database = await createTestDatabase(server?.url ?? process.env.DATABASE_URL!)
try {
  await writeFile(SCHEMA_FILE, await typesFromSpec(await liveSpec(database.url)))
  console.log(`wrote ${fileURLToPath(SCHEMA_FILE)}`)
} finally {
  await database.drop()
  await server?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
}
