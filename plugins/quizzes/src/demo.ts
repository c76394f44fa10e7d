import type { DemoContext } from '@eduplatform/core'
import type { QuizInput } from './schemas.ts'

const DEMO_COURSE = 'TypeScript from Scratch'

/** One question of every type, so widgets and the storefront have a quiz to show. */
export const DEMO_QUIZ: QuizInput = {
  passScore: 75,
  maxAttempts: null,
  questions: [
    {
      type: 'single',
      prompt: 'When does TypeScript check your types?',
      options: ['While the program runs', 'Before the code runs, when it is compiled', 'Only in production builds'],
      answer: [1],
      explanation: 'Types are checked by the compiler before the code runs; the emitted JavaScript carries no types.',
    },
    {
      type: 'multiple',
      prompt: 'Which of these are primitive types in TypeScript?',
      options: ['string', 'boolean', 'Array<number>', 'number'],
      answer: [0, 1, 3],
      explanation: 'string, boolean and number are primitives; an array is an object type.',
    },
    {
      type: 'true_false',
      prompt: 'Thanks to inference, you can often leave out type annotations.',
      answer: true,
      explanation: 'TypeScript infers the type of most variables from the value they are given.',
    },
    {
      type: 'short_text',
      prompt: 'Which command runs the TypeScript compiler?',
      answer: ['tsc', 'npx tsc'],
      explanation: 'The compiler ships as the `tsc` command of the typescript package.',
    },
  ],
}

/**
 * Adds a quiz lesson with a quiz of every question type to the first module of the demo's TypeScript
 * course, through the public API as the demo teacher (the same paths and checks as any teacher).
 */
export async function loadQuizDemo({ app, users, log }: DemoContext): Promise<void> {
  // A real session of the demo teacher: access tokens are checked against their session.
  const session = await app.identity.startSession(users.teacher.id)
  if (!session) throw new Error('quizzes demo: the demo teacher does not exist')
  const headers = { authorization: `Bearer ${session.accessToken}` }
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) })
    if (res.statusCode >= 300) throw new Error(`quizzes demo: ${method} ${url} answered ${res.statusCode} ${res.body}`)
    return res.json()
  }
  const mine = await call('GET', '/courses/mine?limit=100') as { items: Array<{ id: string; title: string }> }
  const course = mine.items.find((c) => c.title === DEMO_COURSE)
  if (!course) {
    log.warn(`quizzes demo: no course "${DEMO_COURSE}"; skipped`)
    return
  }
  const curriculum = await call('GET', `/courses/${course.id}/curriculum`) as { modules: Array<{ id: string }> }
  const moduleId = curriculum.modules[0]?.id
  if (!moduleId) return
  const lesson = await call('POST', `/modules/${moduleId}/lessons`, {
    title: 'Check your understanding',
    type: 'quiz',
    body: 'Four short questions on what this module covered. Pass with 75% to complete the lesson; you may try as often as you like.\n',
    durationMinutes: 5,
  }) as { id: string }
  await call('PUT', `/lessons/${lesson.id}/quiz`, DEMO_QUIZ)
  log.info(`quizzes: demo quiz added to "${DEMO_COURSE}" (lesson ${lesson.id})`)
}
