import type { ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

/** A free TCP port on the loopback interface (free when asked: another process may take it before you listen). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/**
 * Collects a child process's stdout and stderr (spawned with both piped) and resolves once they hold `text`
 * (`EduPlatform is up`), with a function that reads everything collected so far, later output included.
 * Rejects, with the output, when the process exits first.
 */
export function untilOutput(child: ChildProcess, text: string): Promise<() => string> {
  let output = ''
  const read = () => output
  return new Promise((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk
      if (output.includes(text)) resolve(read)
    }
    child.stdout!.on('data', look)
    child.stderr!.on('data', look)
    child.once('exit', (code, signal) => reject(new Error(`exited with ${code ?? signal} before "${text}":\n${output}`)))
  })
}
