import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { payments } from '@eduplatform/plugin-payments'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEngine, waitUntil, type Actor, type TestEngine } from '../../src/testing/index.ts'

const script = fileURLToPath(new URL('./engine-process.ts', import.meta.url))
const children: ChildProcess[] = []
let t: TestEngine

/** Starts an engine process on the test database and resolves with its base URL once it listens. */
async function startEngine(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', script], {
    env: { ...process.env, DATABASE_URL: t.databaseUrl, JWT_SECRET: t.config.auth!.jwtSecret!, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening (\d+)/.exec(out)
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', (code) => reject(new Error(`engine process exited with ${code} before listening`)))
  })
  return { child, base: `http://127.0.0.1:${port}/api/v1` }
}

const sql = async <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
  (await t.app.orm.em.fork().execute(query, params)) as T[]

beforeAll(async () => {
  // This engine only prepares data: it runs no event handlers of its own.
  t = await createTestEngine({ plugins: [courses(), enrollment(), payments()], extras: { dispatch: false } })
}, 60_000)
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await t?.close()
})

async function paidCourse(teacher: Actor) {
  const created = await teacher.inject({ method: 'POST', url: '/api/v1/courses', payload: { title: 'Killed mid-payment', priceCents: 2500, currency: 'USD' } })
  const id = created.json().id as string
  const mod = await teacher.inject({ method: 'POST', url: `/api/v1/courses/${id}/modules`, payload: { title: 'Module' } })
  const lesson = await teacher.inject({ method: 'POST', url: `/api/v1/modules/${mod.json().id}/lessons`, payload: { title: 'Lesson', type: 'text', body: 'Text.' } })
  expect((await teacher.inject({ method: 'PATCH', url: `/api/v1/courses/${id}`, payload: { status: 'published' } })).statusCode).toBe(200)
  return { id, lessonId: lesson.json().id as string }
}

describe('the engine killed (SIGKILL) between a payment commit and its enrollment', () => {
  it('loses nothing and doubles nothing: the restarted engine enrolls once, the same key replays the same payment', async () => {
    const course = await paidCourse(await t.asTeacher())
    const student = await t.asStudent()
    const key = randomUUID()
    const first = await startEngine()

    // Enrollments can be read but not written while this lock is held: the enrollment waits, the payment commits.
    const blocker = new pg.Client({ connectionString: t.databaseUrl })
    await blocker.connect()
    await blocker.query('BEGIN')
    await blocker.query('LOCK TABLE enrollments IN SHARE MODE')
    // The request dies with the engine: its rejection is expected, and handled from the start.
    const paying = expect(fetch(`${first.base}/payments`, {
      method: 'POST', headers: { ...student.headers, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ courseId: course.id }),
    })).rejects.toThrow('fetch failed')
    await waitUntil(async () => {
      const [paid] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM payments WHERE student_id = ? AND status = 'completed'`, [student.user.id])
      const [waiting] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)
      return paid!.n === 1 && waiting!.n > 0
    }, { timeoutMs: 20_000 })
    first.child.kill('SIGKILL')
    await new Promise((resolve) => first.child.once('exit', resolve))
    await paying
    await blocker.query('ROLLBACK')
    await blocker.end()

    const [payment] = await sql<{ id: string; status: string }>(`SELECT id, status FROM payments WHERE student_id = ?`, [student.user.id])
    expect(payment!.status).toBe('completed')
    const outbox = () => sql(`SELECT status FROM edu_outbox WHERE subscriber = 'enrollment.enroll-on-payment' AND payload->>'paymentId' = ?`, [payment!.id])
    expect(await outbox()).toEqual([{ status: 'pending' }])
    expect(await sql(`SELECT id FROM enrollments WHERE student_id = ?`, [student.user.id])).toEqual([])

    const second = await startEngine()
    await waitUntil(async () => (await outbox())[0]!.status === 'delivered', { timeoutMs: 20_000 })
    expect(await sql(`SELECT status, payment_id FROM enrollments WHERE student_id = ?`, [student.user.id])).toEqual([{ status: 'active', payment_id: payment!.id }])
    const replay = await fetch(`${second.base}/payments`, {
      method: 'POST', headers: { ...student.headers, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ courseId: course.id }),
    })
    expect(replay.status).toBe(201)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(await replay.json()).toMatchObject({ id: payment!.id, status: 'completed', amount: 2500, currency: 'USD' })
    expect(await sql(`SELECT count(*)::int AS n FROM payments WHERE student_id = ?`, [student.user.id])).toEqual([{ n: 1 }])
    expect((await fetch(`${second.base}/lessons/${course.lessonId}`, { headers: student.headers })).status).toBe(200)
    expect(await (await fetch(`${second.base}/courses/${course.id}/enrollments/count`)).json()).toEqual({ count: 1 })
    second.child.kill('SIGTERM')
    await new Promise((resolve) => second.child.once('exit', resolve))
  }, 120_000)
})
