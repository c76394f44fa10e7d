import { createError } from '@eduplatform/core'
import type { FieldProblem } from './validation.ts'

export const LessonNotFound = createError('EDU_QUIZZES_LESSON_NOT_FOUND', 'No lesson %s', 404)
export const QuizNotFound = createError('EDU_QUIZZES_QUIZ_NOT_FOUND', 'Lesson %s has no quiz', 404)
export const NotQuizLesson = createError('EDU_QUIZZES_NOT_A_QUIZ_LESSON', 'Lesson %s is of type "%s": only lessons of type "quiz" have a quiz', 409)
export const NotOwner = createError('EDU_QUIZZES_NOT_OWNER', 'Only the teacher who owns this course, or an admin, may change its quizzes', 403)
export const AnswersForbidden = createError('EDU_QUIZZES_ANSWERS_FORBIDDEN', 'Only the course owner or an admin may see the answers', 403)
export const NotEnrolled = createError('EDU_QUIZZES_NOT_ENROLLED', 'Enroll in course %s to take its quizzes', 403)
export const AttemptsUsedUp = createError('EDU_QUIZZES_ATTEMPTS_USED_UP', 'All %s attempt(s) at this quiz are used', 409)

const Invalid = createError('EDU_VALIDATION', '%s', 400)

/**
 * A 400 naming each bad field of the body, like a schema validation failure
 * (`errors: [{ field: 'body.questions.3.answer', message }]`), for rules the schema cannot say.
 */
export function invalidBody(problems: FieldProblem[]): Error {
  const error = new Invalid(problems.map((p) => `body.${p.field} ${p.message}`).join('; '))
  return Object.assign(error, { errors: problems.map((p) => ({ field: `body.${p.field}`, message: p.message })) })
}
