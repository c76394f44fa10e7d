import type { EduApp } from '@eduplatform/core'
import type { PaymentsService } from '../service.ts'
import { ProviderParams, WebhookAck } from '../schemas.ts'

/**
 * `POST /payments/webhooks/:provider`. Signatures are computed over the raw bytes, so this scope (and
 * only this scope) keeps every body as a Buffer instead of parsing JSON.
 */
export async function webhookRoutes(app: EduApp, service: PaymentsService) {
  await app.register(async (instance) => {
    const scope = instance as unknown as EduApp
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))

    scope.post('/payments/webhooks/:provider', {
      schema: {
        operationId: 'receivePaymentWebhook',
        tags: ['payments'],
        summary: 'Provider webhooks (signed). 400 on a bad signature, with nothing changed; a redelivered event is acknowledged and ignored',
        params: ProviderParams,
        response: { 200: WebhookAck },
      },
    }, async (request) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
      return service.handleWebhook(request.params.provider, raw, request.headers)
    })
  })
}
