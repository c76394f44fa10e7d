import { Type } from 'typebox'
import type { EntityManager } from '@mikro-orm/postgresql'
import { currentEm, decodeCursor, newId, toPage, type EduApp, type EmittedEvent } from '@eduplatform/core'
import type { CoursesService } from '@eduplatform/plugin-courses'
import { AttemptsUsedUp, invalidBody, LessonNotFound, NotEnrolled, QuizNotFound } from './errors.ts'
import { completePassedLesson } from './completion.ts'
import { isCorrect, scoreOf } from './grading.ts'
import type { AttemptInput, AttemptView, GivenAnswer, QuestionResult } from './schemas.ts'
import type { QuizStore, StoredQuiz } from './store.ts'
import { answerFormProblem, type FieldProblem } from './validation.ts'

/** What an attempt stores: the questions as graded, with the student's answers. */
interface GradedSnapshot {
  version: number
  results: QuestionResult[]
}

/** A graded attempt, to be stored. */
interface AttemptWrite {
  id: string
  studentId: string
  lessonId: string
  quiz: StoredQuiz
  score: number
  passed: boolean
  results: QuestionResult[]
}

interface AttemptRow {
  id: string
  lesson_id: string
  pass_score: number
  score: number
  passed: boolean
  graded: GradedSnapshot
  created_at: string | Date
}

type StoredAttempt = AttemptRow & { first_pass: boolean }

const IdCursor = Type.Tuple([Type.String({ format: 'uuid' })])

const toView = (row: AttemptRow): AttemptView => ({
  id: row.id,
  lessonId: row.lesson_id,
  score: row.score,
  passed: row.passed,
  passScore: row.pass_score,
  submittedAt: new Date(row.created_at).toISOString(),
  results: row.graded.results,
})

/** Checks the answers against the quiz: each names one of its questions, once, in its type's form. */
function answerProblems(quiz: StoredQuiz, input: AttemptInput): FieldProblem[] {
  const questions = new Map(quiz.questions.map((q) => [q.id, q]))
  const seen = new Map<string, number>()
  const problems: FieldProblem[] = []
  input.answers.forEach(({ questionId, answer }, i) => {
    const id = questionId.toLowerCase()
    const question = questions.get(id)
    if (!question) return problems.push({ field: `answers.${i}.questionId`, message: 'is not a question of this quiz' })
    const first = seen.get(id)
    if (first !== undefined) return problems.push({ field: `answers.${i}.questionId`, message: `answers the same question as answers.${first}` })
    seen.set(id, i)
    const form = answerFormProblem(question.type, question.options?.length ?? 0, answer)
    if (form) problems.push({ field: `answers.${i}.answer`, message: form })
  })
  return problems
}

/** Grades every question of the quiz; a question left out is wrong. */
export function grade(quiz: StoredQuiz, input: AttemptInput): { score: number; passed: boolean; results: QuestionResult[] } {
  const given = new Map<string, GivenAnswer>(input.answers.map((a) => [a.questionId.toLowerCase(), a.answer]))
  const results = quiz.questions.map((q): QuestionResult => {
    const answer = given.get(q.id) ?? null
    const result: QuestionResult = { questionId: q.id, type: q.type, prompt: q.prompt, answer, correct: isCorrect(q, answer), correctAnswer: q.answer }
    if (q.options) result.options = q.options
    if (q.explanation !== null) result.explanation = q.explanation
    return result
  })
  const score = scoreOf(results.filter((r) => r.correct).length, results.length)
  return { score, passed: score >= quiz.passScore, results }
}

/**
 * Attempts: graded on the server against the quiz as it is at submission, stored with that snapshot.
 * The attempt limit is one statement on the student's `quiz_progress` row (an upsert that adds one only
 * while below the limit), so concurrent submissions cannot exceed it.
 */
export class Attempts {
  readonly #app: EduApp
  readonly #store: QuizStore

  constructor(app: EduApp, store: QuizStore) {
    this.#app = app
    this.#store = store
  }

