import createClient, { type Client, type Middleware } from 'openapi-fetch'
import type { paths } from './schema.d.ts'

export type { paths, components } from './schema.d.ts'

/** A JSON body of a response, by path, method and status. */
type Json<R, S extends PropertyKey> = R extends { [K in S]: { content: { 'application/json': infer B } } } ? B : never

/** The success body (200, else 201) of `method path`: `Body<'/api/v1/courses/{id}', 'get'>` is a course. */
export type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? [Json<R, 200>] extends [never] ? Json<R, 201> : Json<R, 200>
  : never

/** An RFC 9457 problem, as every 4xx/5xx of the API is. */
export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  code?: string
  errors?: Array<{ field: string; message: string }>
}

export interface EduClientOptions {
  /** The engine's origin, e.g. `https://learn.school.example` (paths carry `/api/v1`). */
  baseUrl: string
  /** A bearer credential (access token or API key), or a function read at each request. */
  token?: string | null | (() => string | null | undefined)
  fetch?: typeof globalThis.fetch
}

export type EduClient = Client<paths>

/**
 * A typed client of the EduPlatform REST API (openapi-fetch over the generated `paths`): every
 * call is checked against the engine's OpenAPI document, and answers `{ data, error, response }`.
 *
 *   const api = createEduClient({ baseUrl: 'http://127.0.0.1:3000', token })
 *   const { data } = await api.GET('/api/v1/courses/{id}', { params: { path: { id } } })
 */
export function createEduClient(options: EduClientOptions): EduClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/+$/, ''), fetch: options.fetch })
  const { token } = options
  if (token) {
    const auth: Middleware = {
      onRequest({ request }) {
        const value = typeof token === 'function' ? token() : token
        if (value) request.headers.set('authorization', `Bearer ${value}`)
        return request
      },
    }
    client.use(auth)
  }
  return client
}
