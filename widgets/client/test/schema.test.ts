import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, type TestEngine } from '@eduplatform/core/testing'
import { builtInPlugins, SCHEMA_FILE } from '../scripts/spec.ts'
import { typesFromSpec } from '../tools/openapi-types.ts'
import { createEduClient } from '../src/index.ts'

let t: TestEngine
beforeAll(async () => {
  t = await createTestEngine({ plugins: builtInPlugins() })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
})
afterAll(async () => t?.close())

describe('@eduplatform/client', () => {
  it('matches the OpenAPI document of a live engine with every built-in plugin', async () => {
    const live = await typesFromSpec(t.app.swagger())
    const checkedIn = await readFile(SCHEMA_FILE, 'utf8')
    // On failure: the routes changed; run `npm run generate -w @eduplatform/client` and commit src/schema.d.ts.
    expect(checkedIn === live, 'widgets/client/src/schema.d.ts is stale: run `npm run generate -w @eduplatform/client`').toBe(true)
  })

  it('calls the engine with the bearer token it was given, and reads problems on failure', async () => {
    const student = await t.asStudent({ name: 'Client Student' })
    const { port } = t.app.server.address() as { port: number }
    const api = createEduClient({ baseUrl: `http://127.0.0.1:${port}/`, token: () => student.accessToken })
    const me = await api.GET('/api/v1/auth/me')
    expect(me.response.status).toBe(200)
    expect(me.data).toMatchObject({ id: student.user.id, name: 'Client Student', role: 'student' })
    const anonymous = createEduClient({ baseUrl: `http://127.0.0.1:${port}` })
    const refused = await anonymous.GET('/api/v1/auth/me')
    expect(refused.response.status).toBe(401)
    expect(refused.error).toMatchObject({ status: 401, title: 'Unauthorized' })
  })
})
