// stopword 3 ships no type declarations (and @types/stopword describes version 2): the part this plugin uses.
declare module 'stopword' {
  /** English stop words (lower case). */
  export const eng: string[]
  export function removeStopwords(tokens: string[], stopwords?: string[]): string[]
}
