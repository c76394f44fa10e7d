/**
 * Deterministic lesson prose for the AI benchmarks: varied sentences about one subject (a seeded choice of
 * subjects, verbs and objects), in paragraphs under section headings, like a long real lesson.
 */
const SUBJECTS = ['The compiler', 'A careful reader', 'The scheduler', 'Each worker', 'The cache', 'A good test', 'The network', 'Every module',
  'The database', 'A student', 'The teacher', 'The index', 'A small service', 'The parser', 'The runtime', 'Each request']
const VERBS = ['checks', 'stores', 'rewrites', 'measures', 'explains', 'splits', 'merges', 'reads', 'validates', 'sends', 'counts', 'orders']
const OBJECTS = ['the input before it runs', 'every value it receives', 'the results in a table', 'each record once', 'the slowest path first',
  'the data it cannot trust', 'a copy of the state', 'the order of the events', 'the cost of each step', 'the errors it meets',
  'the question in plain words', 'the parts that change together']
const TAILS = ['', ' so that nothing is lost', ' because the order matters', ' when the load grows', ' before anything is saved', ' in a single pass']

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32)
}

/** About `words` words of markdown; the same seed gives the same text. */
export function lessonText(words: number, seed = 1, topic = 'systems'): string {
  const next = rng(seed)
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!
  const parts: string[] = []
  let count = 0
  let section = 0
  while (count < words) {
    section += 1
    parts.push(`## Part ${section}: ${topic} ${pick(VERBS)}`)
    for (let p = 0; p < 3 && count < words; p++) {
      const sentences: string[] = []
      for (let s = 0; s < 5; s++) {
        const sentence = `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}${pick(TAILS)} in ${topic} ${section}.`
        sentences.push(sentence)
        count += sentence.split(' ').length
      }
      parts.push(sentences.join(' '))
    }
  }
  return `${parts.join('\n\n')}\n`
}
