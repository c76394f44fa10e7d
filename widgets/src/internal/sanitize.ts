import DOMPurify from 'dompurify'

/**
 * Lesson HTML, sanitized again in the browser with DOMPurify (the engine already sanitized it):
 * a second fence, so a bug or a compromised proxy between the engine and the page cannot inject
 * script. Links to other sites open without handing them this page (`rel="noopener noreferrer"`).
 */
export function sanitizeLessonHtml(html: string): string {
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'] })
}

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node instanceof HTMLAnchorElement && node.target === '_blank') node.rel = 'noopener noreferrer'
})
