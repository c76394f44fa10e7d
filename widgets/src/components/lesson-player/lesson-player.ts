import { EduLessonPlayer } from './lesson-player.component.ts'

export { EduLessonPlayer }
if (!customElements.get('edu-lesson-player')) customElements.define('edu-lesson-player', EduLessonPlayer)

declare global {
  interface HTMLElementTagNameMap {
    'edu-lesson-player': EduLessonPlayer
  }
}
