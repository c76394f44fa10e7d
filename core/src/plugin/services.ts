import createError from '@fastify/error'
import type { EduServices } from './types.ts'

const ServiceMissing = createError('EDU_SERVICE_MISSING', 'Service "%s" is not provided: is its plugin switched on?', 500)
const ServiceTaken = createError('EDU_SERVICE_TAKEN', 'Service "%s" is already provided', 500)

/** Typed registry through which plugins expose services to each other. */
export class ServiceRegistry {
  #services = new Map<string, unknown>()

  provide<K extends keyof EduServices & string>(name: K, service: EduServices[K]): void {
    if (this.#services.has(name)) throw new ServiceTaken(name)
    this.#services.set(name, service)
  }

  get<K extends keyof EduServices & string>(name: K): EduServices[K] {
    if (!this.#services.has(name)) throw new ServiceMissing(name)
    return this.#services.get(name) as EduServices[K]
  }

  /** For optional collaborations: undefined when the providing plugin is switched off. */
  find<K extends keyof EduServices & string>(name: K): EduServices[K] | undefined {
    return this.#services.get(name) as EduServices[K] | undefined
  }

  has(name: keyof EduServices & string): boolean {
    return this.#services.has(name)
  }
}
