// Checks the engine image without a Docker engine: `node deploy/check-image.ts` copies what the build context
// holds (the repository less .dockerignore) into a temporary folder, runs the Dockerfile's RUN steps there
// in order, and checks the result is what the image's CMD needs: the compiled engine and the widgets bundle,
// every package the engine imports (at start or on first use) resolvable, the dev dependencies gone. With
// DATABASE_URL it then runs the CMD on a throwaway database and asks /health/ready.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createTestDatabase } from '../core/src/testing/database.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** Dev dependencies the image must not carry (the build tools and test runners). */
const DEV_ONLY = ['esbuild', 'vitest', 'typescript', 'autocannon', '@redocly/cli', 'smtp-server']

class CheckFailed extends Error {}
function fail(message: string): never {
  throw new CheckFailed(message)
}

/** Instructions of each stage of a Dockerfile (continuation lines joined). */
function parseDockerfile(text: string) {
  const stages: Array<{ from: string; steps: Array<{ op: string; arg: string }> }> = []
  for (const line of text.replace(/\\\n/g, ' ').split('\n')) {
    const m = /^\s*([A-Z]+)\s+(.*)$/.exec(line)
    if (!m || line.trimStart().startsWith('#')) continue
    const [, op, arg] = m as unknown as [string, string, string]
    if (op === 'FROM') stages.push({ from: arg, steps: [] })
    else stages.at(-1)?.steps.push({ op, arg })
  }
  return stages
}

/** Whether a path (from the context's root) is left out by a .dockerignore pattern (the forms used there). */
function ignored(path: string, patterns: string[]): boolean {
  return patterns.some((p) => {
    if (p.startsWith('**/')) {
      const tail = p.slice(3)
      const parts = path.split('/')
      return tail.startsWith('*.') ? path.endsWith(tail.slice(1)) : parts.includes(tail)
    }
    return path === p || path.startsWith(`${p}/`)
  })
}

const dockerfile = parseDockerfile(await readFile(join(ROOT, 'deploy/Dockerfile'), 'utf8'))
const build = dockerfile.find((s) => / AS build$/i.test(s.from)) ?? fail('no stage named "build"')
const image = dockerfile.at(-1)!
if (!image.steps.some((s) => s.op === 'COPY' && s.arg.startsWith('--from=build /app'))) fail('the image does not copy /app from the build stage')
const cmdStep = image.steps.findLast((s) => s.op === 'CMD') ?? fail('no CMD')
const cmd = JSON.parse(cmdStep.arg) as string[]
const env: Record<string, string> = {}
for (const step of image.steps.filter((s) => s.op === 'ENV')) for (const [, k, v] of step.arg.matchAll(/(\w+)=(\S+)/g)) env[k!] = v!

const ignore = (await readFile(join(ROOT, '.dockerignore'), 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
if (listed.status !== 0) fail('git ls-files failed')
const files = listed.stdout.split('\0').filter((f) => f && existsSync(join(ROOT, f)) && !ignored(f, ignore))

const dir = await mkdtemp(join(tmpdir(), 'edu-image-'))
const app = join(dir, 'app')
try {
  for (const file of files) {
    await mkdir(dirname(join(app, file)), { recursive: true })
    await cp(join(ROOT, file), join(app, file))
  }
  // The build stage's RUN steps, as Docker runs them (sh -c, in /app), without NODE_ENV (the stage sets none).
  const stepEnv = { ...process.env }
  delete stepEnv.NODE_ENV
  for (const step of build.steps.filter((s) => s.op === 'RUN')) {
    console.log(`deploy: RUN ${step.arg}`)
    const run = spawnSync('sh', ['-c', step.arg], { cwd: app, env: stepEnv, stdio: ['ignore', 'ignore', 'inherit'] })
    if (run.status !== 0) fail(`"RUN ${step.arg}" exited with ${run.status}`)
  }

  const entry = cmd.find((a) => a.endsWith('.js')) ?? fail(`CMD ${cmdStep.arg} runs no script`)
  for (const needed of [entry, 'widgets/dist/manifest.json']) if (!existsSync(join(app, needed))) fail(`${needed} is missing after the build stage`)
  const left = DEV_ONLY.filter((name) => existsSync(join(app, 'node_modules', name, 'package.json')))
  if (left.length) fail(`dev dependencies left in the image: ${left.join(', ')}`)

  // Every package the compiled engine names: its imports, and what it loads on first use (import(), require()).
  const bundle = await readFile(join(app, entry), 'utf8')
  const specifiers = new Set<string>()
  for (const m of bundle.matchAll(/(?:(?<![\w$.])from\s*|(?<![\w$.])import\s*\(\s*|(?<![\w$.])require\s*\(\s*|(?<![\w$.])import\s*)["'](@?[a-z0-9][\w.-]*(?:\/[\w.@-]+)*)["']/gm)) {
    if (!m[1]!.startsWith('node:')) specifiers.add(m[1]!)
  }
  const probe = join(dirname(join(app, entry)), `resolve-check-${randomBytes(4).toString('hex')}.mjs`)
  await writeFile(probe, `const missing = []
for (const name of ${JSON.stringify([...specifiers])}) { try { import.meta.resolve(name) } catch { missing.push(name) } }
console.log(JSON.stringify(missing))`)
  const resolved = spawnSync(process.execPath, [probe], { cwd: app, encoding: 'utf8' })
  await rm(probe)
  const missing = JSON.parse(resolved.stdout || '["(the resolver did not run)"]') as string[]
  if (missing.length) fail(`the compiled engine imports packages the image lacks: ${missing.join(', ')} (make them production dependencies)`)
  console.log(`deploy: ${specifiers.size} packages the engine imports resolve without dev dependencies`)

  if (process.env.DATABASE_URL) {
    // The image's CMD on a throwaway database. NODE_ENV=production is left out: the repository's own
    // edu.config.ts uses the mock payment provider, which production refuses (docs/deployment.md).
    const database = await createTestDatabase(process.env.DATABASE_URL)
    const port = String(20_000 + Math.floor(Math.random() * 20_000))
    const runEnv: Record<string, string | undefined> = { ...process.env, ...env, NODE_ENV: undefined, HOST: '127.0.0.1', PORT: port, DATABASE_URL: database.url, JWT_SECRET: randomBytes(32).toString('hex'), EDU_DEMO: '0', LOG_LEVEL: 'warn' }
    const [program, ...args] = cmd
    const engine = spawn(program === 'node' ? process.execPath : program!, args, { cwd: app, env: runEnv as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      const up = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 60_000)
        engine.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('is up') && (clearTimeout(timer), resolve(true)))
        engine.once('exit', () => (clearTimeout(timer), resolve(false)))
      })
      if (!up) fail('the image\'s CMD did not start the engine')
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`)
      if (ready.status !== 200) fail(`/health/ready answered ${ready.status}`)
      console.log(`deploy: the image's CMD started the engine; /health/ready ${ready.status}`)
    } finally {
      if (engine.exitCode === null && engine.signalCode === null) {
        const exited = new Promise((resolve) => engine.once('exit', resolve))
        engine.kill('SIGTERM')
        await exited
      }
      await database.drop()
    }
  }
  console.log('deploy: the image builds its engine with dev dependencies and runs it without them')
} catch (err) {
  if (!(err instanceof CheckFailed)) throw err
  console.error(`deploy: image check failed: ${err.message}`)
  process.exitCode = 1
} finally {
  await rm(dir, { recursive: true, force: true })
}
