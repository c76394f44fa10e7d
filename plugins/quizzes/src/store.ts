import type { EntityManager } from '@mikro-orm/postgresql'
import { currentEm, newId, queryPrimary, type EduApp } from '@eduplatform/core'
import type { StudentQuestionOfLesson } from './events.ts'
import type { AuthoringQuestion, QuestionAnswer, QuestionType, QuizInput, QuizView, StudentQuestion } from './schemas.ts'
import { invalidBody } from './errors.ts'
import type { FieldProblem } from './validation.ts'

/** A question as stored, with its answer. */
export interface StoredQuestion {
  id: string
  type: QuestionType
  prompt: string
  options: string[] | null
  answer: QuestionAnswer
  explanation: string | null
}

/** A quiz as stored and cached (server side only: it holds the answers). */
export interface StoredQuiz {
  lessonId: string
  courseId: string
  passScore: number
  maxAttempts: number | null
  version: number
  updatedAt: string
  questions: StoredQuestion[]
}

const TTL_SECONDS = 300
/**
 * A lesson's quiz entry, the id in lower case: routes take a uuid in either case, and a replacement forgets the
 * entry of the id it was given or read from the database; an entry filled through the id in capitals outlived it.
 */
const key = (lessonId: string) => `quizzes:quiz:${lessonId.toLowerCase()}`
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

interface QuizRow {
  lesson_id: string
  course_id: string
  pass_score: number
  max_attempts: number | null
  version: number
  updated_at: string | Date
  questions: StoredQuestion[] | null
}

/** The question as students see it before they submit: id, type, prompt and options only. */
export function studentQuestion(q: StoredQuestion): StudentQuestion {
  return q.options ? { id: q.id, type: q.type, prompt: q.prompt, options: q.options } : { id: q.id, type: q.type, prompt: q.prompt }
}

/** The quiz as a reply: answers and explanations only when `withAnswers`. */
export function quizView(quiz: StoredQuiz, withAnswers: boolean): QuizView {
  return {
    lessonId: quiz.lessonId,
    passScore: quiz.passScore,
    maxAttempts: quiz.maxAttempts,
    updatedAt: quiz.updatedAt,
    questions: quiz.questions.map((q): AuthoringQuestion => {
      const view: AuthoringQuestion = studentQuestion(q)
      if (!withAnswers) return view
      return q.explanation === null ? { ...view, answer: q.answer } : { ...view, answer: q.answer, explanation: q.explanation }
    }),
  }
}

/**
 * Quizzes in PostgreSQL (`quizzes`, `quiz_questions`), read through the engine cache: one key per lesson,
 * forgotten once a replacement or removal commits.
 */
export class QuizStore {
  readonly #app: EduApp

  constructor(app: EduApp) {
    this.#app = app
  }

  /** The lesson's quiz with its answers, or null. Cached, negative answers included. */
  async get(lessonId: string): Promise<StoredQuiz | null> {
    if (!UUID.test(lessonId)) return null
    return this.#app.cache.wrap(key(lessonId), TTL_SECONDS, () => this.#load(lessonId))
  }

