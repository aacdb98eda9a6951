// Paying an invoice, confirming a transfer, and disputes.
import { randomUUID } from 'node:crypto';
import { type Router } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { disputeSignal, dunningWorkflowId } from '../../../workflows/dunning.ts';
import { enqueueCommand } from '../../../db/workflow-commands.ts';
import { recordAudit } from '../../../db/audit.ts';
import { enqueueEmail } from '../../../db/outbox.ts';
import { invoiceLabel, recomputeInvoice } from '../../../domain/invoicing/ledger.ts';
import { addDisputeMessage, insertPayment } from '../../../domain/invoicing/invoices.ts';
import { formatMoney } from '../../../domain/invoicing/money.ts';
import { fields, route } from '../../http.ts';
import { AppError } from '../../errors.ts';
import { deliverCommands, markQueued } from '../../services/temporal.ts';
import { Minor } from '../../services/invoices.ts';
import { InvoiceDetail, PaymentStarted } from '../../schemas/invoices.ts';
import { applyPaidEvent, confirmerOf, confirmPaymentIn, InvoiceParams, lockedBalance, type InvoiceContext } from './shared.ts';

/** Paying (by transfer or online) and confirming a transfer. */
export function paymentRoutes(r: Router, ctx: InvoiceContext): void {
  const { deps, orm, temporalDeps, ctxOf, visible, detail } = ctx;

  route(r, {
    method: 'post', path: '/api/invoices/:invoiceId/payments', response: PaymentStarted, tag: 'invoices', auth: 'session', params: InvoiceParams, status: 201,
    body: z.discriminatedUnion('method', [
      z.strictObject({ method: z.literal('manual'), amountMinor: Minor.min(1, 'More than zero'), reference: z.string().trim().min(1, 'Say which reference you used').max(200) }),
      z.strictObject({ method: z.literal('stripe') }),
    ], { message: 'Choose manual or stripe' }),
    summary: 'Pay: record a bank transfer (the team confirms it when the money arrives) or start an online payment of the open balance (redirect URL). More than the balance is refused.',
    errors: ['conflict'],
  }, async ({ req, user, params, body }) => {
    const inv = await visible(req, user, params.invoiceId, 'invoice.pay');
    if (!['sent', 'partly_paid', 'overdue'].includes(inv.status)) throw new AppError('conflict', inv.status === 'disputed' ? 'This invoice is disputed; payments wait until the dispute is resolved' : `This invoice is ${inv.status}`);
    if (body.method === 'manual') {
      const id = await orm.em.fork().transactional(async (tx) => {
        const totals = await lockedBalance(tx, inv.id);
        const pending = Number((await tx.getConnection().execute<{ n: string | null }[]>(`select sum(amount_minor) as n from payment where invoice_id = ? and kind = 'payment' and status = 'pending' and method = 'manual'`, [inv.id], 'all', tx.getTransactionContext()))[0]!.n ?? 0);
        if (body.amountMinor > totals.balanceMinor - pending) {
          throw new AppError('validation_failed', 'More than the open balance', { fields: { amountMinor: `At most ${formatMoney(totals.balanceMinor - pending, inv.currency)}, the balance due${pending ? ' less transfers awaiting confirmation' : ''}` } });
        }
        // A transfer has no provider id to be a duplicate by: it is always recorded.
        const paymentId = (await insertPayment(tx, {
          invoiceId: inv.id, accountId: inv.account_id, method: 'manual', status: 'pending', kind: 'payment', amountMinor: body.amountMinor, currency: inv.currency,
          reference: body.reference, createdById: user.id,
        }))!;
        await recordAudit(tx, { ...ctxOf(req, user), action: 'payment.recorded', accountId: inv.account_id, target: { type: 'invoice', id: inv.id }, data: { method: 'manual', amountMinor: body.amountMinor, reference: body.reference } });
        return paymentId;
      });
      return { paymentId: id, ...(await detail(inv.id, user)) };
    }
    const stripe = deps.payments?.stripe;
    if (!stripe) throw new AppError('conflict', 'Online payment is not set up; pay by bank transfer');
    const totals = await orm.em.fork().transactional((tx) => lockedBalance(tx, inv.id));
    const started = await stripe.start({
      invoiceId: inv.id, invoiceLabel: invoiceLabel(inv.number), accountId: inv.account_id, amountMinor: totals.balanceMinor, currency: inv.currency, customerEmail: user.email,
      successUrl: `${deps.config.publicUrl}/invoices/${inv.id}?paid=1`, cancelUrl: `${deps.config.publicUrl}/invoices/${inv.id}`, // Per day: Stripe keeps keys for a day and sessions expire after one, so a key never outlives its session.
      idempotencyKey: `invoice:${inv.id}:${totals.balanceMinor}:${user.id}:${new Date().toISOString().slice(0, 10)}`,
    });
    if (started.kind !== 'redirect') throw new AppError('internal', 'The payment provider did not answer with a page');
    const commandId = await orm.em.fork().transactional(async (tx) => {
      const c = tx.getConnection();
      await insertPayment(tx, {
        invoiceId: inv.id, accountId: inv.account_id, method: 'stripe', status: 'pending', kind: 'payment', amountMinor: totals.balanceMinor, currency: inv.currency,
        providerRef: started.providerRef, createdById: user.id,
      });
      // The provider's webhook may have come before this row: its event was kept, and is applied now.
      const early = (await c.execute<{ event_id: string; type: string; paid_minor: string }[]>(
        `select event_id, type, paid_minor from payment_event where provider_ref = ? and status = 'unmatched' for update`, [started.providerRef], 'all', tx.getTransactionContext()))[0];
      if (!early) return null;
      return (await applyPaidEvent(tx, { id: early.event_id, type: early.type, providerRef: started.providerRef, paidMinor: Number(early.paid_minor) }, confirmerOf(req, null))).commandId;
    });
    if (commandId !== null) await deliverCommands(temporalDeps, [commandId]);
    return { redirectUrl: started.url };
  });

  route(r, {
    method: 'post', path: '/api/payments/:paymentId/confirm', response: InvoiceDetail, tag: 'invoices', auth: 'session', params: z.object({ paymentId: fields.uuid }), body: z.strictObject({}).optional(),
    summary: 'Confirm that a recorded transfer arrived (account team); a balance of zero stops the dunning', errors: ['conflict'], workflow: 'queued',
  }, async ({ req, res, user, params }) => {
    const p = (await orm.em.getConnection().execute<{ invoice_id: string }[]>('select invoice_id from payment where id = ?', [params.paymentId]))[0];
    if (!p) throw new AppError('not_found', 'Not found');
    await visible(req, user, p.invoice_id, 'invoice.manage');
    const { commandId } = await orm.em.fork().transactional((tx) => confirmPaymentIn(tx, params.paymentId, confirmerOf(req, user)));
    markQueued(res, await deliverCommands(temporalDeps, commandId === null ? [] : [commandId]));
    return detail(p.invoice_id, user);
  });
}

