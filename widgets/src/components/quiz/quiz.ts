import { EduQuiz } from './quiz.component.ts'

export { EduQuiz }
if (!customElements.get('edu-quiz')) customElements.define('edu-quiz', EduQuiz)

declare global {
  interface HTMLElementTagNameMap {
    'edu-quiz': EduQuiz
  }
}
