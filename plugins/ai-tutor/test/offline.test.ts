import { checkQuiz } from '@eduplatform/plugin-quizzes'
import { describe, expect, it } from 'vitest'
import { splitPassages } from '../src/grounding/passages.ts'
import { COVERED_THRESHOLD, NOT_COVERED_REPLY, OfflineProvider } from '../src/providers/offline.ts'
import { sentencesOf } from '../src/text/units.ts'
import { LESSONS } from './fixtures.ts'

const signal = new AbortController().signal
const offline = new OfflineProvider()
const lesson = { lessonId: 'l1', ...LESSONS.photosynthesis }

describe('offline provider', () => {
  it('summarizes with key sentences quoted verbatim from the lesson', async () => {
    const { value } = await offline.summarize(lesson, signal)
    expect(value.keyPoints).toHaveLength(5)
    for (const point of value.keyPoints) expect(lesson.body).toContain(point)
    const summarySentences = sentencesOf(value.summary).map((s) => s.text)
    expect(summarySentences).toHaveLength(3)
    for (const sentence of summarySentences) expect(lesson.body).toContain(sentence)
    // Key points keep the lesson's order.
    const positions = value.keyPoints.map((p) => lesson.body.indexOf(p))
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
  })

  it('is deterministic', async () => {
    const a = await offline.summarize(lesson, signal)
    const b = await new OfflineProvider().summarize(lesson, signal)
    expect(b).toEqual(a)
    const q1 = await offline.generateQuiz([lesson], 6, signal)
    const q2 = await new OfflineProvider().generateQuiz([lesson], 6, signal)
    expect(q2).toEqual(q1)
  })

  it('drafts a valid quiz of single-choice, true/false and fill-in-the-blank questions from the lesson', async () => {
    const { value } = await offline.generateQuiz([lesson], 6, signal)
    expect(checkQuiz(value)).toEqual([])
    expect(value.questions).toHaveLength(6)
    expect(value.questions.map((q) => q.type)).toEqual(['single', 'true_false', 'short_text', 'single', 'true_false', 'short_text'])
    const single = value.questions[0]!
    if (single.type !== 'single') throw new Error('expected a single-choice question')
    const correct = single.options![(single.answer as number[])[0]!]!
    // The blanked sentence with the right option filled in is the lesson's sentence.
    const quoted = /“([^”]*_____[^”]*)”/.exec(single.prompt)![1]!
    expect(lesson.body).toContain(quoted.replace('_____', correct).replace(/^./, (c) => c))
    const cloze = value.questions[2]!
    if (cloze.type !== 'short_text') throw new Error('expected a short_text question')
    const blanked = /“([^”]*_____[^”]*)”$/.exec(cloze.prompt)![1]!
    expect(lesson.body.toLowerCase()).toContain(blanked.replace('_____', (cloze.answer as string[])[0]!).toLowerCase())
    const [trueOne, falseOne] = [value.questions[1]!, value.questions[4]!]
    expect(trueOne).toMatchObject({ type: 'true_false', answer: true })
    expect(falseOne).toMatchObject({ type: 'true_false', answer: false })
    const statement = (q: typeof trueOne) => /“([^”]*)”$/.exec(q.prompt)![1]!
    expect(lesson.body).toContain(statement(trueOne))
    expect(lesson.body).not.toContain(statement(falseOne))
  })

  it('answers by quoting the passages that cover the question, and says so when none does', async () => {
    const passages = [
      { lessonId: 'l1', lessonTitle: lesson.title, text: splitPassages(lesson.body)[2]!.text, coverage: 0.9 },
      { lessonId: 'l1', lessonTitle: lesson.title, text: splitPassages(lesson.body)[0]!.text, coverage: COVERED_THRESHOLD - 0.1 },
    ]
    const { value } = await offline.answer('What gas do the light reactions release?', passages, signal)
    expect(value).toEqual({
      covered: true,
      citations: [0],
      answer: `From “How plants make food”: “The light reactions split water molecules and release oxygen as a by-product.”`,
    })
    const none = await offline.answer('Who painted the Mona Lisa?', passages.map((p) => ({ ...p, coverage: 0.2 })), signal)
    expect(none.value).toEqual({ covered: false, citations: [], answer: NOT_COVERED_REPLY })
  })

  it('splits lessons into passages that are verbatim slices of the body', () => {
    const passages = splitPassages(lesson.body)
    expect(passages.map((p) => p.text)).toEqual(passages.map((p) => lesson.body.slice(p.start, p.end)))
    // Headings close passages and are left out of them.
    expect(passages.map((p) => p.text.split(' ').slice(0, 3).join(' '))).toEqual([
      'Photosynthesis is the', 'Plants take in', 'The light reactions',
    ])
  })
})
