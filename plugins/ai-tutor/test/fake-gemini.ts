import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A request the fake received: the method (`generateContent` or `streamGenerateContent`), model, headers and JSON body. */
export interface SeenRequest {
  method: string
  model: string
  apiKey: string | undefined
  body: {
    contents: Array<{ role: string; parts: Array<{ text: string }> }>
    systemInstruction?: { parts: Array<{ text: string }> }
    generationConfig?: { responseMimeType?: string; responseJsonSchema?: unknown }
  }
}

/** What the fake does with the next requests. */
export type Behaviour =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'stream'; pieces: string[] }
  | { kind: 'status'; status: number }
  /** Never answers: holds each request until the client gives up on it or the fake stops. */
  | { kind: 'hang' }
  /** Streams these pieces, then drops the connection without ending the response. */
  | { kind: 'broken-stream'; pieces: string[] }

const USAGE = { promptTokenCount: 120, candidatesTokenCount: 30, totalTokenCount: 150 }

const response = (text: string) => ({
  candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
  usageMetadata: USAGE,
  modelVersion: 'gemini-test',
})

/**
 * A local server speaking Gemini's REST wire format (`POST /{version}/models/{model}:generateContent` and
 * `:streamGenerateContent?alt=sse`), for driving the real `@google/genai` SDK in tests.
 */
export class FakeGemini {
  readonly requests: SeenRequest[] = []
  behaviour: Behaviour = { kind: 'text', text: '{}' }
  #server: Server
  url = ''

  constructor() {
    // A client that goes away mid-request (a timed-out call) ends that request here, not the test run.
    this.#server = createServer((req, res) => void this.#handle(req, res).catch(() => res.destroy()))
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections()
    await new Promise((resolve) => this.#server.close(resolve))
  }

  /** Requests of one method (`generateContent`, `streamGenerateContent`). */
  calls(method: string): SeenRequest[] {
    return this.requests.filter((r) => r.method === method)
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/[^/]+\/models\/([^/:]+):(generateContent|streamGenerateContent)(\?.*)?$/.exec(req.url ?? '')
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } }))
      return
    }
    let raw = ''
    for await (const chunk of req) raw += chunk
    this.requests.push({ method: match[2]!, model: match[1]!, apiKey: req.headers['x-goog-api-key'] as string | undefined, body: JSON.parse(raw) })
    const b = this.behaviour
    if (b.kind === 'status') {
      const status = b.status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL'
      res.writeHead(b.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: b.status, message: `fake ${b.status}`, status } }))
      return
    }
    if (b.kind === 'hang') {
      await new Promise((resolve) => res.once('close', resolve))
      return
    }
    if (b.kind === 'broken-stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      for (const piece of b.pieces) res.write(`data: ${JSON.stringify(response(piece))}\r\n\r\n`)
      await new Promise((resolve) => setTimeout(resolve, 50))
      res.destroy()
      return
    }
    if (match[2] === 'streamGenerateContent') {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      const pieces = b.kind === 'stream' ? b.pieces : [b.kind === 'text' ? b.text : JSON.stringify((b as { value: unknown }).value)]
      for (const piece of pieces) res.write(`data: ${JSON.stringify(response(piece))}\r\n\r\n`)
      res.end()
      return
    }
    const text = b.kind === 'text' ? b.text : b.kind === 'stream' ? b.pieces.join('') : JSON.stringify(b.value)
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(response(text)))
  }
}
