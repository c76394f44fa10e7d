/**
 * Freezes a value parsed from JSON and everything in it (objects and arrays only: JSON has no others), in
 * place; returns it. What the cache hands out is frozen so that no reader can change a value others share.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}
