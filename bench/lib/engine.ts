import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { buildEngine, ENGINE_NODE_OPTIONS } from '../../bin/build-engine.ts'
import { benchPort, waitForLine } from './bare.ts'

export interface RunningEngine {
  url: string
  pid: number
  child: ChildProcess
  readyMs: number
  stop(): Promise<void>
}

const compiled = new Map<string, Promise<string[]>>()

/**
 * A script that starts the engine, compiled as `npm start`'s is (bin/build-engine.ts), and the Node
 * arguments that run it as `npm start` does.
 */
export function compiledEngine(script: string): Promise<string[]> {
  // Once per script and run: engines started side by side must not rewrite the file another is loading.
  let built = compiled.get(script)
  if (!built) {
    built = buildEngine(script, fileURLToPath(new URL('../../dist/bench', import.meta.url))).then((out) => [...ENGINE_NODE_OPTIONS, out])
    compiled.set(script, built)
  }
  return built
}

/**
 * Runs a script that starts the engine (compiled, as `npm start` runs it) in its own process and waits for its "up" line.
 * With `BENCH_CPU_PROF=<folder>` the engine writes a V8 CPU profile there when it stops (`node --cpu-prof`);
 * `node bench/lib/profile-top.ts <file>` lists its costliest functions. With `BENCH_PERF_MAP=1` it runs with
 * `--perf-basic-prof`, for `perf record -p <pid>` (CPU time only, JIT frames named).
 */
export async function spawnEngine(script: string, requestedEnv: Record<string, string>, readyText = 'EduPlatform is up'): Promise<RunningEngine> {
  const env = requestedEnv.PORT === undefined ? requestedEnv : { ...requestedEnv, PORT: String(benchPort(requestedEnv.PORT)) }
  const compiledArgs = await compiledEngine(script)
  const started = performance.now()
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : process.env.BENCH_PERF_MAP ? ['--perf-basic-prof'] : []
  const child = spawn(process.execPath, [...profile, ...compiledArgs], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await waitForLine(child, readyText, 120_000)
  const readyMs = Math.round(performance.now() - started)
  return {
    url: `http://127.0.0.1:${env.PORT}`,
    pid: child.pid!,
    child,
    readyMs,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** Resident memory of one process, in MB. */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return Math.round(kb / 1024)
}
