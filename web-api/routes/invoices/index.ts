// Invoices. Routes are registered in this order (Express matches, and the OpenAPI document
// lists them, in registration order).
import { Router } from 'express';
import type { AppDeps } from '../../deps.ts';
import { invoiceContext } from './shared.ts';
import { draftRoutes, scheduleRoutes, settlementRoutes } from './staff.ts';
import { disputeRoutes, paymentRoutes } from './payments.ts';

export { paymentWebhookRoutes } from './webhooks.ts';

export function invoiceRoutes(deps: AppDeps): Router {
  const r = Router();
  const ctx = invoiceContext(deps);
  draftRoutes(r, ctx);
  paymentRoutes(r, ctx);
  settlementRoutes(r, ctx);
  disputeRoutes(r, ctx);
  scheduleRoutes(r, ctx);
  return r;
}
