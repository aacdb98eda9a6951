// The payment provider's webhook.
import { Router } from 'express';
import { z } from 'zod';
import { recordAudit } from '../../../db/audit.ts';
import { route } from '../../http.ts';
import type { AppDeps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { deliverCommands, temporalDepsOf } from '../../services/temporal.ts';
import { WebhookSignatureError } from '../../payments/provider.ts';
import { applyPaidEvent, confirmerOf } from './shared.ts';

/**
 * The payment provider's webhook: mounted before body parsing, sessions and CSRF (it is
 * authenticated by its signature, and the signature covers the raw body).
 */
export function paymentWebhookRoutes(deps: AppDeps): Router {
  const r = Router();
  const { orm } = deps;
  const temporalDeps = temporalDepsOf(deps);
  route(r, {
    method: 'post', path: '/api/webhooks/stripe', response: z.strictObject({ received: z.literal(true), duplicate: z.literal(true).optional() }), tag: 'invoices', auth: 'public', rawBody: ['application/json'],
    summary: "Stripe's webhook: the signature is verified, each event is handled once (by its id), a paid checkout confirms its payment",
  }, async ({ req }) => {
    const stripe = deps.payments?.stripe;
    if (!stripe?.parseWebhook) throw new AppError('not_found', 'No such API route');
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => { size += c.length; if (size > 1024 * 1024) reject(new AppError('payload_too_large', 'Too large')); else chunks.push(c); });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    let event;
    try {
      event = stripe.parseWebhook(raw, req.get('stripe-signature'));
    } catch (err) {
      if (err instanceof WebhookSignatureError) {
        await recordAudit(orm.em.fork(), { action: 'payment.webhook_refused', ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null, data: { reason: err.message } });
        throw new AppError('validation_failed', 'The signature does not match', { fields: { 'stripe-signature': 'Invalid' } });
      }
      throw err;
    }
    if (!event) return { received: true };
    // The event is recorded in the transaction of its effect: if the effect fails, nothing is recorded and the provider's retry does it.
    const outcome = await orm.em.fork().transactional(async (tx) => {
      const fresh = await tx.getConnection().execute<{ affectedRows: number }>(
        `insert into payment_event (event_id, provider, type, received_at, status) values (?, 'stripe', ?, now(), 'ignored') on conflict (event_id) do nothing`, [event.id, event.type], 'run', tx.getTransactionContext());
      if (!fresh.affectedRows) return { duplicate: true as const };
      if (event.paidMinor === null || !event.providerRef) return { commandId: null };
      return applyPaidEvent(tx, { id: event.id, type: event.type, providerRef: event.providerRef, paidMinor: event.paidMinor }, confirmerOf(req, null));
    });
    if ('duplicate' in outcome) return { received: true, duplicate: true };
    if (outcome.commandId !== null) await deliverCommands(temporalDeps, [outcome.commandId]);
    return { received: true };
  });

  return r;
}
