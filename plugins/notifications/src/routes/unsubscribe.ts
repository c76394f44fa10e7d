import escapeHtml from 'escape-html'
import type { FastifyRequest } from 'fastify'
import type { EduApp } from '@eduplatform/core'
import { InvalidUnsubscribeToken, MalformedForm } from '../errors.ts'
import { typeLabel } from '../mail/templates.ts'
import type { UnsubscribeTokens } from '../mail/unsubscribe-tokens.ts'
import type { PreferencesStore } from '../preferences.ts'
import { UnsubscribeBody, UnsubscribeQuery, UnsubscribeResult } from '../schemas.ts'

const tags = ['notifications']

/** A form body (RFC 8058 §3.1: `multipart/form-data`, or `application/x-www-form-urlencoded`) as its text fields, read by the platform's Fetch API. */
async function formFields(contentType: string | undefined, body: Buffer): Promise<Record<string, string>> {
  let form: FormData
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType ?? '' } }).formData()
  } catch {
    throw new MalformedForm()
  }
  return Object.fromEntries([...form].filter((field): field is [string, string] => typeof field[1] === 'string'))
}

/**
 * The links of notification mail: `POST` is RFC 8058's one-click unsubscribe (sent by mail clients from
 * the `List-Unsubscribe` header with the form `List-Unsubscribe=One-Click`, as `multipart/form-data` or
 * `application/x-www-form-urlencoded`); `GET` is the link in the body, which answers a short HTML page.
 * Both switch email off for that notification type only. The routes live in their own scope, the only one
 * that reads form bodies.
 */
export async function unsubscribeRoutes(parent: EduApp, deps: { tokens: UnsubscribeTokens; preferences: PreferencesStore; siteName: string }) {
  await parent.register(async (instance) => {
    const app = instance as unknown as EduApp
    app.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data'], { parseAs: 'buffer' },
      async (request: FastifyRequest, body: Buffer) => formFields(request.headers['content-type'], body))
    unsubscribeScope(app, deps)
  })
}

function unsubscribeScope(app: EduApp, deps: { tokens: UnsubscribeTokens; preferences: PreferencesStore; siteName: string }) {
  const unsubscribe = async (token: string) => {
    const target = await deps.tokens.verify(token)
    if (!target) throw new InvalidUnsubscribeToken('querystring.token')
    await deps.preferences.unsubscribeEmail(target.userId, target.type)
    return target
  }

  app.post('/notifications/unsubscribe', {
    // RFC 8058 clients send a form; a bare POST (no body at all) is read as an empty one.
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
