import type pg from 'pg'
import { hashPassword } from '../../core/src/identity/passwords.ts'
import { createRng } from './catalog-data.ts'

export const SEED_PASSWORD = 'seed-password-123'

export interface SeededUsers {
  students: string[]
  teachers: string[]
  admin: string
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Edsger', 'Barbara', 'Ken', 'Radia', 'Donald', 'Frances', 'Tim', 'Hedy', 'John', 'Katherine', 'Dennis', 'Sophie', 'Guido', 'Yukihiro', 'Anita']
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Dijkstra', 'Liskov', 'Thompson', 'Perlman', 'Knuth', 'Allen', 'Berners-Lee', 'Lamarr', 'McCarthy', 'Johnson', 'Ritchie', 'Wilson', 'van Rossum', 'Matsumoto', 'Borg']

/** Deterministic UUID-shaped id from a namespace and a number, so reruns with one seed give one dataset. */
export function seededId(namespace: number, n: number): string {
  const hex = (namespace.toString(16).padStart(8, '0') + n.toString(16).padStart(24, '0')).slice(-32)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`
}

/**
 * Students, verified teachers (one in ten) and one admin, inserted with `unnest` in batches.
 * Every seeded account shares SEED_PASSWORD, hashed once.
 */
export async function seedUsers(client: pg.Client, options: { users: number; seed: number; onProgress?(done: number, total: number): void }): Promise<SeededUsers> {
  const rng = createRng(options.seed)
  const hash = await hashPassword(SEED_PASSWORD)
  const students: string[] = []
  const teachers: string[] = []
  const batch = 10_000
  for (let start = 0; start < options.users; start += batch) {
    const ids: string[] = [], emails: string[] = [], names: string[] = [], roles: string[] = []
    for (let i = start; i < Math.min(options.users, start + batch); i++) {
      const teacher = i % 10 === 0
      const id = seededId(0x5eed0001, i)
      ids.push(id)
      emails.push(`${teacher ? 'teacher' : 'student'}${i}@seed.edu`)
      names.push(`${FIRST[Math.floor(rng() * FIRST.length)]} ${LAST[Math.floor(rng() * LAST.length)]}`)
      roles.push(teacher ? 'teacher' : 'student')
      ;(teacher ? teachers : students).push(id)
    }
    await client.query(
      `INSERT INTO edu_users (id, email, name, password_hash, role, is_verified, email_verified)
       SELECT id, email, name, $4, role, true, true FROM unnest($1::uuid[], $2::text[], $3::text[], $5::text[]) AS u(id, email, name, role)
       ON CONFLICT DO NOTHING`,
      [ids, emails, names, hash, roles],
    )
    options.onProgress?.(Math.min(options.users, start + batch), options.users)
  }
  const admin = seededId(0x5eed0002, 0)
  await client.query(
    `INSERT INTO edu_users (id, email, name, password_hash, role, is_verified, email_verified) VALUES ($1, 'admin@seed.edu', 'Seed Admin', $2, 'admin', true, true) ON CONFLICT DO NOTHING`,
    [admin, hash],
  )
  return { students, teachers, admin }
}
