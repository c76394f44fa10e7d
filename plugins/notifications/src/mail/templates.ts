import escapeHtml from 'escape-html'
import type { NotificationType } from '../notification-types.ts'

export interface MailInput {
  siteName: string
  recipientName: string
  title: string
  body: string
  /** Absolute URL of what the notification is about. */
  link?: string
  unsubscribeUrl: string
  /** What the recipient is unsubscribed from, in words. */
  typeLabel: string
}

export interface RenderedMail {
  subject: string
  text: string
  html: string
}

/** Per type: the words of the call to action and of the unsubscribe line. */
const TEMPLATES: Record<NotificationType, { action: string; label: string }> = {
  'enrollment.created': { action: 'Start learning', label: 'enrollment confirmations' },
  'payment.completed': { action: 'Start learning', label: 'payment receipts' },
  'payment.refunded': { action: 'See the course', label: 'refund notices' },
  'course.completed': { action: 'See the course', label: 'course completion messages' },
  'teacher.verified': { action: 'Create a course', label: 'account verification messages' },
  'review.created': { action: 'Read the review', label: 'new review alerts' },
  'review.replied': { action: 'Read the reply', label: 'review reply alerts' },
  'review.hidden': { action: 'See the course', label: 'review moderation notices' },
  'lesson.added': { action: 'Open the course', label: 'new lesson alerts' },
  'account.welcome': { action: 'Find a course', label: 'welcome messages' },
}

export const typeLabel = (type: NotificationType) => TEMPLATES[type].label

/**
 * The mail of one notification: plain text and a simple HTML alternative in which every piece of text
 * is escaped (titles and bodies hold course titles and names as their authors wrote them).
 */
export function renderNotificationMail(type: NotificationType, input: MailInput): RenderedMail {
  const { action } = TEMPLATES[type]
  const e = escapeHtml
  const text = [
    `Hello ${input.recipientName},`,
    '',
    input.title,
    '',
    input.body,
    ...(input.link ? ['', `${action}: ${input.link}`] : []),
    '',
    '--',
    input.siteName,
    `You get this email for ${input.typeLabel}. Stop these emails: ${input.unsubscribeUrl}`,
    '',
  ].join('\n')
  const html = `<!doctype html>
<html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328">
<p>Hello ${e(input.recipientName)},</p>
<h1 style="font-size: 1.25em">${e(input.title)}</h1>
<p>${e(input.body)}</p>
${input.link ? `<p><a href="${e(input.link)}">${e(action)}</a></p>\n` : ''}<hr>
<p style="font-size: 0.85em; color: #59636e">${e(input.siteName)} · You get this email for ${e(input.typeLabel)}. <a href="${e(input.unsubscribeUrl)}">Stop these emails</a></p>
</body></html>
`
  return { subject: input.title, text, html }
}
