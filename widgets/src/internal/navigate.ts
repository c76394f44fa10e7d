/**
 * Opens `url` (absolute, or relative to the page) in this tab when it is an http or https address, and
 * says whether it did. Anything else (`javascript:`, `data:`, a string that is no URL) is never
 * followed: a card's `lesson-url` or a payment's checkout page can lead the learner elsewhere, but can
 * never run script in the host page.
 */
export function openPage(url: string): boolean {
  let target: URL
  try {
    target = new URL(url, document.baseURI)
  } catch {
    return false
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return false
  location.assign(target.href)
  return true
}
