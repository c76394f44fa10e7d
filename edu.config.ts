import { defineConfig } from '@eduplatform/core'

/**
 * The one place a school switches plugins on and sets their options.
 * Environment variables (see docs/configuration.md) override the matching settings.
 */
export default defineConfig({
  plugins: [],
})
