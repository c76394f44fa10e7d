/**
 * How long a test waits for a condition before failing (ms). Generous on purpose: a passing check returns as
 * soon as it holds, so the deadline only bounds a failure, and a machine under heavy load must not trip it.
 * Below vitest's 30 s test timeout, so a miss fails with its own message.
 */
export const WAIT_TIMEOUT_MS = 20_000
