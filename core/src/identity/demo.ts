import type { FastifyInstance } from 'fastify'
import type { ResolvedPlugin } from '../plugin/resolve.ts'
import type { DemoContext } from '../plugin/types.ts'
import { randomSecret } from './secrets.ts'

export const DEMO_ACCOUNTS = {
  admin: { email: 'admin@demo.edu', name: 'Ada Admin' },
  teacher: { email: 'teacher@demo.edu', name: 'Grace Teacher' },
  student: { email: 'student@demo.edu', name: 'Sam Student' },
} as const

/**
 * Loads demo data once, on an empty database: three accounts, then each plugin's `demo` hook in
 * dependency order. Prints the credentials once; they are not stored anywhere readable.
 */
export async function loadDemo(app: FastifyInstance, plugins: ResolvedPlugin[], registered: Map<string, unknown>): Promise<void> {
  const em = app.orm.em.fork()
  const [claimed] = await em.execute<Array<{ key: string }>>(
    `INSERT INTO edu_meta (key, value) SELECT 'demo', to_jsonb(now()) WHERE NOT EXISTS (SELECT 1 FROM edu_users) ON CONFLICT DO NOTHING RETURNING key`,
  )
  if (!claimed) return
  const password = randomSecret(9)
  const users = {} as DemoContext['users']
  for (const role of ['admin', 'teacher', 'student'] as const) {
    const account = DEMO_ACCOUNTS[role]
    const user = await app.identity.createUser({ ...account, password, role, isVerified: true, emailVerified: true })
    users[role] = { id: user.id, email: user.email }
  }
  for (const { plugin, name, options } of plugins) {
    if (plugin.manifest.demo) await plugin.manifest.demo({ em: app.orm.em.fork(), app, users, log: app.log }, options as never, registered.get(name))
  }
  const lines = Object.entries(users).map(([role, u]) => `  ${role.padEnd(8)} ${u.email}  password: ${password}`)
  console.log(`\nDemo data loaded. These accounts share one password, shown only now:\n${lines.join('\n')}\n`)
}
