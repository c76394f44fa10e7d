import { GROUNDING_QUESTIONS } from './grounding-questions.ts'

/** How the evaluation talks to an engine: as an admin (who may ask on every course), over HTTP or `inject`. */
export interface EvaluationClient {
  get(path: string): Promise<{ status: number; json: unknown }>
  post(path: string, body: unknown): Promise<{ status: number; json: unknown }>
}

interface Answer {
  answer: string
  covered: boolean
  citations: Array<{ lessonId: string; passage: string }>
}

export interface GroundingReport {
  questions: number
  answerable: number
  /** Questions whose `covered` matched the truth. */
  coveredCorrect: number
  /** Answerable questions answered `covered: true` with a citation holding the expected phrase. */
  answeredFromTheRightPassage: number
  /** Unanswerable questions answered `covered: false`. */
  declined: number
  citations: number
  /** Citations that are a verbatim slice of the cited lesson's body. */
  realCitations: number
  misses: string[]
}

/** Runs the 40 questions of `GROUNDING_QUESTIONS` against the demo catalogue and checks every citation. */
export async function evaluateGrounding(client: EvaluationClient): Promise<GroundingReport> {
  const catalogue = (await client.get('/api/v1/courses?limit=100')).json as { items: Array<{ id: string; title: string }> }
  const courseIds = new Map(catalogue.items.map((c) => [c.title, c.id]))
  const bodies = new Map<string, string>()
  const bodyOf = async (lessonId: string) => {
    if (!bodies.has(lessonId)) bodies.set(lessonId, ((await client.get(`/api/v1/lessons/${lessonId}`)).json as { body: string }).body)
    return bodies.get(lessonId)!
  }
  const report: GroundingReport = {
    questions: 0, answerable: 0, coveredCorrect: 0, answeredFromTheRightPassage: 0, declined: 0, citations: 0, realCitations: 0, misses: [],
  }
  for (const q of GROUNDING_QUESTIONS) {
    const courseId = courseIds.get(q.course)
    if (!courseId) throw new Error(`The demo catalogue has no course "${q.course}"`)
    const curriculum = (await client.get(`/api/v1/courses/${courseId}/curriculum`)).json as { modules: Array<{ lessons: Array<{ id: string }> }> }
    const firstLesson = curriculum.modules[0]!.lessons[0]!.id
    const res = await client.post(`/api/v1/ai/lessons/${firstLesson}/ask`, { question: q.question })
    if (res.status !== 200) throw new Error(`ask "${q.question}": ${res.status} ${JSON.stringify(res.json)}`)
    const answer = res.json as Answer
    report.questions += 1
    const answerable = q.cite !== undefined
    if (answerable) report.answerable += 1
    if (answer.covered === answerable) report.coveredCorrect += 1
    else report.misses.push(`${answerable ? 'not covered' : 'covered'}: ${q.question}`)
    if (!answerable && !answer.covered) report.declined += 1
    if (answerable && answer.covered) {
      if (answer.citations.some((c) => c.passage.includes(q.cite!))) report.answeredFromTheRightPassage += 1
      else report.misses.push(`cited another passage: ${q.question} → ${JSON.stringify(answer.answer)}`)
    }
    for (const citation of answer.citations) {
      report.citations += 1
      if ((await bodyOf(citation.lessonId)).includes(citation.passage)) report.realCitations += 1
    }
  }
  return report
}

export function groundingTable(r: GroundingReport): string {
  const pct = (n: number, d: number) => `${n}/${d} (${Math.round((n / d) * 100)}%)`
  return [
    '| figure | value |',
    '|---|---|',
    `| accuracy on \`covered\` | ${pct(r.coveredCorrect, r.questions)} |`,
    `| answerable questions answered from the passage that holds the answer | ${pct(r.answeredFromTheRightPassage, r.answerable)} |`,
    `| unanswerable questions declined (\`covered: false\`) | ${pct(r.declined, r.questions - r.answerable)} |`,
    `| citations that are a verbatim passage of the cited lesson | ${pct(r.realCitations, r.citations)} |`,
  ].join('\n') + (r.misses.length ? `\n\nMisses: ${r.misses.map((m) => `"${m}"`).join('; ')}.` : '')
}
