import type { EduApp } from '@eduplatform/core'
import type { PaymentsService } from '../service.ts'
import { CreatePaymentBody, CreatePaymentHeaders, IdParams, ListQuery, PaymentsPage, PaymentView } from '../schemas.ts'

export function paymentRoutes(app: EduApp, service: PaymentsService) {
  const tags = ['payments']

  app.post('/payments', {
    preHandler: app.auth.require('student'),
    schema: {
      operationId: 'createPayment',
      tags,
      summary: 'Pay for a course. 201 with the payment; reusing the key with the same body replays it (201, Idempotent-Replayed: true); 409 with another body',
      description: 'The amount is the course price, read on the server. The mock provider completes at once and the student is enrolled when this returns; with Stripe the payment is pending and `checkoutUrl` is where the student pays.',
      headers: CreatePaymentHeaders,
      body: CreatePaymentBody,
      response: { 201: PaymentView },
    },
  }, async (request, reply) => {
    const { payment, created } = await service.checkout(request.user!.id, request.body.courseId, request.headers['idempotency-key'])
    // A replay answers what the first request answered (the contract's 201), marked as a replay.
    if (!created) reply.header('idempotent-replayed', 'true')
    return reply.code(201).send(payment)
  })

  app.get('/payments/me', {
    preHandler: app.auth.require(),
    schema: { operationId: 'listMyPayments', tags, summary: 'My payments, newest first', querystring: ListQuery, response: { 200: PaymentsPage } },
  }, async (request) => service.listForStudent(request.user!.id, request.query.limit, request.query.cursor))

  app.get('/payments/:id', {
    preHandler: app.auth.require(),
    schema: { operationId: 'getPayment', tags, summary: 'One payment: its owner or an admin (404 to anyone else)', params: IdParams, response: { 200: PaymentView } },
  }, async (request) => service.get(request.user!, request.params.id))

  app.post('/payments/:id/refund', {
    preHandler: app.auth.require('admin'),
    schema: {
      operationId: 'refundPayment',
      tags,
      summary: 'Refund a completed payment through its provider; the enrollment becomes `refunded` and loses lesson access',
      params: IdParams,
      response: { 200: PaymentView },
    },
  }, async (request) => service.refund(request.params.id))
}
