import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { WAIT_TIMEOUT_MS } from './wait.ts'

/** A message as the test SMTP server received it. */
export interface ReceivedMail {
  from: string
  to: string[]
  /** The whole message as sent (RFC 5322 header and body). */
  raw: string
  subject: string
  /** The plain-text part, decoded. */
  text: string
  /** The HTML part, decoded; undefined when there is none. */
  html: string | undefined
  /** A header field's value as sent (unfolded); undefined when absent. */
  header(name: string): string | undefined
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:PORT`, for `mail.smtpUrl` (EDU_SMTP_URL). */
  url: string
  readonly received: ReceivedMail[]
  /** Transactions the server refused so far. */
  readonly refused: number
  /** Messages whose data arrived and wait for `release()` (with `hold: true`). */
  readonly holding: number
  /** Answers every held message and those that come later (with `hold: true`). */
  release(): void
  /** Resolves once `count` messages have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>
  close(): Promise<void>
}

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package), for mail tests. `refuse: n` answers the
 * first n messages with `451 4.3.0` (a temporary failure, RFC 5321), as a busy server would. `hold: true`
 * takes each message's data and answers nothing until `release()`, as a stalled server would.
 */
export async function startTestSmtpServer(options: { refuse?: number; hold?: boolean } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = []
  let refused = 0
  let holding = 0
  let released = !options.hold
  let releaseAll = () => {}
  const gate = new Promise<void>((resolve) => {
    releaseAll = resolve
  })
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', async () => {
        if (!released) {
          holding += 1
          await gate
          holding -= 1
        }
        if (refused < (options.refuse ?? 0)) {
          refused += 1
          return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }))
        }
        const raw = Buffer.concat(chunks).toString('utf8')
        const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ')
        const parsed = await simpleParser(raw)
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: parsed.html === false ? undefined : parsed.html,
          header(name) {
            const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
            return line?.slice(name.length + 1).trim()
          },
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get refused() {
      return refused
    },
    get holding() {
      return holding
    },
    release() {
      released = true
      releaseAll()
    },
    async waitFor(count, timeoutMs = WAIT_TIMEOUT_MS) {
      const deadline = Date.now() + timeoutMs
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`Expected ${count} message(s), got ${received.length}`)
        await new Promise((r) => setTimeout(r, 20))
      }
      return received
    },
    close: () => {
      released = true
      releaseAll()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
