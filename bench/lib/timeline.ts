/**
 * Latency over time: responses bucketed by the second they arrived in, each second's p50/p99 (ms) and
 * throughput (responses/s), drawn as a self-contained SVG so a regression shows at a glance.
 */
export interface Second {
  second: number
  count: number
  p50Ms: number
  p99Ms: number
}

export class Timeline {
  readonly #start = performance.now()
  readonly #buckets: number[][] = []

  /** Records one response that took `ms`, arriving now. */
  add(ms: number) {
    const second = Math.floor((performance.now() - this.#start) / 1000)
    ;(this.#buckets[second] ??= []).push(ms)
  }

  seconds(): Second[] {
    return Array.from(this.#buckets, (times = [], second) => {
      const sorted = [...times].sort((a, b) => a - b)
      const at = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10 : 0)
      return { second, count: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99) }
    })
  }
}

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)

/** A round number ≥ `value` for an axis: 1, 2 or 5 times a power of ten. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= value)!
}

/**
 * An SVG chart: p50 and p99 latency (left axis, ms) and throughput (right axis, req/s) per second.
 * The last second is partial (the run ends inside it) and left out.
 */
export function timelineSvg(title: string, seconds: Second[]): string {
  const data = seconds.slice(0, -1)
  const width = 900
  const height = 380
  const m = { left: 60, right: 70, top: 52, bottom: 50 }
  const w = width - m.left - m.right
  const h = height - m.top - m.bottom
  const maxMs = niceCeiling(Math.max(1, ...data.map((d) => d.p99Ms)))
  const maxRps = niceCeiling(Math.max(1, ...data.map((d) => d.count)))
  const n = Math.max(1, data.length)
  const x = (i: number) => m.left + ((i + 0.5) / n) * w
  const yMs = (v: number) => m.top + h - (v / maxMs) * h
  const yRps = (v: number) => m.top + h - (v / maxRps) * h
  const line = (pick: (d: Second) => number, y: (v: number) => number) => data.map((d, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(pick(d)).toFixed(1)}`).join(' ')
  const ticks = [0, 0.25, 0.5, 0.75, 1]
  const xTicks = data.map((d, i) => ({ d, i })).filter(({ i }) => i % Math.max(1, Math.ceil(n / 10)) === 0)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
<title>${escape(title)}</title>
<rect width="${width}" height="${height}" fill="#fff"/>
<text x="${m.left}" y="22" font-size="14" font-weight="bold">${escape(title)}</text>
${ticks.map((t) => `<line x1="${m.left}" x2="${m.left + w}" y1="${yMs(t * maxMs)}" y2="${yMs(t * maxMs)}" stroke="#ddd"/>
<text x="${m.left - 6}" y="${yMs(t * maxMs) + 4}" text-anchor="end">${+(t * maxMs).toFixed(1)}</text>
<text x="${m.left + w + 6}" y="${yRps(t * maxRps) + 4}" fill="#777">${Math.round(t * maxRps)}</text>`).join('\n')}
${xTicks.map(({ d, i }) => `<text x="${x(i)}" y="${m.top + h + 16}" text-anchor="middle">${d.second}</text>`).join('\n')}
<text x="${m.left + w / 2}" y="${height - 10}" text-anchor="middle">seconds into the run</text>
<text transform="translate(16 ${m.top + h / 2}) rotate(-90)" text-anchor="middle">latency, ms</text>
<text transform="translate(${width - 12} ${m.top + h / 2}) rotate(90)" text-anchor="middle" fill="#777">throughput, req/s</text>
<path d="${line((d) => d.count, yRps)}" fill="none" stroke="#999" stroke-width="1.5" stroke-dasharray="4 3"/>
<path d="${line((d) => d.p50Ms, yMs)}" fill="none" stroke="#1f77b4" stroke-width="2"/>
<path d="${line((d) => d.p99Ms, yMs)}" fill="none" stroke="#d62728" stroke-width="2"/>
<g transform="translate(${m.left} ${m.top - 16})">
<line x1="0" x2="18" y1="0" y2="0" stroke="#1f77b4" stroke-width="2"/><text x="22" y="4">p50</text>
<line x1="60" x2="78" y1="0" y2="0" stroke="#d62728" stroke-width="2"/><text x="82" y="4">p99</text>
<line x1="120" x2="138" y1="0" y2="0" stroke="#999" stroke-width="1.5" stroke-dasharray="4 3"/><text x="142" y="4">req/s</text>
</g>
</svg>
`
}
