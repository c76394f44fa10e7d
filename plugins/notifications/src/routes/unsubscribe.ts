import escapeHtml from 'escape-html'
import type { EduApp } from '@eduplatform/core'
import { InvalidUnsubscribeToken } from '../errors.ts'
import { typeLabel } from '../mail/templates.ts'
import type { UnsubscribeTokens } from '../mail/unsubscribe-tokens.ts'
import type { PreferencesStore } from '../preferences.ts'
import { UnsubscribeBody, UnsubscribeQuery, UnsubscribeResult } from '../schemas.ts'

const tags = ['notifications']

/**
 * The links of notification mail: `POST` is RFC 8058's one-click unsubscribe (sent by mail clients from
 * the `List-Unsubscribe` header, form-encoded `List-Unsubscribe=One-Click`); `GET` is the link in the
 * body, which answers a short HTML page. Both switch email off for that notification type only.
 */
export function unsubscribeRoutes(app: EduApp, deps: { tokens: UnsubscribeTokens; preferences: PreferencesStore; siteName: string }) {
  // Mail clients post an HTML form body (RFC 8058 §3.2); this scope reads it as fields.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)))
  })

  const unsubscribe = async (token: string) => {
    const target = await deps.tokens.verify(token)
    if (!target) throw new InvalidUnsubscribeToken('querystring.token')
    await deps.preferences.unsubscribeEmail(target.userId, target.type)
    return target
  }

  app.post('/notifications/unsubscribe', {
    // RFC 8058 clients send a body; a bare POST (no body at all) is read as an empty form.
    preValidation: async (request) => {
      request.body ??= {}
    },
    schema: {
      operationId: 'unsubscribeNotificationEmail',
      tags,
      security: [],
      summary: 'One-click unsubscribe (RFC 8058): email off for the type the signed token names',
      querystring: UnsubscribeQuery,
      body: UnsubscribeBody,
      response: { 200: UnsubscribeResult },
    },
  }, async (request) => {
    const { type } = await unsubscribe(request.query.token)
    return { type, email: false as const }
  })

  app.get('/notifications/unsubscribe', {
    schema: {
      operationId: 'unsubscribeNotificationEmailPage',
      tags,
      security: [],
      summary: 'The unsubscribe link of a mail: email off for the type the signed token names; answers an HTML page',
      querystring: UnsubscribeQuery,
      response: { 200: { description: 'An HTML page saying what was switched off', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  }, async (request, reply) => {
    const { type } = await unsubscribe(request.query.token)
    const name = escapeHtml(deps.siteName)
    return reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Unsubscribed · ${name}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; line-height: 1.5">
<h1>You are unsubscribed</h1>
<p>${name} will no longer email you ${escapeHtml(typeLabel(type))}. You still see them in your notifications, and you can change this in your notification settings.</p>
</body></html>
`)
  })
}
