import type { FastifyInstance, RouteOptions } from 'fastify'
import { REQUIRES_AUTH } from './auth.ts'

type Stage = 'onRequest' | 'preValidation' | 'preHandler'
const STAGES: Stage[] = ['onRequest', 'preValidation', 'preHandler']

const isGuard = (hook: unknown) => typeof hook === 'function' && (hook as { [REQUIRES_AUTH]?: boolean })[REQUIRES_AUTH] === true

/** Whether a route has a guard made by `app.auth.require`, at whatever stage it was declared. */
export function hasAuthGuard(route: Pick<RouteOptions, Stage>): boolean {
  return STAGES.some((stage) => [route[stage] ?? []].flat().some(isGuard))
}

/**
 * Authentication and role checks run first, whatever hook a route declared them in (`preHandler`,
 * `preValidation` or `onRequest`): every guard made by `app.auth.require` moves to the front of the
 * route's `onRequest` hooks. So an anonymous caller gets 401 and an unverified teacher 403 before
 * the body is read, parsed or validated, and learns nothing from a 400 about a route they may not call.
 */
export function runAuthGuardsFirst(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    const guards: unknown[] = []
    for (const stage of STAGES) {
      const hooks = [route[stage] ?? []].flat() as unknown[]
      if (!hooks.some(isGuard)) continue
      guards.push(...hooks.filter(isGuard))
      const rest = hooks.filter((h) => !isGuard(h))
      ;(route as Record<Stage, unknown>)[stage] = rest.length > 0 ? rest : undefined
    }
    if (guards.length === 0) return
    ;(route as Record<Stage, unknown>).onRequest = [...guards, ...([route.onRequest ?? []].flat() as unknown[])]
  })
}