  async #load(lessonId: string): Promise<StoredQuiz | null> {
    // From the primary: a replica may still hold the quiz a replacement just invalidated.
    const rows = await queryPrimary<QuizRow>(this.#app.orm,
      `SELECT q.lesson_id, q.course_id, q.pass_score, q.max_attempts, q.version, q.updated_at,
              (SELECT json_agg(json_build_object('id', x.id, 'type', x.type, 'prompt', x.prompt, 'options', x.options,
                 'answer', x.answer, 'explanation', x.explanation) ORDER BY x.position)
               FROM quiz_questions x WHERE x.lesson_id = q.lesson_id) AS questions
       FROM quizzes q WHERE q.lesson_id = ?::uuid`, [lessonId])
    const row = rows[0]
    if (!row) return null
    return {
      lessonId: row.lesson_id,
      courseId: row.course_id,
      passScore: row.pass_score,
      maxAttempts: row.max_attempts,
      version: row.version,
      updatedAt: new Date(row.updated_at).toISOString(),
      questions: row.questions ?? [],
    }
  }

  /**
   * Question ids of `input` that are not this quiz's: a kept question must be one of its own (ids are
   * how attempts and review items name questions, so they never move between quizzes).
   */
  async #foreignIds(em: EntityManager, lessonId: string, input: QuizInput): Promise<FieldProblem[]> {
    const given = input.questions.map((q, i) => [q.id?.toLowerCase(), i] as const).filter(([id]) => id !== undefined)
    if (given.length === 0) return []
    const rows = await em.execute<Array<{ id: string }>>(
      `SELECT id FROM quiz_questions WHERE lesson_id = ? AND id = ANY(string_to_array(?, ',')::uuid[])`,
      [lessonId, given.map(([id]) => id).join(',')],
    )
    const own = new Set(rows.map((r) => r.id))
    return given.filter(([id]) => !own.has(id!)).map(([, i]) => ({ field: `questions.${i}.id`, message: 'is not a question of this quiz (omit it for a new question)' }))
  }

  /**
   * Replaces the quiz in `em`'s transaction: settings, and the questions in the order given (kept ids stay,
   * new questions get new ids, questions left out are removed). Attempts are untouched: they hold what
   * they were graded against. The cache is forgotten once the transaction commits. A question id that is
   * not this quiz's is a 400 naming it (the transaction rolls back).
   */
  async replace(em: EntityManager, lessonId: string, courseId: string, input: QuizInput): Promise<void> {
    // Locks the quiz row (or takes the insert), so two replacements of one quiz run one after the other.
    await em.execute(
      `INSERT INTO quizzes (lesson_id, course_id, pass_score, max_attempts) VALUES (?, ?, ?, ?)
       ON CONFLICT (lesson_id) DO UPDATE SET course_id = EXCLUDED.course_id, pass_score = EXCLUDED.pass_score,
         max_attempts = EXCLUDED.max_attempts, version = quizzes.version + 1, updated_at = now()`,
      [lessonId, courseId, input.passScore, input.maxAttempts ?? null],
    )
    const foreign = await this.#foreignIds(em, lessonId, input)
    if (foreign.length > 0) throw invalidBody(foreign)
    await em.execute('DELETE FROM quiz_questions WHERE lesson_id = ?', [lessonId])
    const rows = input.questions.map((q, position) => ({
      id: q.id?.toLowerCase() ?? newId(),
      position,
      type: q.type,
      prompt: q.prompt,
      options: q.options ?? null,
      answer: q.answer,
      explanation: q.explanation ?? null,
    }))
    await em.execute(
      `INSERT INTO quiz_questions (id, lesson_id, position, type, prompt, options, answer, explanation)
       SELECT r.id, ?, r.position, r.type, r.prompt, r.options, r.answer, r.explanation
       FROM jsonb_to_recordset(?::jsonb) AS r(id uuid, position int, type text, prompt text, options jsonb, answer jsonb, explanation text)`,
      [lessonId, JSON.stringify(rows)],
    )
    await this.#forgetAfterCommit(em, lessonId)
  }

  /** Removes the quizzes of these lessons (or of a whole course); attempts stay as history. */
  async remove(em: EntityManager, where: { lessonId: string } | { courseId: string }): Promise<void> {
    const rows = 'lessonId' in where
      ? await em.execute<Array<{ lesson_id: string }>>('DELETE FROM quizzes WHERE lesson_id = ? RETURNING lesson_id', [where.lessonId])
      : await em.execute<Array<{ lesson_id: string }>>('DELETE FROM quizzes WHERE course_id = ? RETURNING lesson_id', [where.courseId])
    for (const row of rows) await this.#forgetAfterCommit(em, row.lesson_id)
  }

  async #forgetAfterCommit(em: EntityManager, lessonId: string): Promise<void> {
    await this.#app.cache.del(key(lessonId))
    await this.#app.afterCommit(em, () => this.#app.cache.invalidate(key(lessonId)))
  }

  /** Current questions by id, without answers, in the order asked; unknown ids left out. */
  async studentQuestions(questionIds: string[]): Promise<StudentQuestionOfLesson[]> {
    const ids = [...new Set(questionIds.filter((id) => typeof id === 'string' && UUID.test(id)).map((id) => id.toLowerCase()))]
    if (ids.length === 0) return []
    const rows = await currentEm(this.#app.orm).execute<Array<{ id: string; lesson_id: string; type: QuestionType; prompt: string; options: string[] | null }>>(
      `SELECT id, lesson_id, type, prompt, options FROM quiz_questions WHERE id = ANY(string_to_array(?, ',')::uuid[])`,
      [ids.join(',')],
    )
    const byId = new Map(rows.map((r) => [r.id, r]))
    return ids.flatMap((id) => {
      const r = byId.get(id)
      if (!r) return []
      return [{ ...studentQuestion({ id: r.id, type: r.type, prompt: r.prompt, options: r.options, answer: false, explanation: null }), lessonId: r.lesson_id }]
    })
  }
}
