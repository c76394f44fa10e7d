import type { EduApp } from '@eduplatform/core'
import type { PreferencesStore } from '../preferences.ts'
import { Preferences, PreferencesPatch } from '../schemas.ts'
import { signedInUser, userIdOf } from './principal.ts'

const tags = ['notifications']
const security = [{ bearer: [] }]

export function preferenceRoutes(app: EduApp, preferences: PreferencesStore) {
  app.get('/notifications/preferences', {
    preValidation: signedInUser(app),
    schema: {
      operationId: 'getNotificationPreferences',
      tags,
      security,
      summary: 'My channels per notification type: `{ [type]: { inApp, email } }`',
      description: 'Defaults: in-app on for every type; email on for payments, course completion and teacher verification, off for the rest.',
      response: { 200: Preferences },
    },
  }, async (request) => preferences.get(userIdOf(app, request)))

  app.put('/notifications/preferences', {
    preValidation: signedInUser(app),
    schema: {
      operationId: 'updateNotificationPreferences',
      tags,
      security,
      summary: 'Change my channels for some types; types and channels left out stay as they are',
      body: PreferencesPatch,
      response: { 200: Preferences },
    },
  }, async (request) => preferences.update(userIdOf(app, request), request.body))
}
