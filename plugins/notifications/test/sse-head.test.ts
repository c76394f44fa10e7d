import { describe, expect, it } from 'vitest'
import { sseHead } from '../src/live/sse-stream.ts'

describe('sseHead', () => {
  it('writes the status line and each header value on its own line, leaving out values that hold a line break', () => {
    const head = sseHead({ 'content-type': 'text/event-stream', vary: ['Origin', 'Accept'], 'x-bad': 'a\r\nset-cookie: x=1', 'x-count': 3, 'x-none': undefined })
    expect(head).toBe('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nvary: Origin\r\nvary: Accept\r\nx-count: 3\r\n\r\n')
  })
})
