import { describe, expect, it } from 'vitest'
import { isCorrect, normalizeText, scoreOf } from '../src/grading.ts'
import { checkQuiz } from '../src/validation.ts'

describe('normalizeText', () => {
  it('folds case, collapses whitespace and applies NFKC', () => {
    expect(normalizeText('  New \t\n York  ')).toBe('new york')
    expect(normalizeText('ＡＢＣ１２３')).toBe('abc123')
    expect(normalizeText('ﬁne')).toBe('fine')
    expect(normalizeText('e\u0301')).toBe('\u00e9')
    expect(normalizeText('\u00a0x\u3000')).toBe('x')
    expect(normalizeText('İSTANBUL')).toBe('i̇stanbul')
  })
})

describe('isCorrect', () => {
  it('grades each type', () => {
    expect(isCorrect({ id: 'a', type: 'single', answer: [1] }, [1])).toBe(true)
    expect(isCorrect({ id: 'a', type: 'single', answer: [1] }, [])).toBe(false)
    expect(isCorrect({ id: 'a', type: 'multiple', answer: [0, 2] }, [2, 0])).toBe(true)
    expect(isCorrect({ id: 'a', type: 'multiple', answer: [0, 2] }, [0])).toBe(false)
    expect(isCorrect({ id: 'a', type: 'multiple', answer: [0, 2] }, [0, 1, 2])).toBe(false)
    expect(isCorrect({ id: 'a', type: 'true_false', answer: false }, false)).toBe(true)
    expect(isCorrect({ id: 'a', type: 'true_false', answer: false }, true)).toBe(false)
    expect(isCorrect({ id: 'a', type: 'short_text', answer: ['Paris'] }, ' pARIS')).toBe(true)
    expect(isCorrect({ id: 'a', type: 'short_text', answer: ['Paris'] }, 'Pari')).toBe(false)
    expect(isCorrect({ id: 'a', type: 'short_text', answer: ['Paris'] }, null)).toBe(false)
  })

  it('scores rounded down', () => {
    expect([scoreOf(0, 3), scoreOf(1, 3), scoreOf(2, 3), scoreOf(3, 3), scoreOf(0, 0)]).toEqual([0, 33, 66, 100, 0])
  })
})

describe('checkQuiz', () => {
  it('checks a draft against the schema and the rules it cannot say', () => {
    expect(checkQuiz({ passScore: 50, questions: [{ type: 'true_false', prompt: 'Q', answer: true }] })).toEqual([])
    expect(checkQuiz({ passScore: 500, questions: [{ type: 'true_false', prompt: 'Q', answer: true }] })).toEqual([{ field: 'passScore', message: expect.any(String) }])
    expect(checkQuiz({ passScore: 50, questions: [{ type: 'single', prompt: 'Q', options: ['A', 'a'], answer: [2] }] })).toEqual([
      { field: 'questions.0.options.1', message: 'repeats option 0 (options must be unique, ignoring case and spacing)' },
      { field: 'questions.0.answer.0', message: 'must point at an existing option (0..1)' },
    ])
    expect(checkQuiz('nonsense')).toEqual([{ field: '(root)', message: expect.any(String) }])
  })
})
