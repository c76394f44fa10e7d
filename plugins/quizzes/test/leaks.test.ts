import { courses } from '@eduplatform/plugin-courses'
import { aiTutor } from '@eduplatform/plugin-ai-tutor'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { createTestEngine, type Actor, type TestEngine } from '@eduplatform/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quizzes } from '../src/index.ts'
import { API, enroll, makeQuizCourse, putQuiz } from './helpers.ts'

// Answers and explanations carry markers no student-facing text contains.
const ANSWER = 'Quetzalcoatl-Answer-42'
const EXPLANATION = 'Explanation-Marker-99'
const QUIZ = {
  passScore: 50,
  questions: [
    { type: 'single', prompt: 'Pick one', options: ['first', 'second'], answer: [1], explanation: `${EXPLANATION} single` },
    { type: 'multiple', prompt: 'Pick some', options: ['x', 'y', 'z'], answer: [0, 2], explanation: `${EXPLANATION} multiple` },
    { type: 'true_false', prompt: 'True?', answer: false, explanation: `${EXPLANATION} true_false` },
    { type: 'short_text', prompt: 'Type it', answer: [ANSWER], explanation: `${EXPLANATION} short_text` },
  ],
}
const SECRET_KEYS = new Set(['answer', 'correctAnswer', 'explanation'])

/**
 * Every key path in a JSON value that names an answer or explanation (unless `keys` is false: the AI tutor's
 * reply is itself called `answer`), and every string holding a marker.
 */
function leaks(value: unknown, keys = true, path = '$'): string[] {
  if (typeof value === 'string') return value.includes(ANSWER) || value.includes(EXPLANATION) ? [`${path}: ${value.slice(0, 60)}`] : []
  if (Array.isArray(value)) return value.flatMap((v, i) => leaks(v, keys, `${path}[${i}]`))
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [...(keys && SECRET_KEYS.has(k) ? [`${path}.${k}`] : []), ...leaks(v, keys, `${path}.${k}`)])
  }
  return []
}

let t: TestEngine
let teacher: Actor

beforeAll(async () => {
  t = await createTestEngine({ plugins: [courses(), enrollment(), quizzes(), aiTutor()], config: { logLevel: 'error' } })
  teacher = await t.asTeacher()
})
afterAll(async () => t?.close())

describe('answers never reach a student before they submit', () => {
  it('through any route an enrolled student, an outsider or an anonymous caller can read', async () => {
    const c = await makeQuizCourse(teacher, { previewQuiz: true })
    const put = await putQuiz(teacher, c.quizLessonId, QUIZ)
    expect(put.statusCode, put.body).toBe(200)
    // The markers are really there for the owner, so their absence below means something.
    const authoring = await teacher.inject({ method: 'GET', url: `${API}/lessons/${c.quizLessonId}/quiz?include=answers` })
    expect(leaks(authoring.json())).toHaveLength(13)

    const student = await t.asStudent()
    await enroll(student, c.courseId)
    const outsider = await t.asStudent()
    const anonymous = { inject: (o: Parameters<TestEngine['inject']>[0]) => t.inject(o) }
    const routes = [
      `/courses/${c.courseId}`, `/courses/${c.courseId}/curriculum`, `/courses?limit=100`, '/categories',
      `/lessons/${c.quizLessonId}`, `/lessons/${c.textLessonId}`,
      `/lessons/${c.quizLessonId}/quiz`, `/lessons/${c.quizLessonId}/quiz?include=answers`,
      `/lessons/${c.quizLessonId}/quiz/attempts/me`,
      '/enrollments/me', `/progress/courses/${c.courseId}`, `/courses/${c.courseId}/enrollments/count`,
    ]
    let ok = 0
    for (const caller of [student, outsider, anonymous]) {
      for (const route of routes) {
        const res = await caller.inject({ method: 'GET', url: `${API}${route}` })
        expect(res.statusCode, `${route}: ${res.body}`).toBeLessThan(500)
        expect(leaks(JSON.parse(res.body)), route).toEqual([])
        if (res.statusCode === 200) ok += 1
      }
    }
    // The enrolled student read all but ?include=answers; the others the public routes and the preview quiz.
    expect(ok).toBe(11 + 8 + 7)
    const complete = await student.inject({ method: 'POST', url: `${API}/progress/lessons/${c.quizLessonId}/complete` })
    expect(complete.statusCode).toBe(409)
    expect(leaks(complete.json())).toEqual([])
  })

  it('through the AI tutor: summary, answers to questions, and the review queue', async () => {
    const c = await makeQuizCourse(teacher)
    expect((await putQuiz(teacher, c.quizLessonId, QUIZ)).statusCode).toBe(200)
    const body = 'This check covers the module. Read each question carefully before you answer it. '
      + 'Single questions have one right option, and multiple questions may have several. '
      + 'True or false questions test one statement. Typed answers ignore case and spacing.\n'
    expect((await teacher.inject({ method: 'PATCH', url: `${API}/lessons/${c.quizLessonId}`, payload: { body } })).statusCode).toBe(200)
    const student = await t.asStudent()
    await enroll(student, c.courseId)
    const calls = [
      { method: 'POST' as const, url: `${API}/ai/lessons/${c.quizLessonId}/summary` },
      { method: 'POST' as const, url: `${API}/ai/lessons/${c.quizLessonId}/ask`, payload: { question: 'What should I type for "Type it"?' } },
      { method: 'POST' as const, url: `${API}/ai/lessons/${c.quizLessonId}/ask`, payload: { question: 'Which option is right in "Pick one", and why?' } },
      { method: 'GET' as const, url: `${API}/ai/review-queue` },
    ]
    for (const call of calls) {
      const res = await student.inject(call)
      expect(res.statusCode, `${call.url}: ${res.body}`).toBe(200)
      expect(leaks(res.json(), !call.url.endsWith('/ask')), call.url).toEqual([])
    }
  })

  it('through the quizzes service other plugins use', async () => {
    const c = await makeQuizCourse(teacher)
    const ids = (await putQuiz(teacher, c.quizLessonId, QUIZ)).json().questions.map((q: { id: string }) => q.id)
    const service = t.app.services.get('quizzes')
    const quiz = await service.getQuiz(c.quizLessonId)
    expect(quiz?.questions).toHaveLength(4)
    expect(leaks(quiz)).toEqual([])
    const questions = await service.getStudentQuestions(ids)
    expect(questions).toHaveLength(4)
    expect(leaks(questions)).toEqual([])
  })

  it('through the OpenAPI document: the student-facing examples carry no answers', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json()
    const get = doc.paths['/api/v1/lessons/{id}/quiz'].get
    expect(get.operationId).toBe('getQuiz')
    const { schema, example } = get.responses['200'].content['application/json']
    expect(example.questions).toHaveLength(1)
    expect(leaks(example)).toEqual([])
    expect(Object.keys(schema.properties.questions.items.properties).sort()).toEqual(['answer', 'explanation', 'id', 'options', 'prompt', 'type'])
    expect(doc.paths['/api/v1/lessons/{id}/quiz/attempts'].post.operationId).toBe('createQuizAttempt')
    expect(doc.paths['/api/v1/lessons/{id}/quiz'].put.operationId).toBe('replaceQuiz')
    expect(doc.paths['/api/v1/lessons/{id}/quiz/attempts/me'].get.operationId).toBe('listMyQuizAttempts')
  })
})
