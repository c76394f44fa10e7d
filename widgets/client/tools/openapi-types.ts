import openapiTS, { astToString } from 'openapi-typescript'

const HEADER = '// Generated from the engine\'s OpenAPI document by `npm run generate -w @eduplatform/client`. Do not edit.\n\n'

/**
 * The TypeScript declarations (`paths`, `components`, `operations`) of an OpenAPI 3.1 document, as
 * openapi-typescript writes them. Deterministic: the same document gives the same text.
 */
export async function typesFromSpec(spec: object): Promise<string> {
  const ast = await openapiTS(spec as Parameters<typeof openapiTS>[0], { alphabetize: true })
  return HEADER + astToString(ast)
}
