import type {} from '@eduplatform/plugin-courses'
import type {} from '@eduplatform/plugin-enrollment'
import type { QuestionType, QuizView, StudentQuestion } from './schemas.ts'

/** `quiz.attempt.graded`: a student's attempt was graded (passing or not). */
export interface QuizAttemptGraded {
  attemptId: string
  lessonId: string
  courseId: string
  studentId: string
  /** Percent of questions right, 0..100, rounded down. */
  score: number
  passed: boolean
  /** One entry per question of the quiz as graded (left-out questions are `correct: false`). */
  results: Array<{ questionId: string; correct: boolean }>
}

/** `quiz.passed`: a student passed a quiz, with this attempt; once per student and quiz (their first passing attempt). */
export interface QuizPassed {
  attemptId: string
  lessonId: string
  courseId: string
  studentId: string
  score: number
}

/** A question as students may see it, with the lesson it belongs to: never its answer or explanation. */
export interface StudentQuestionOfLesson extends StudentQuestion {
  lessonId: string
  type: QuestionType
}

/** What other plugins may ask of the quizzes plugin (`app.services.get('quizzes')`). */
export interface QuizzesService {
  /**
   * The current questions with these ids, without answers or explanations, in the order asked.
   * Ids that name no current question (removed by an edit, malformed) are left out.
   */
  getStudentQuestions(questionIds: string[]): Promise<StudentQuestionOfLesson[]>
  /** The lesson's quiz as students see it (no answers, no explanations), or null when it has none. */
  getQuiz(lessonId: string): Promise<QuizView | null>
}

declare module '@eduplatform/core' {
  interface EduEvents {
    /** A quiz attempt was graded; emitted through the outbox in the attempt's transaction. */
    'quiz.attempt.graded': QuizAttemptGraded
    /** A student's first passing attempt at a quiz; the quizzes plugin completes the lesson on it. */
    'quiz.passed': QuizPassed
  }
  interface EduServices {
    quizzes: QuizzesService
  }
}

/** Stable subscriber ids of this plugin. */
export const SUBSCRIBERS = {
  completeOnPass: 'quizzes.complete-lesson-on-pass',
  forgetRemovedLesson: 'quizzes.forget-removed-lesson',
  forgetDeletedCourse: 'quizzes.forget-deleted-course',
} as const
