import { currentEm } from '@eduplatform/core'
import type { FastifyInstance } from 'fastify'
import type { PassageSource } from '../providers/provider.ts'
import { isStopword, words } from '../text/terms.ts'

/** Candidates read from the index before coverage ranks them. */
const CANDIDATES = 24

interface Row {
  lesson_id: string
  lesson_title: string
  text: string
  lexemes: string[]
  rank: number
}

/**
 * Finds the passages of a course that best answer a question. PostgreSQL full text search (English stemming,
 * GIN index) finds passages sharing any of the question's lexemes, ranked by `ts_rank_cd` (the asked lesson's
 * passages weigh 1.5×). Each candidate then gets a coverage score: the share of the question's IDF weight
 * (inverse document frequency over the course's passages, Spärck Jones 1972) that its lexemes hold. Words every
 * lesson uses weigh little; words no lesson uses weigh most, so a question about something the course never
 * mentions stays uncovered even when it shares common words with a lesson.
 */
export class Retrieval {
  readonly #app: FastifyInstance

  constructor(app: FastifyInstance) {
    this.#app = app
  }

  async search(courseId: string, lessonId: string, question: string, limit: number): Promise<PassageSource[]> {
    // Question words and filler ("how many", "instead", "please") are no topic: only the rest is weighed.
    const topical = words(question).filter((w) => !isStopword(w)).join(' ')
    if (topical === '') return []
    const em = currentEm(this.#app.orm)
    const [parsed] = await em.execute<Array<{ lexemes: string[] | null }>>(
      `SELECT array_agg(DISTINCT l) AS lexemes FROM unnest(tsvector_to_array(to_tsvector('english'::regconfig, ?))) l`, [topical])
    const lexemes = (parsed?.lexemes ?? []).filter((l) => !l.includes(' '))
    if (lexemes.length === 0) return []
    const joined = lexemes.join(' ')
    const stats = await em.execute<Array<{ lexeme: string; df: number; n: number }>>(
      `SELECT t.l AS lexeme,
              (SELECT count(*) FROM ai_passages p WHERE p.course_id = ?::uuid AND p.tsv @@ to_tsquery('simple', quote_literal(t.l)))::int AS df,
              (SELECT count(*) FROM ai_passages p WHERE p.course_id = ?::uuid)::int AS n
       FROM unnest(string_to_array(?, ' ')) AS t(l)`, [courseId, courseId, joined])
    const total = stats[0]?.n ?? 0
    if (total === 0) return []
    const idf = new Map(stats.map((s) => [s.lexeme, Math.log((total + 1) / (s.df + 0.5))]))
    const weight = [...idf.values()].reduce((a, b) => a + b, 0)
    const rows = await em.execute<Row[]>(
      `SELECT p.lesson_id, p.lesson_title, p.text, tsvector_to_array(p.tsv) AS lexemes,
              ts_rank_cd(p.tsv, q.query) * (CASE WHEN p.lesson_id = ?::uuid THEN 1.5 ELSE 1 END) AS rank
       FROM ai_passages p,
            (SELECT to_tsquery('simple', string_agg(quote_literal(l), ' | ')) AS query FROM unnest(string_to_array(?, ' ')) AS l) q
       WHERE p.course_id = ?::uuid AND p.tsv @@ q.query
       ORDER BY rank DESC, p.lesson_id, p.position
       LIMIT ${CANDIDATES}`, [lessonId, joined, courseId])
    return rows
      .map((row) => {
        const has = new Set(row.lexemes)
        let held = 0
        for (const [lexeme, w] of idf) if (has.has(lexeme)) held += w
        return { lessonId: row.lesson_id, lessonTitle: row.lesson_title, text: row.text, coverage: weight > 0 ? held / weight : 0, rank: Number(row.rank) }
      })
      .sort((a, b) => b.coverage - a.coverage || b.rank - a.rank)
      .slice(0, limit)
      .map(({ rank: _rank, ...passage }) => passage)
  }
}
