import { writeFile } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import type { ResolvedPlugin } from '../plugin/resolve.ts'
import type { DemoContext } from '../plugin/types.ts'
import { randomSecret } from './secrets.ts'

export const DEMO_ACCOUNTS = {
  admin: { email: 'admin@demo.edu', name: 'Ada Admin' },
  teacher: { email: 'teacher@demo.edu', name: 'Grace Teacher' },
  student: { email: 'student@demo.edu', name: 'Sam Student' },
} as const

/** The file in EDU_DATA_DIR that keeps the embedded default's demo credentials. */
export const DEMO_CREDENTIALS_FILE = 'demo-accounts.txt'

export interface DemoOptions {
  /** The admin made at start from EDU_ADMIN_EMAIL: a database holding only that account is still empty. */
  bootstrapAdmin?: string
  /** Where to keep the demo credentials (a file readable only by its owner); the embedded default's data folder. */
  credentialsFile?: string
}

/**
 * Loads demo data once, on an empty database (no account but the bootstrap admin, and no demo loaded
 * before): three accounts, then each plugin's `demo` hook in dependency order. Prints the credentials once,
 * and for the embedded default keeps them in `credentialsFile` (mode 0600) so they can be read again.
 */
export async function loadDemo(app: FastifyInstance, plugins: ResolvedPlugin[], registered: Map<string, unknown>, options: DemoOptions = {}): Promise<void> {
  const em = app.orm.em.fork()
  const [claimed] = await em.execute<Array<{ key: string }>>(
    `INSERT INTO edu_meta (key, value) SELECT 'demo', to_jsonb(now())
     WHERE NOT EXISTS (SELECT 1 FROM edu_users WHERE lower(email) <> lower(?)) ON CONFLICT DO NOTHING RETURNING key`,
    [options.bootstrapAdmin ?? ''],
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
  if (options.credentialsFile) {
    await writeFile(options.credentialsFile, `Demo accounts (one shared password)\n${lines.join('\n')}\n`, { mode: 0o600 })
    console.log(`\nDemo data loaded. These accounts share one password (kept in ${options.credentialsFile}):\n${lines.join('\n')}\n`)
  } else {
    console.log(`\nDemo data loaded. These accounts share one password, shown only now:\n${lines.join('\n')}\n`)
  }
}
