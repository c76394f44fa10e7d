import { createServer } from 'node:net'

/**
 * Whether this process could listen on `host:port` now: binds a plain TCP server there and closes it at once.
 * Resolves to undefined when it could, else to Node's `listen` error (`code` EADDRINUSE, EACCES,
 * EADDRNOTAVAIL, …). Port 0 (any free port) is not tried. The answer holds when asked: another program may
 * take the port before the engine listens, so the engine's own `listen` must still handle the same errors.
 */
export function probeListen(host: string, port: number): Promise<NodeJS.ErrnoException | undefined> {
  if (port === 0) return Promise.resolve(undefined)
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error))
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)))
  })
}
