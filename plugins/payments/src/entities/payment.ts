import { defineEntity, p, type InferEntity } from '@mikro-orm/core'

export const PAYMENT_STATUSES = ['pending', 'completed', 'failed', 'refunded'] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

/** `payments`: one checkout of one course by one student; unique per (student, idempotency key). */
export const PaymentSchema = defineEntity({
  name: 'Payment',
  tableName: 'payments',
  properties: {
    id: p.uuid().primary(),
    studentId: p.uuid(),
    courseId: p.uuid(),
    amountCents: p.integer(),
    currency: p.string(),
    status: p.enum(PAYMENT_STATUSES),
    provider: p.string(),
    providerRef: p.string().nullable(),
    checkoutUrl: p.string().nullable(),
    providerRefundRef: p.string().nullable(),
    idempotencyKey: p.string(),
    requestHash: p.string(),
    completedAt: p.datetime().nullable(),
    failedAt: p.datetime().nullable(),
    refundedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
})
export type Payment = InferEntity<typeof PaymentSchema>

/** `payment_webhook_events`: provider events already applied, so a redelivery is harmless. */
export const WebhookEventSchema = defineEntity({
  name: 'PaymentWebhookEvent',
  tableName: 'payment_webhook_events',
  properties: {
    provider: p.string().primary(),
    eventId: p.string().primary(),
    type: p.string(),
    paymentId: p.uuid().nullable(),
    receivedAt: p.datetime(),
  },
})

export const paymentEntities = [PaymentSchema, WebhookEventSchema]
