import { fileURLToPath } from 'node:url'

/** Where `build.ts` writes the bundle, the playground and manifest.json by default: what `npm start` serves. */
export const DEFAULT_OUT_DIR = fileURLToPath(new URL('./dist', import.meta.url))
