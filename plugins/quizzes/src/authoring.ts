import { currentEm } from '@eduplatform/core'
import type { EduApp, Principal } from '@eduplatform/core'
import type { CoursesService, LessonFacts } from '@eduplatform/plugin-courses'
import { AnswersForbidden, invalidBody, LessonNotFound, NotOwner, NotQuizLesson, QuizNotFound } from './errors.ts'
import type { QuizInput, QuizView } from './schemas.ts'
import { quizView, type QuizStore } from './store.ts'
import { quizProblems } from './validation.ts'

/**
 * Reading and replacing a lesson's quiz. Who may read it is decided as for the lesson itself
 * (`courses.lessonAccess`); only the owner teacher and admins see answers or replace it.
 */
export class QuizAuthoring {
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
   * `GET /lessons/:id/quiz`: the quiz without answers and explanations, or with them (`withAnswers`) for
   * the owner and admins only (403 otherwise). A student also gets their attempts used and whether they passed.
   */
  async read(principal: Principal | null, lessonId: string, withAnswers: boolean): Promise<QuizView> {
    const access = await this.#courses.lessonAccess(principal, lessonId)
    if (withAnswers && !access.manages) throw new AnswersForbidden()
    const quiz = access.lesson.type === 'quiz' ? await this.#store.get(lessonId) : null
    if (!quiz) throw new QuizNotFound(lessonId)
    const view = quizView(quiz, withAnswers)
    if (principal?.kind !== 'user' || principal.role !== 'student') return view
    const [row] = await currentEm(this.#app.orm).execute<Array<{ attempts_used: number; passed: boolean }>>(
      'SELECT attempts_used, passed_at IS NOT NULL AS passed FROM quiz_progress WHERE student_id = ? AND lesson_id = ?',
      [principal.id, lessonId],
    )
    return { ...view, attemptsUsed: row?.attempts_used ?? 0, passed: row?.passed ?? false }
  }

  /**
   * `PUT /lessons/:id/quiz`: replaces the quiz as one document, in one transaction. 404 unknown lesson (or
   * a draft's, for other teachers), 403 not the owner, 409 a lesson not of type `quiz`, 400 naming each bad field.
   */
  async replace(principal: Principal, lessonId: string, input: QuizInput): Promise<QuizView> {
    const lesson = await this.#managedLesson(principal, lessonId)
    if (lesson.type !== 'quiz') throw new NotQuizLesson(lessonId, lesson.type)
    const problems = quizProblems(input)
    if (problems.length > 0) throw invalidBody(problems)
    await this.#app.orm.em.fork().transactional((em) => this.#store.replace(em, lessonId, lesson.courseId, input))
    const quiz = await this.#store.get(lessonId)
    if (!quiz) throw new QuizNotFound(lessonId)
    return quizView(quiz, true)
  }

  async #managedLesson(principal: Principal, lessonId: string): Promise<LessonFacts> {
    const lesson = await this.#courses.getLessonFacts(lessonId)
    const course = lesson ? await this.#courses.getCourseFacts(lesson.courseId) : undefined
    if (!lesson || !course) throw new LessonNotFound(lessonId)
    if (!(await this.#courses.canManage(principal, course.id))) {
      // Another teacher cannot tell that a draft exists.
      if (course.status === 'draft') throw new LessonNotFound(lessonId)
      throw new NotOwner()
    }
    return lesson
  }
}
