import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import { Gauge, type Registry } from 'prom-client'
import type { NotificationItem } from '../schemas.ts'

/** One open stream of one user. */
export interface LiveStream {
  readonly userId: string
  /** Writes an SSE frame (already formatted). */
  write(frame: string): void
  /** Ends the response; resolves once it is flushed and the connection closed. */
  end(): Promise<void>
}

/** A new notification, or the user's unread count after they read some (so every tab's badge follows). */
export type LiveMessage = { userId: string; item: NotificationItem } | { userId: string; unreadCount: number }

/** `id:`/`event:`/`data:` lines of one notification (the WHATWG Server-Sent Events format). */
export const notificationFrame = (item: NotificationItem) => `id: ${item.id}\nevent: notification\ndata: ${JSON.stringify(item)}\n\n`
/** No `id:`: the stream's last event id stays that of the last notification, for resuming. */
export const unreadCountFrame = (count: number) => `event: unread-count\ndata: {"count":${count}}\n\n`
export const HEARTBEAT_FRAME = ': heartbeat\n\n'
/** Notifications per Redis message. */
const PUBLISH_BATCH = 500
/** Streams given their heartbeat per turn of the event loop: a beat over 10,000 streams never holds it for long. */
const BEAT_SLICE = 500

/** A user's streams on this engine: most users have one, kept as is; a Set only for two or more (about 150 bytes less a stream). */
type UserStreams = LiveStream | Set<LiveStream>
const each = (streams: UserStreams): Iterable<LiveStream> => (streams instanceof Set ? streams : [streams])

/**
 * Fans new notifications out to the streams open on this engine. With Redis every engine publishes to
 * one channel and delivers what it hears to its own streams, so a notification created by any instance
 * reaches a stream held by any other; without Redis delivery stays in-process. One timer writes the
 * heartbeats of every stream.
 */
export class LiveHub {
  readonly #streams = new Map<string, UserStreams>()
  readonly #log: FastifyBaseLogger
  readonly #gauge: Gauge
  #count = 0
  #heartbeat: NodeJS.Timeout | undefined
  #publisher: Redis | undefined
  #subscriber: Redis | undefined
  #channel = ''
  #closed = false
  #beating = false

  constructor(log: FastifyBaseLogger, registry: Registry) {
    this.#log = log
    const hub = this
    this.#gauge = new Gauge({
      name: 'edu_notifications_streams',
      help: 'Notification streams (SSE) open on this engine',
      registers: [registry],
      collect() {
        this.set(hub.#count)
      },
    })
  }

  get closed(): boolean {
    return this.#closed
  }

  get size(): number {
    return this.#count
  }

  /** Starts the heartbeats and, given a Redis client, the cross-instance channel. */
  async start(options: { heartbeatMs: number; redis?: Redis; channel: string }): Promise<void> {
    this.#heartbeat = setInterval(() => void this.#beat(), options.heartbeatMs)
    this.#heartbeat.unref()
    if (!options.redis) return
    this.#channel = options.channel
    const subscriber = options.redis.duplicate({ lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: null })
    subscriber.on('message', (_channel: string, message: string) => this.#deliverJson(message))
    subscriber.on('error', (err: Error) => this.#log.warn({ err }, 'notifications: Redis subscriber error; it reconnects'))
    try {
      await subscriber.connect()
      await subscriber.subscribe(options.channel)
      this.#subscriber = subscriber
      this.#publisher = options.redis
    } catch (err) {
      this.#log.warn({ err }, 'notifications: Redis pub/sub unavailable; live delivery stays on this instance')
      subscriber.disconnect()
    }
  }

  /** How many streams `userId` holds open on this engine. */
  openBy(userId: string): number {
    const open = this.#streams.get(userId)
    return open === undefined ? 0 : open instanceof Set ? open.size : 1
  }

  add(stream: LiveStream): void {
    const open = this.#streams.get(stream.userId)
    if (open instanceof Set) {
      if (open.has(stream)) return
      open.add(stream)
    } else if (open === stream) {
      return
    } else {
      this.#streams.set(stream.userId, open ? new Set([open, stream]) : stream)
    }
    this.#count += 1
  }

  remove(stream: LiveStream): void {
    const open = this.#streams.get(stream.userId)
    if (open === stream) this.#streams.delete(stream.userId)
    else if (!(open instanceof Set) || !open.delete(stream)) return
    else if (open.size === 1) this.#streams.set(stream.userId, open.values().next().value!)
    this.#count -= 1
  }

  /** Sends notifications to their users' streams on every instance (after their commit). */
  async publish(messages: LiveMessage[]): Promise<void> {
    // A lesson added to a large course tells thousands of students: Redis messages stay small.
    for (let from = 0; from < messages.length; from += PUBLISH_BATCH) {
      const batch = messages.slice(from, from + PUBLISH_BATCH)
      if (this.#publisher) {
        try {
          await this.#publisher.publish(this.#channel, JSON.stringify(batch))
          continue
        } catch (err) {
          this.#log.warn({ err }, 'notifications: Redis publish failed; delivering to this instance only')
        }
      }
      this.#deliver(batch)
    }
  }

  #deliverJson(message: string): void {
    try {
      this.#deliver(JSON.parse(message) as LiveMessage[])
    } catch (err) {
      this.#log.warn({ err }, 'notifications: unreadable live message ignored')
    }
  }

  #deliver(messages: LiveMessage[]): void {
    for (const message of messages) {
      const open = this.#streams.get(message.userId)
      if (!open) continue
      const frame = 'item' in message ? notificationFrame(message.item) : unreadCountFrame(message.unreadCount)
      for (const stream of each(open)) stream.write(frame)
    }
  }

  /**
   * Writes a heartbeat to every stream, BEAT_SLICE streams at a time with the event loop free in between,
   * so notifications and requests are not held behind thousands of socket writes.
   */
  async #beat(): Promise<void> {
    if (this.#beating) return
    this.#beating = true
    try {
      let written = 0
      for (const open of this.#streams.values()) {
        for (const stream of each(open)) {
          stream.write(HEARTBEAT_FRAME)
          written += 1
        }
        if (written >= BEAT_SLICE) {
          written = 0
          await new Promise((resolve) => setImmediate(resolve))
        }
      }
    } finally {
      this.#beating = false
    }
  }

  /** Ends every stream (engine shutdown), so closing never waits on them; new streams are refused. */
  async close(): Promise<void> {
    this.#closed = true
    clearInterval(this.#heartbeat)
    const all = [...this.#streams.values()].flatMap((open) => [...each(open)])
    this.#streams.clear()
    this.#count = 0
    await Promise.all(all.map((s) => s.end()))
    await this.#subscriber?.quit().catch(() => {})
    this.#subscriber = undefined
    this.#publisher = undefined
  }
}
