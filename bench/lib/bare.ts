import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** `BENCH_PORT_OFFSET` shifts the ports of bare routes and spawned engines, so runs on one machine do not collide (the notifications scenario keeps its own). */
export const benchPort = (port: number | string) => Number(port) + Number(process.env.BENCH_PORT_OFFSET ?? 0)

/** A bare Fastify JSON route in its own process: the ceiling any engine route is compared with. */
export async function startBareFastify(requestedPort: number): Promise<{ url: string; pid: number; stop(): void }> {
  const port = benchPort(requestedPort)
  const child = spawn(process.execPath, [fileURLToPath(new URL('./bare-server.ts', import.meta.url))], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await waitForLine(child, 'listening')
  return { url: `http://127.0.0.1:${port}/hello`, pid: child.pid!, stop: () => child.kill('SIGTERM') }
}

export function waitForLine(child: ChildProcess, text: string, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${text}" within ${timeoutMs} ms`)), timeoutMs)
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(text)) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => reject(new Error(`process exited with ${code}`)))
  })
}