  get #courses(): CoursesService {
    return this.#app.services.get('courses')
  }

  /**
   * The quiz a student may attempt or look back on: the lesson is a quiz lesson of a course that is not a
   * draft, and the student is enrolled (active or completed; 403 otherwise, refunded included).
   */
  async #quizFor(studentId: string, lessonId: string): Promise<StoredQuiz> {
    const lesson = await this.#courses.getLessonFacts(lessonId)
    if (!lesson) throw new LessonNotFound(lessonId)
    const [course, quiz, enrolled] = await Promise.all([
      this.#courses.getCourseFacts(lesson.courseId),
      lesson.type === 'quiz' ? this.#store.get(lessonId) : null,
      this.#app.services.get('enrollment').isEnrolled(studentId, lesson.courseId),
    ])
    if (!course || course.status === 'draft') throw new LessonNotFound(lessonId)
    if (!enrolled) throw new NotEnrolled(course.id)
    if (!quiz) throw new QuizNotFound(lessonId)
    return quiz
  }

  /**
   * `POST /lessons/:id/quiz/attempts`: grades and stores an attempt, emits `quiz.attempt.graded` (and
   * `quiz.passed` on the student's first pass) through the outbox, and completes the lesson on that first pass. 409 when the attempts
   * are used up; 400 naming each bad answer.
   */
  async submit(studentId: string, lessonId: string, input: AttemptInput): Promise<AttemptView> {
    const quiz = await this.#quizFor(studentId, lessonId)
    const problems = answerProblems(quiz, input)
    if (problems.length > 0) throw invalidBody(problems)
    const { score, passed, results } = grade(quiz, input)
    const write: AttemptWrite = { id: newId(), studentId, lessonId, quiz, score, passed, results }
    const row = await this.#app.orm.em.fork().transactional((em) => this.#write(em, write))
    if (!row) throw new AttemptsUsedUp(quiz.maxAttempts)
    // The first pass completes the lesson now, holding no connection, so the reply shows it; the
    // `quiz.passed` subscriber makes it certain should this process stop first (completion is idempotent).
    if (row.first_pass) await completePassedLesson(this.#app, studentId, lessonId)
    return toView(row)
  }

  /** Stores one attempt with its outbox rows, in `em`'s transaction; null when the attempts are used up (nothing stored). */
  async #write(em: EntityManager, w: AttemptWrite): Promise<StoredAttempt | null> {
    const { quiz } = w
    const graded: GradedSnapshot = { version: quiz.version, results: w.results }
    // One statement: count the attempt while below the limit, and store it only if it was counted. The
    // first passing attempt's id is set once under the row lock, so it alone is the first pass.
    const [stored] = await em.execute<StoredAttempt[]>(
      `WITH counted AS (
         INSERT INTO quiz_progress (student_id, lesson_id, attempts_used, best_score, passed_at, passed_attempt_id)
         VALUES (?, ?, 1, ?, CASE WHEN ?::boolean THEN now() END, CASE WHEN ?::boolean THEN ?::uuid END)
         ON CONFLICT (student_id, lesson_id) DO UPDATE SET
           attempts_used = quiz_progress.attempts_used + 1,
           best_score = GREATEST(quiz_progress.best_score, EXCLUDED.best_score),
           passed_at = COALESCE(quiz_progress.passed_at, EXCLUDED.passed_at),
           passed_attempt_id = COALESCE(quiz_progress.passed_attempt_id, EXCLUDED.passed_attempt_id)
         WHERE ?::int IS NULL OR quiz_progress.attempts_used < ?::int
         RETURNING COALESCE(passed_attempt_id = ?::uuid, false) AS first_pass
       ), attempt AS (
         INSERT INTO quiz_attempts (id, lesson_id, course_id, student_id, quiz_version, pass_score, score, passed, graded)
         SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb FROM counted
         RETURNING id, lesson_id, pass_score, score, passed, graded, created_at
       )
       SELECT attempt.*, counted.first_pass FROM attempt, counted`,
      [w.studentId, w.lessonId, w.score, w.passed, w.passed, w.id, quiz.maxAttempts, quiz.maxAttempts, w.id,
        w.id, w.lessonId, quiz.courseId, w.studentId, quiz.version, quiz.passScore, w.score, w.passed, JSON.stringify(graded)],
    )
    if (!stored) return null
    const base = { attemptId: w.id, lessonId: w.lessonId, courseId: quiz.courseId, studentId: w.studentId, score: w.score }
    const gradedEvent: EmittedEvent = {
      event: 'quiz.attempt.graded',
      payload: { ...base, passed: w.passed, results: w.results.map((r) => ({ questionId: r.questionId, correct: r.correct })) },
    }
    // One round trip for both events: the progress row stays locked until commit.
    await this.#app.events.emitMany(em, stored.first_pass ? [gradedEvent, { event: 'quiz.passed', payload: base }] : [gradedEvent])
    return stored
  }

  /** `GET /lessons/:id/quiz/attempts/me`: the student's attempts at this quiz, newest first. */
  async listMine(studentId: string, lessonId: string, limit: number, cursor: string | undefined) {
    await this.#quizFor(studentId, lessonId)
    const after = cursor ? decodeCursor(cursor, IdCursor)[0] : null
    const rows = await currentEm(this.#app.orm).execute<AttemptRow[]>(
      `SELECT id, lesson_id, pass_score, score, passed, graded, created_at FROM quiz_attempts
       WHERE student_id = ? AND lesson_id = ? ${after ? 'AND id < ?' : ''} ORDER BY id DESC LIMIT ?`,
      after ? [studentId, lessonId, after, limit + 1] : [studentId, lessonId, limit + 1],
    )
    return toPage(rows, limit, toView, (row) => [row.id])
  }

  /** Whether the student has a passing attempt at this lesson's quiz (one primary-key read). */
  async hasPassed(studentId: string, lessonId: string): Promise<boolean> {
    const rows = await currentEm(this.#app.orm).execute<Array<{ ok: number }>>(
      'SELECT 1 AS ok FROM quiz_progress WHERE student_id = ? AND lesson_id = ? AND passed_at IS NOT NULL', [studentId, lessonId])
    return rows.length > 0
  }
}
