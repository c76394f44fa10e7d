import type { ServerResponse } from 'node:http'
import { HEARTBEAT_FRAME, type LiveStream } from './hub.ts'

/** How long shutdown waits for a stream's last bytes before dropping the connection, milliseconds. */
const END_GRACE_MS = 1000

/**
 * One open Server-Sent Events response. Until `replayed()` is called, live frames are held back (in
 * order), so frames replayed from the table are written first and none is lost or sent twice. Holds only
 * the raw response: a stream costs its socket and little more.
 */
export class SseStream implements LiveStream {
  readonly userId: string
  readonly #res: ServerResponse
  #held: string[] | null = []
  #ended = false

  constructor(res: ServerResponse, userId: string, onClose: (stream: SseStream) => void) {
    this.#res = res
    this.userId = userId
    res.once('close', () => {
      this.#ended = true
      onClose(this)
    })
  }

  /** Writes now, ahead of held live frames (the replay). */
  writeNow(frame: string): void {
    if (!this.#ended) this.#res.write(frame)
  }

  write(frame: string): void {
    if (this.#ended) return
    if (this.#held) this.#held.push(frame)
    else this.#res.write(frame)
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
    const res = this.#res
    return new Promise<void>((resolve) => {
      // A client that stopped reading cannot hold shutdown.
      const timer = setTimeout(() => {
        res.destroy()
        resolve()
      }, END_GRACE_MS)
      timer.unref()
      res.end(() => {
        clearTimeout(timer)
        res.socket?.destroy()
        resolve()
      })
    })
  }
}
