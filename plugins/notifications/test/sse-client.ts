import { request, type IncomingHttpHeaders } from 'node:http'
import { WAIT_TIMEOUT_MS } from '@eduplatform/core/testing'

export interface SseEvent {
  id?: string
  event: string
  data: string
}

/** A Server-Sent Events reader over a real socket, parsing the stream as the WHATWG format defines it. */
export interface SseClient {
  status: number
  headers: IncomingHttpHeaders
  /** The problem body when the server did not open a stream. */
  body: string
  readonly events: SseEvent[]
  readonly comments: string[]
  readonly retry: number | undefined
  /** Resolves when the server ended the stream. */
  ended: Promise<void>
  /** Resolves once `count` events have arrived. */
  waitForEvents(count: number, timeoutMs?: number): Promise<SseEvent[]>
  waitForComment(timeoutMs?: number): Promise<string>
  close(): void
}

export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = []
      const comments: string[] = []
      let retry: number | undefined
      let buffer = ''
      let body = ''
      let ended!: () => void
      const endedPromise = new Promise<void>((r) => (ended = r))
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        if (res.statusCode !== 200) {
          body += chunk
          return
        }
        buffer += chunk
        let cut: number
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut)
          buffer = buffer.slice(cut + 2)
          const event: SseEvent = { event: 'message', data: '' }
          let hasData = false
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim())
            else if (line.startsWith('id: ')) event.id = line.slice(4)
            else if (line.startsWith('event: ')) event.event = line.slice(7)
            else if (line.startsWith('data: ')) {
              event.data += (hasData ? '\n' : '') + line.slice(6)
              hasData = true
            } else if (line.startsWith('retry: ')) retry = Number(line.slice(7))
          }
          if (hasData) events.push(event)
        }
      })
      res.on('end', () => ended())
      res.on('close', () => ended())
      const wait = async <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> => {
        const deadline = Date.now() + timeoutMs
        for (;;) {
          const value = check()
          if (value !== undefined) return value
          if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
          await new Promise((r) => setTimeout(r, 10))
        }
      }
      const client: SseClient = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        get body() {
          return body
        },
        events,
        comments,
        get retry() {
          return retry
        },
        ended: endedPromise,
        waitForEvents: (count, timeoutMs = WAIT_TIMEOUT_MS) => wait(() => (events.length >= count ? events : undefined), timeoutMs, `${count} event(s), got ${events.length}`),
        waitForComment: (timeoutMs = WAIT_TIMEOUT_MS) => wait(() => comments[0], timeoutMs, 'a comment'),
        close: () => req.destroy(),
      }
      if (res.statusCode === 200) resolve(client)
      else res.on('end', () => resolve(client))
    })
    req.on('error', reject)
    req.end()
  })
}
