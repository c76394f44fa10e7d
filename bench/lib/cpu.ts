import { readdir, readFile } from 'node:fs/promises'

/**
 * CPU time of processes, read from Linux's /proc (proc(5)): `utime` + `stime` of /proc/<pid>/stat, in
 * clock ticks (USER_HZ, 100 per second on Linux). A process that is gone reads as 0.
 */
const TICKS_PER_SECOND = 100

export async function cpuSeconds(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces: the fields after its closing parenthesis start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
  } catch {
    return 0
  }
}

/** The process and all its descendants (cluster workers of an engine), by parent pid in /proc/<pid>/stat. */
export async function processTree(root: number): Promise<number[]> {
  const parents = new Map<number, number>()
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8')
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      // exited while listing
    }
  }
  const tree = [root]
  for (let i = 0; i < tree.length; i++) for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid)
  return tree
}

/** Busy and total CPU seconds of the whole machine, from the `cpu` line of /proc/stat (idle and iowait are not busy). */
export async function machineSeconds(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number)
  const total = ticks.reduce((a, b) => a + b, 0)
  const idle = ticks[3]! + ticks[4]!
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND }
}

/** Sum of the CPU seconds of `pids`. */
export async function sumCpu(pids: Iterable<number>): Promise<number> {
  let sum = 0
  for (const pid of pids) sum += await cpuSeconds(pid)
  return sum
}

export interface CpuSplit {
  wallSeconds: number
  /** CPU seconds per part during the run; `other` is the rest of the machine (other tenants, PostgreSQL's own background processes). */
  engine: number
  postgres: number
  loadGenerator: number
  other: number
  machineCores: number
}

/**
 * Measures the CPU used during `work` by the engine processes (with their workers), the PostgreSQL
 * backends serving them (pids from `backendPids`, read before and after: the pool keeps its connections),
 * this process (the load generator runs in it), and the rest of the machine.
 */
export async function measureCpu<T>(enginePids: number[], backendPids: () => Promise<number[]>, work: () => Promise<T>): Promise<{ result: T; cpu: CpuSplit }> {
  const engines = (await Promise.all(enginePids.map(processTree))).flat()
  const backendsBefore = await backendPids()
  const start = { engine: await sumCpu(engines), postgres: new Map(await Promise.all(backendsBefore.map(async (p) => [p, await cpuSeconds(p)] as const))), self: process.cpuUsage(), machine: await machineSeconds(), wall: performance.now() }
  const result = await work()
  const wallSeconds = (performance.now() - start.wall) / 1000
  const self = process.cpuUsage(start.self)
  const machine = await machineSeconds()
  const engine = (await sumCpu(engines)) - start.engine
  let postgres = 0
  // A backend opened during the run started from zero.
  for (const pid of new Set([...backendsBefore, ...(await backendPids())])) postgres += (await cpuSeconds(pid)) - (start.postgres.get(pid) ?? 0)
  const loadGenerator = (self.user + self.system) / 1e6
  const busy = machine.busy - start.machine.busy
  const cores = (machine.total - start.machine.total) / wallSeconds
  return { result, cpu: { wallSeconds, engine, postgres, loadGenerator, other: Math.max(0, busy - engine - postgres - loadGenerator), machineCores: Math.round(cores) } }
}

/** Markdown: CPU seconds per part, as cores in use on average and as a share of the machine. */
export function cpuTable(cpu: CpuSplit): string {
  const row = (name: string, seconds: number) =>
    `| ${name} | ${seconds.toFixed(1)} | ${(seconds / cpu.wallSeconds).toFixed(2)} | ${Math.round((seconds / (cpu.wallSeconds * cpu.machineCores)) * 100)}% |`
  return [
    `| part (${cpu.wallSeconds.toFixed(1)} s run, ${cpu.machineCores} cores) | CPU s | cores in use | share of the machine |`,
    '|---|---|---|---|',
    row('engine process(es)', cpu.engine),
    row('PostgreSQL backends of the engine(s)', cpu.postgres),
    row('load generator (autocannon, this process)', cpu.loadGenerator),
    row('rest of the machine (other tenants, PostgreSQL background)', cpu.other),
  ].join('\n')
}
