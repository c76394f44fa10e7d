// Compiles the engine ahead of time: `node bin/build-engine.ts [--if-stale]` bundles bin/start.ts with
// the project's TypeScript (core, plugins, edu.config.ts) into dist/engine/start.js with esbuild, leaving
// every npm dependency as an import from node_modules. `npm start` runs the result, so the serving
// process neither loads Node's TypeScript stripper (a WebAssembly compiler) nor keeps hundreds of module
// records of sources; `npm test` and the other scripts keep running the sources.
import { existsSync } from 'node:fs'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Metafile, Plugin } from 'esbuild'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const ENGINE_OUT_DIR = join(ROOT, 'dist/engine')

/**
 * Node options the compiled engine runs with (`npm start` passes the same; the benchmarks use this list).
 * V8's young generation may otherwise grow to 2 × 64 MB, which stays resident: at 2 × 8 MB an idle
 * engine holds about 70 MB less, and one holding 10,000 notification streams about 100 MB less, for a
 * young-generation collection every 8 MB allocated instead of every 64 MB (docs/deployment.md).
 */
export const ENGINE_NODE_OPTIONS = ['--max-semi-space-size=8']

/** What a bundled file sees as `import.meta.url`: its source's URL, found from the bundle's own location. */
const keepModuleUrls = (outDir: string): Plugin => ({
  name: 'keep-module-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8')
      if (!source.includes('import.meta.url')) return undefined
      const fromBundle = relative(outDir, args.path).split('\\').join('/')
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'ts' }
    })
  },
})

/** npm packages stay imports (resolved from node_modules at run time); the project's workspaces are compiled in. */
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@eduplatform/') && args.path !== '@eduplatform/widgets/build') return undefined
      return { path: args.path, external: true }
    })
  },
}

/** Bundles `entry` (a path from the repository root) into `outDir`/<name>.js with a source map. */
export async function buildEngine(entry = 'bin/start.ts', outDir = ENGINE_OUT_DIR): Promise<string> {
  // esbuild is a dev dependency: loaded only to build, so `--if-stale` with a fresh bundle runs without it (the image).
  const { build } = await import('esbuild')
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    absWorkingDir: ROOT,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    sourcemap: 'linked',
    // V8 keeps every module's source in memory: without comments and indentation, and ASCII only (a single
    // non-ASCII character stores the whole bundle as two bytes a character), it holds about 0.7 MB less.
    minifyWhitespace: true,
    charset: 'ascii',
    metafile: true,
    logLevel: 'warning',
    plugins: [externalPackages, keepModuleUrls(outDir)],
  })
  const output = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint)![0]
  await writeFile(join(outDir, `${output.split('/').pop()}.meta.json`), JSON.stringify(result.metafile))
  return resolve(ROOT, output)
}

/** True when the bundle of `entry` is missing or older than any file it was built from. */
export async function isStale(entry = 'bin/start.ts', outDir = ENGINE_OUT_DIR): Promise<boolean> {
  const name = entry.split('/').pop()!.replace(/\.ts$/, '.js')
  const bundle = join(outDir, name)
  if (!existsSync(bundle)) return true
  let meta: Metafile
  try {
    meta = JSON.parse(await readFile(`${bundle}.meta.json`, 'utf8')) as Metafile
  } catch {
    return true
  }
  const built = (await stat(bundle)).mtimeMs
  // A new module shows too: the file importing it changed.
  for (const input of Object.keys(meta.inputs)) {
    const changed = await stat(resolve(ROOT, input)).then((s) => s.mtimeMs > built, () => true)
    if (changed) return true
  }
  return false
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale')
  if (!ifStale || (await isStale())) {
    const out = await buildEngine()
    if (!ifStale) console.log(`engine: ${relative(ROOT, out)}`)
  }
}
