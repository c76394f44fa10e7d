// The parts of a widget shown inside another widget (the course card of a locked lesson, the quiz of a quiz
// lesson) are in that widget's shadow root, where a page's `::part()` does not reach: the outer widget
// exports them with a prefix, so `edu-lesson-player::part(card-action)` styles its card's button.

/** `exportparts` naming each of `parts` (space-separated) `<prefix>-<part>`. */
const exported = (prefix: string, parts: string) => parts.split(' ').map((part) => `${part}:${prefix}-${part}`).join()

/** `<edu-course-card>`'s parts as `card-*`. */
export const CARD_PARTS = exported('card', 'base cover title teacher level rating price action progress status')

/** `<edu-quiz>`'s parts as `quiz-*`. */
export const QUIZ_PARTS = exported('quiz', 'base title question result submit summary locked status')