/** Disputes: opened by the client, a conversation, resolved by the team. */
export function disputeRoutes(r: Router, ctx: InvoiceContext): void {
  const { deps, orm, temporalDeps, isClient, ctxOf, visible, detail } = ctx;

  route(r, {
    method: 'post', path: '/api/invoices/:invoiceId/dispute', response: InvoiceDetail, tag: 'invoices', auth: 'session', params: InvoiceParams,
    body: z.strictObject({ reason: z.string().trim().min(1, 'Say what is wrong').max(5000) }),
    summary: 'Dispute an invoice (client): the dunning pauses and a conversation with the team opens', errors: ['conflict'], workflow: 'queued',
  }, async ({ req, res, user, params, body }) => {
    const inv = await visible(req, user, params.invoiceId, 'invoice.pay');
    if (!isClient(user)) throw new AppError('forbidden', 'Clients dispute invoices; the team resolves them');
    if (!['sent', 'partly_paid', 'overdue'].includes(inv.status)) throw new AppError('conflict', inv.status === 'disputed' ? 'This invoice is already disputed' : `This invoice is ${inv.status}`);
    const commandId = await orm.em.fork().transactional(async (tx) => {
      const c = tx.getConnection();
      const ctx = tx.getTransactionContext();
      // The status to go back to is kept in the dunning state's read model; the invoice is disputed meanwhile.
      const claimed = await c.execute<{ affectedRows: number }>(`update invoice set status = 'disputed' where id = ? and status in ('sent', 'partly_paid', 'overdue')`, [inv.id], 'run', ctx);
      if (!claimed.affectedRows) throw new AppError('conflict', 'This invoice is no longer open to dispute');
      await addDisputeMessage(tx, { invoiceId: inv.id, authorId: user.id, body: body.reason });
      for (const m of await c.execute<{ id: string; name: string; email: string }[]>(`select u.id, u.name, u.email from account_team_member t join app_user u on u.id = t.user_id where t.account_id = ? and u.disabled_at is null`, [inv.account_id], 'all', ctx)) {
        await enqueueEmail(tx, { idempotencyKey: `invoice:${inv.id}:disputed:${Date.now()}:${m.id}`, to: m.email, kind: 'dispute', content: { subject: `Disputed: invoice ${invoiceLabel(inv.number)} (${inv.account_name})`, greeting: `Hello ${m.name},`, paragraphs: [`${user.name} disputes invoice ${invoiceLabel(inv.number)}:`, body.reason], action: { label: 'Open the invoice', url: `${deps.config.publicUrl}/invoices/${inv.id}` } } });
      }
      await recordAudit(tx, { ...ctxOf(req, user), action: 'invoice.disputed', accountId: inv.account_id, target: { type: 'invoice', id: inv.id }, data: { reason: body.reason } });
      return disputeCommand(tx, inv.id, true, user.email);
    });
    markQueued(res, await deliverCommands(temporalDeps, [commandId]));
    return detail(inv.id, user);
  });

  route(r, {
    method: 'post', path: '/api/invoices/:invoiceId/dispute/messages', response: InvoiceDetail, tag: 'invoices', auth: 'session', params: InvoiceParams, status: 201,
    body: z.strictObject({ body: z.string().trim().min(1, 'Write something').max(5000) }), summary: 'Write in the dispute conversation (client or team)', errors: ['conflict'],
  }, async ({ req, user, params, body }) => {
    const inv = await visible(req, user, params.invoiceId, 'invoice.pay');
    if (inv.status !== 'disputed') throw new AppError('conflict', 'This invoice is not disputed');
    await addDisputeMessage(orm.em, { invoiceId: inv.id, authorId: user.id, body: body.body });
    return detail(inv.id, user);
  });

  route(r, {
    method: 'post', path: '/api/invoices/:invoiceId/dispute/resolve', response: InvoiceDetail, tag: 'invoices', auth: 'session', params: InvoiceParams,
    body: z.strictObject({ resolution: z.string().trim().min(1, 'Say how it was resolved').max(5000) }), summary: 'Resolve a dispute (account team): the dunning resumes', errors: ['conflict'], workflow: 'queued',
  }, async ({ req, res, user, params, body }) => {
    const inv = await visible(req, user, params.invoiceId, 'invoice.manage');
    if (inv.status !== 'disputed') throw new AppError('conflict', 'This invoice is not disputed');
    const wasOverdue = (inv.dunning.steps ?? []).some((s) => s.status === 'done' && s.offsetDays >= 0);
    const commandId = await orm.em.fork().transactional(async (tx) => {
      const c = tx.getConnection();
      const claimed = await c.execute<{ affectedRows: number }>(`update invoice set status = 'sent' where id = ? and status = 'disputed'`, [inv.id], 'run', tx.getTransactionContext());
      if (!claimed.affectedRows) throw new AppError('conflict', 'This invoice is not disputed');
      await addDisputeMessage(tx, { invoiceId: inv.id, authorId: user.id, body: `Resolved: ${body.resolution}` });
      await recomputeInvoice(tx, inv.id, wasOverdue);
      await recordAudit(tx, { ...ctxOf(req, user), action: 'invoice.dispute_resolved', accountId: inv.account_id, target: { type: 'invoice', id: inv.id }, data: { resolution: body.resolution } });
      return disputeCommand(tx, inv.id, false, user.email);
    });
    markQueued(res, await deliverCommands(temporalDeps, [commandId]));
    return detail(inv.id, user);
  });
}

/** The command that pauses (a dispute opened) or resumes (resolved) an invoice's dunning. */
function disputeCommand(tx: EntityManager, invoiceId: string, open: boolean, by: string): Promise<number> {
  return enqueueCommand(tx, { kind: 'signal', key: `invoice:${invoiceId}:dispute:${open ? 'opened' : 'resolved'}:${randomUUID()}`, workflowId: dunningWorkflowId(invoiceId), signal: disputeSignal.name, args: [{ open, by }] });
}
