import { mkdir, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { measureIdentityLoad, measureStartup } from './identity.ts'
import { table, type LoadResult } from './lib/load.ts'

/**
 * `npm run bench [-- scenario ...]`: runs the named scenarios (default: all) and writes
 * bench/results/<date>-<scenario>.md. Each load table has a bare Fastify route from the same run.
 */
const scenarios: Record<string, () => Promise<string>> = {
  async identity() {
    const results: LoadResult[] = await measureIdentityLoad(Number(process.env.BENCH_SECONDS ?? 10))
    const bare = (results[0]!.requestsPerSecond + results[2]!.requestsPerSecond) / 2
    const me = results[1]!.requestsPerSecond
    return `${table(results)}\n\n/auth/me throughput is ${Math.round((me / bare) * 100)}% of the bare route (mean of the two bare runs).`
  },
  async startup() {
    const s = await measureStartup()
    return `| figure | value |\n|---|---|\n| npm start, first run (initdb, migrate, demo) | ${s.firstRunMs} ms |\n| npm start, later run | ${s.laterRunMs} ms |\n| engine RSS at idle (PostgreSQL apart) | ${s.idleRssMb} MB |`
  },
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const names = wanted.length ? wanted : Object.keys(scenarios)
await mkdir(new URL('./results/', import.meta.url), { recursive: true })
for (const name of names) {
  const run = scenarios[name]
  if (!run) throw new Error(`Unknown scenario "${name}"; known: ${Object.keys(scenarios).join(', ')}`)
  console.log(`\n## ${name}\n`)
  const report = await run()
  const header = `# ${name} — ${new Date().toISOString()}\n\nMachine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}. Load generator (autocannon) on the same machine.\n\n`
  console.log(report)
  await writeFile(new URL(`./results/${new Date().toISOString().slice(0, 10)}-${name}.md`, import.meta.url), header + report + '\n')
}
