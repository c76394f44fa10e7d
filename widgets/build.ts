// Builds the widgets bundle the engine serves: `node build.ts [outDir]` (default dist/).
// esbuild: one minified ES module with its source map, named by a hash of its content, plus the
// playground, custom-elements.json and manifest.json (what core's widgets route reads).
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { DEFAULT_OUT_DIR } from './paths.ts'

const root = fileURLToPath(new URL('.', import.meta.url))
export { DEFAULT_OUT_DIR }

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' }

export interface WidgetsBuild {
  dir: string
  /** `edu-widgets.<hash>.js` */
  bundle: string
  /** Minified bytes, and gzip (level 9) bytes. */
  bytes: number
  gzipBytes: number
}

/** Builds the bundle and the playground into `outDir` (emptied first). */
export async function buildWidgets(outDir: string = DEFAULT_OUT_DIR): Promise<WidgetsBuild> {
  const result = await build({
    entryPoints: [join(root, 'src/index.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: 'external',
    legalComments: 'none',
    // Strings as UTF-8, not \u escapes: the Russian catalogue is a third the size (served as text/javascript; charset=utf-8).
    charset: 'utf8',
    outfile: 'edu-widgets.js',
    write: false,
    logLevel: 'silent',
  })
  const code = result.outputFiles.find((f) => f.path.endsWith('.js'))!.contents
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'))!.contents
  const hash = createHash('sha256').update(code).digest('base64url').slice(0, 12)
  const bundle = `edu-widgets.${hash}.js`
  // With `write: false` esbuild leaves the source-map comment out: the last line names the hashed map,
  // which the unhashed copy (edu-widgets.js, the same bytes in the same folder) finds as well.
  const text = `${Buffer.from(code).toString('utf8').replace(/\/\/# sourceMappingURL=.*\n?$/, '').replace(/\n?$/, '\n')}//# sourceMappingURL=${bundle}.map\n`
  const bytes = Buffer.from(text)

  const dir = resolve(outDir)
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, bundle), bytes)
  await writeFile(join(dir, `${bundle}.map`), map)
  const files: Record<string, string> = {}
  for (const name of await readdir(join(root, 'playground'))) {
    const type = TYPES[name.slice(name.lastIndexOf('.'))]
    if (!type) continue
    await writeFile(join(dir, name), await readFile(join(root, 'playground', name)))
    files[name] = type
  }
  // The custom-elements manifest (checked in, kept current by widgets/test/manifest.test.ts), for editors and
  // tools of schools that do not have this repository.
  await writeFile(join(dir, 'custom-elements.json'), await readFile(join(root, 'custom-elements.json')))
  files['custom-elements.json'] = 'application/json; charset=utf-8'
  const integrity = `sha384-${createHash('sha384').update(bytes).digest('base64')}`
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify({ bundle, map: `${bundle}.map`, integrity, files }, null, 2)}\n`)
  return { dir, bundle, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildWidgets(process.argv[2] ?? DEFAULT_OUT_DIR)
  console.log(`widgets: ${built.bundle} ${(built.bytes / 1024).toFixed(1)} KB, ${(built.gzipBytes / 1024).toFixed(1)} KB gzip → ${built.dir}`)
}
