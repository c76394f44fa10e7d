import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * `node bench/lib/profile-top.ts <file.cpuprofile> [rows] [lastSeconds]`: the functions of a V8 CPU profile
 * (`node --cpu-prof`) with the most self time, and with the most total time (self + callees, each function counted
 * once per stack). `lastSeconds` counts only the samples of the profile's last seconds (the load, not the start-up).
 *
 * V8 samples the thread's stack on a wall clock: on a busy machine a thread preempted in a system call (a socket
 * write) is sampled there, so system calls weigh more in the profile than in CPU time.
 */
interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount: number
  children?: number[]
}

const [file, rowsArg, lastArg] = process.argv.slice(2)
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [rows] [lastSeconds]')
const rows = Number(rowsArg ?? 30)
const profile = JSON.parse(await readFile(file, 'utf8')) as { nodes: ProfileNode[]; endTime: number; samples?: number[]; timeDeltas?: number[] }
if (lastArg !== undefined && profile.samples && profile.timeDeltas) {
  // Recount each node's hits from the samples taken in the last `lastArg` seconds (timestamps in µs).
  const from = profile.endTime - Number(lastArg) * 1e6
  const hits = new Map<number, number>()
  let at = profile.endTime - profile.timeDeltas.reduce((a, b) => a + b, 0)
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas![i]!
    if (at >= from) hits.set(id, (hits.get(id) ?? 0) + 1)
  })
  for (const n of profile.nodes) n.hitCount = hits.get(n.id) ?? 0
}
const root = fileURLToPath(new URL('../..', import.meta.url))

const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)

const name = (n: ProfileNode) => {
  const url = n.callFrame.url.startsWith('file://') ? relative(root, fileURLToPath(n.callFrame.url)) : n.callFrame.url
  return `${n.callFrame.functionName || '(anonymous)'} ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`.trim()
}

const self = new Map<string, number>()
const total = new Map<string, number>()
let all = 0
let idle = 0
for (const n of profile.nodes) {
  if (!n.hitCount) continue
  all += n.hitCount
  if (n.callFrame.functionName === '(idle)') idle += n.hitCount
  self.set(name(n), (self.get(name(n)) ?? 0) + n.hitCount)
  const seen = new Set<string>()
  for (let at: number | undefined = n.id; at !== undefined; at = parent.get(at)) {
    const k = name(byId.get(at)!)
    if (seen.has(k)) continue
    seen.add(k)
    total.set(k, (total.get(k) ?? 0) + n.hitCount)
  }
}

const busy = all - idle
const top = (m: Map<string, number>, title: string) => {
  console.log(`\n${title} (% of busy samples, ${busy} busy of ${all})`)
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${((v / busy) * 100).toFixed(1).padStart(6)}%  ${k}`)
}
top(self, 'self time')
top(total, 'total time')
