import { EduConfig } from './config.component.ts'

export { EduConfig }
if (!customElements.get('edu-config')) customElements.define('edu-config', EduConfig)

declare global {
  interface HTMLElementTagNameMap {
    'edu-config': EduConfig
  }
}
