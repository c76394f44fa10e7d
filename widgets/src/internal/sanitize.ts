import DOMPurify from 'dompurify'

/**
 * Lesson HTML, sanitized again in the browser with DOMPurify (the engine already sanitized it):
 * a second fence, so a bug or a compromised proxy between the engine and the page cannot inject
 * script. Links to other sites open without handing them this page (`rel="noopener noreferrer"`); images
 * load without a `Referer` and lazily.
 */
export function sanitizeLessonHtml(html: string, title?: string): string {
  const clean = DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'] })
  return title === undefined ? clean : withoutRepeatedTitle(clean, title)
}

const words = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim().toLowerCase()

/**
 * The body without its first element when that is a heading saying the lesson's title again (the
 * player shows the title as its own heading; authors often start the markdown with `# Title`).
 */
function withoutRepeatedTitle(html: string, title: string): string {
  const template = document.createElement('template')
  template.innerHTML = html
  const first = template.content.firstElementChild
  if (!first || !/^H[1-6]$/.test(first.tagName) || words(first.textContent) !== words(title)) return html
  first.remove()
  return template.innerHTML
}

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node instanceof HTMLAnchorElement && node.target === '_blank') node.rel = 'noopener noreferrer'
  // Images a teacher links from other hosts: loaded without a Referer (the host learns not which page or
  // lesson showed them) and only when they scroll near.
  if (node instanceof HTMLImageElement) Object.assign(node, { referrerPolicy: 'no-referrer', loading: 'lazy' })
})
