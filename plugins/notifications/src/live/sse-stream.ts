import type { Socket } from 'node:net'
import { HEARTBEAT_FRAME, type LiveStream } from './hub.ts'

/** How long shutdown waits for a stream's last bytes before dropping the connection, milliseconds. */
const END_GRACE_MS = 1000

/**
 * The head of a Server-Sent Events response, written straight to the socket: status line and `headers`
 * (a value holding a line break is left out). The body is the rest of the connection (`connection: close`),
 * so frames go out as they are, with no chunked framing, and Node's response object keeps no header
 * text for the life of the stream.
 */
export function sseHead(headers: Record<string, string | number | string[] | undefined>): string {
  let head = 'HTTP/1.1 200 OK\r\n'
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    for (const one of Array.isArray(value) ? value : [value]) {
      const text = String(one)
      if (!/[\r\n]/.test(text)) head += `${name}: ${text}\r\n`
    }
  }
  return `${head}\r\n`
}

/**
 * One open Server-Sent Events stream on its socket (its head already written with `sseHead`). Until
 * `replayed()` is called, live frames are held back (in order), so frames replayed from the table are
 * written first and none is lost or sent twice. Holds only the socket: a stream costs its connection and
 * little more.
 */
export class SseStream implements LiveStream {
  readonly userId: string
  readonly #socket: Socket
  #held: string[] | null = []
  #ended = false

  constructor(socket: Socket, userId: string, onClose: (stream: SseStream) => void) {
    this.#socket = socket
    this.userId = userId
    socket.once('close', () => {
      this.#ended = true
      onClose(this)
    })
  }

  /** Writes now, ahead of held live frames (the replay). */
  writeNow(frame: string): void {
    if (!this.#ended) this.#socket.write(frame)
  }

  write(frame: string): void {
    if (this.#ended) return
    if (this.#held) this.#held.push(frame)
    else this.#socket.write(frame)
  }

  /** The replay is written: sends the held live frames, less those whose id it already carried. */
  replayed(sentIds: ReadonlySet<string>): void {
    const held = this.#held ?? []
    this.#held = null
    for (const frame of held) {
      const id = frame === HEARTBEAT_FRAME ? undefined : /^id: (\S+)/.exec(frame)?.[1]
      if (!id || !sentIds.has(id)) this.write(frame)
    }
  }

  end(): Promise<void> {
    if (this.#ended) return Promise.resolve()
    this.#ended = true
    const socket = this.#socket
    return new Promise<void>((resolve) => {
      // A client that stopped reading cannot hold shutdown.
      const timer = setTimeout(() => {
        socket.destroy()
        resolve()
      }, END_GRACE_MS)
      timer.unref()
      socket.end(() => {
        clearTimeout(timer)
        socket.destroy()
        resolve()
      })
    })
  }
}
