import { EduCourseCard } from './course-card.component.ts'

export { EduCourseCard }
if (!customElements.get('edu-course-card')) customElements.define('edu-course-card', EduCourseCard)

declare global {
  interface HTMLElementTagNameMap {
    'edu-course-card': EduCourseCard
  }
}
