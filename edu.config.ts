import { defineConfig } from '@eduplatform/core'
import { aiTutor } from '@eduplatform/plugin-ai-tutor'
import { courses } from '@eduplatform/plugin-courses'
import { enrollment } from '@eduplatform/plugin-enrollment'
import { notifications } from '@eduplatform/plugin-notifications'
import { payments } from '@eduplatform/plugin-payments'
import { quizzes } from '@eduplatform/plugin-quizzes'
import { reviews } from '@eduplatform/plugin-reviews'

/**
 * The one place a school switches plugins on and sets their options. A plugin left out has no
 * routes, subscriptions or migrations. Environment variables (docs/configuration.md) override
 * deployment settings.
 */
export default defineConfig({
  plugins: [
    courses(),
    enrollment(),
    // The mock provider completes payments at once; use { provider: 'stripe', stripe: { ... } } in production.
    payments({ provider: 'mock' }),
    quizzes(),
    // Gemini when GEMINI_API_KEY is set, the offline provider otherwise; { gemini: { model } } picks the model.
    aiTutor(),
    reviews(),
    notifications(),
  ],
})
