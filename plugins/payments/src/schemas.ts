import { Type, type Static } from 'typebox'
import { ListQueryProps, Page } from '@eduplatform/core'
import { PAYMENT_STATUSES } from './entities/payment.ts'

/** The dev-only mock webhook secret; set your own outside development. */
export const DEV_MOCK_WEBHOOK_SECRET = 'edu-dev-mock-webhook-secret'

export const PaymentsOptions = Type.Object(
  {
    provider: Type.Enum(['mock', 'stripe'], { default: 'mock', description: 'Which payment provider takes the money' }),
    mock: Type.Object(
      {
        webhookSecret: Type.Optional(Type.String({ minLength: 16, default: DEV_MOCK_WEBHOOK_SECRET, description: 'HMAC key of x-mock-signature' })),
        toleranceSeconds: Type.Optional(Type.Integer({ minimum: 1, default: 300 })),
        allowInProduction: Type.Optional(Type.Boolean({
          default: false,
          description: 'The mock takes no money, so it is refused when NODE_ENV=production unless this is true (a public demo)',
        })),
      },
      { default: {}, additionalProperties: false },
    ),
    stripe: Type.Optional(
      Type.Object(
        {
          secretKey: Type.String({ pattern: '^(sk|rk)_', description: 'sk_… or a restricted rk_… key' }),
          webhookSecret: Type.String({ minLength: 1, description: 'The endpoint signing secret, whsec_…' }),
          successUrl: Type.Optional(Type.String({ minLength: 1 })),
          cancelUrl: Type.Optional(Type.String({ minLength: 1 })),
          host: Type.Optional(Type.String({ minLength: 1 })),
          port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
          protocol: Type.Optional(Type.Enum(['http', 'https'])),
          maxNetworkRetries: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
          timeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type PaymentsOptions = Static<typeof PaymentsOptions>

const Uuid = Type.String({ format: 'uuid' })
const Timestamp = Type.String({ format: 'date-time' })
const NullableTimestamp = Type.Union([Timestamp, Type.Null()])

export const IdParams = Type.Object({ id: Uuid })
export const ProviderParams = Type.Object({ provider: Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$' }) })
export const ListQuery = Type.Object(ListQueryProps)

/** No amount: the price is always read from the course on the server. */
export const CreatePaymentBody = Type.Object({ courseId: Uuid }, { additionalProperties: false })
export const CreatePaymentHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 8,
    maxLength: 255,
    pattern: '^[\\x21-\\x7E]+$',
    description: 'Unique per purchase attempt (a UUID is ideal); a retry with the same key and body returns the same payment',
  }),
})

export const PaymentView = Type.Object(
  {
    id: Uuid,
    studentId: Uuid,
    courseId: Uuid,
    status: Type.Enum([...PAYMENT_STATUSES]),
    amount: Type.Integer({ description: 'The course price as an integer in the minor unit of `currency` per ISO 4217 (cents for USD, yen for JPY, fils for KWD)' }),
    currency: Type.String({ description: 'ISO 4217 alphabetic currency code, upper case, as on the course' }),
    provider: Type.String(),
    checkoutUrl: Type.Union([Type.String(), Type.Null()], { description: 'Where the student pays (Stripe); null once settled or for the mock' }),
    createdAt: Timestamp,
    completedAt: NullableTimestamp,
    refundedAt: NullableTimestamp,
  },
  { $id: 'Payment', description: 'A payment for a course' },
)
export const PaymentsPage = Page(PaymentView)

export const WebhookAck = Type.Object({
  received: Type.Boolean(),
  duplicate: Type.Boolean({ description: 'This event was already applied; nothing changed' }),
  ignored: Type.Boolean({ description: 'An event type the engine does not use, or for no payment it knows' }),
})
