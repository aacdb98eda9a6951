// What the invoice routes share: who may see an invoice, its detail, and confirming payments.
import { type Request } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { dunningWorkflowId, invoiceSettledSignal } from '../../../workflows/dunning.ts';
import { enqueueCommand } from '../../../db/workflow-commands.ts';
import type { SendDeps } from '../../../domain/invoicing/send-invoice.ts';
import { recordAudit } from '../../../db/audit.ts';
import { recomputeInvoice } from '../../../domain/invoicing/ledger.ts';
import { formatMoney } from '../../../domain/invoicing/money.ts';
import { fields } from '../../http.ts';
import type { AppDeps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { authorize, roleMay } from '../../policy.ts';
import type { SessionUser } from '../../auth/session-user.ts';
import { temporalDepsOf } from '../../services/temporal.ts';
import { DEFAULT_DUNNING, invoiceLines, invoiceView, loadInvoice, type InvoiceRow } from '../../services/invoices.ts';

export const InvoiceParams = z.object({ invoiceId: fields.uuid });

/** The helpers every part of the invoice routes uses, bound to the app's dependencies. */
export function invoiceContext(deps: AppDeps) {
  const { orm } = deps;
  const temporalDeps = temporalDepsOf(deps);
  const sendDeps: SendDeps = { orm, storage: deps.storage, publicUrl: deps.config.publicUrl, dayMs: deps.config.dayMs, defaultPolicy: DEFAULT_DUNNING };
  const isClient = (u: SessionUser) => u.role === 'client_member' || u.role === 'client_admin';
  const ctxOf = (req: Request, user: SessionUser | null) => ({ actor: user ? { id: user.id, email: user.email, role: user.role } : null, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null });
  async function visible(req: Request, user: SessionUser, id: string, action: Parameters<typeof authorize>[3]): Promise<InvoiceRow> {
    const inv = await loadInvoice(orm.em, id);
    // A client never learns of a draft.
    if (!inv || (inv.status === 'draft' && isClient(user))) throw new AppError('not_found', 'Not found');
    await authorize(orm.em, req, user, action, inv.account_id);
    return inv;
  }

  async function detail(id: string, user: SessionUser) {
    const inv = (await loadInvoice(orm.em, id))!;
    const view = invoiceView(inv, await invoiceLines(orm.em, id));
    const payments = await orm.em.getConnection().execute<{ id: string; method: string; status: string; kind: string; amount_minor: string; reference: string | null; note: string | null; created_at: Date; confirmed_at: Date | null }[]>(
      'select id, method, status, kind, amount_minor, reference, note, created_at, confirmed_at from payment where invoice_id = ? order by created_at', [id]);
    const messages = await orm.em.getConnection().execute<{ body: string; created_at: Date; name: string; role: string }[]>(
      'select m.body, m.created_at, u.name, u.role from invoice_dispute_message m join app_user u on u.id = m.author_id where m.invoice_id = ? order by m.created_at', [id]);
    const pauses = await orm.em.getConnection().execute<{ step_key: string; created_at: Date; lifted_at: Date | null; lifted_because: string | null; lift_reason: string | null }[]>(
      'select step_key, created_at, lifted_at, lifted_because, lift_reason from work_pause where invoice_id = ? order by created_at', [id]);
    const staff = roleMay(user, 'invoice.manage');
    const open = ['sent', 'partly_paid', 'overdue'].includes(inv.status);
    return {
      invoice: view,
      payments: payments.map((p) => ({ id: p.id, method: p.method, status: p.status, kind: p.kind, amountMinor: Number(p.amount_minor), reference: p.reference, note: p.note, createdAt: new Date(p.created_at).toISOString(), confirmedAt: p.confirmed_at ? new Date(p.confirmed_at).toISOString() : null })),
      workPauses: pauses.map((w) => ({ stepKey: w.step_key, since: new Date(w.created_at).toISOString(), liftedAt: w.lifted_at ? new Date(w.lifted_at).toISOString() : null, liftedBecause: w.lifted_because, reason: w.lift_reason })),
      dispute: messages.map((m) => ({ author: m.name, fromTeam: !['client_member', 'client_admin'].includes(m.role), body: m.body, at: new Date(m.created_at).toISOString() })),
      permissions: {
        edit: staff && inv.status === 'draft', send: staff && inv.status === 'draft', void: staff && !['void', 'paid', 'draft'].includes(inv.status),
        pay: roleMay(user, 'invoice.pay') && open, payOnline: roleMay(user, 'invoice.pay') && open && !!deps.payments?.stripe,
        dispute: isClient(user) && open, resolveDispute: staff && inv.status === 'disputed', confirmPayments: staff, refund: staff && view.paidMinor - view.refundedMinor > 0,
        changeSchedule: staff && open, waiveWorkPause: staff && pauses.some((w) => !w.lifted_at),
      },
    };
  }

  return { deps, orm, temporalDeps, sendDeps, isClient, ctxOf, visible, detail };
}

export type InvoiceContext = ReturnType<typeof invoiceContext>;

/** The command that tells an invoice's dunning workflow it was paid in full or voided (once per invoice and outcome). */
export function settledCommand(tx: EntityManager, invoiceId: string, status: 'paid' | 'void', by: string): Promise<number> {
  return enqueueCommand(tx, { kind: 'signal', key: `invoice:${invoiceId}:settled:${status}`, workflowId: dunningWorkflowId(invoiceId), signal: invoiceSettledSignal.name, args: [{ status, by }] });
}

/** Refuses more than the open balance; locks the invoice for the caller's transaction. */
export async function lockedBalance(tx: EntityManager, invoiceId: string) {
  await tx.getConnection().execute('select 1 from invoice where id = ? for update', [invoiceId], 'all', tx.getTransactionContext());
  return recomputeInvoice(tx, invoiceId);
}

/** Who confirms a payment: a member of the team, or the payment provider (its webhook). */
export interface Confirmer { user: SessionUser | null; ip: string | null; userAgent: string | null }

/**
 * Confirms a payment inside the caller's transaction; when the balance reaches zero, the command
 * that stops the invoice's dunning is queued with it. Returns the command, if any.
 */
export async function confirmPaymentIn(tx: EntityManager, paymentId: string, by: Confirmer, amountCheck = true): Promise<{ invoiceId: string; commandId: number | null }> {
  const c = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const p = (await c.execute<{ id: string; invoice_id: string; account_id: string; status: string; kind: string; amount_minor: string; method: string; currency: string }[]>(
    'select id, invoice_id, account_id, status, kind, amount_minor, method, currency from payment where id = ? for update', [paymentId], 'all', ctx))[0];
  if (!p) throw new AppError('not_found', 'Not found');
  if (p.status === 'confirmed') return { invoiceId: p.invoice_id, commandId: null };
  const totals = await lockedBalance(tx, p.invoice_id);
  if (amountCheck && Number(p.amount_minor) > totals.balanceMinor) throw new AppError('conflict', `This payment is more than the open balance (${formatMoney(totals.balanceMinor, p.currency)})`);
  await c.execute(`update payment set status = 'confirmed', confirmed_at = now(), confirmed_by_id = ? where id = ?`, [by.user?.id ?? null, p.id], 'run', ctx);
  const after = await recomputeInvoice(tx, p.invoice_id);
  await recordAudit(tx, { actor: by.user ? { id: by.user.id, email: by.user.email, role: by.user.role } : null, ip: by.ip, userAgent: by.userAgent, eventKey: `payment:${p.id}:confirmed`, action: 'payment.confirmed', accountId: p.account_id, target: { type: 'invoice', id: p.invoice_id }, data: { paymentId: p.id, method: p.method, amountMinor: Number(p.amount_minor), balanceMinor: after.balanceMinor } });
  const commandId = after.balanceMinor <= 0 ? await settledCommand(tx, p.invoice_id, 'paid', by.user?.email ?? 'payment provider') : null;
  return { invoiceId: p.invoice_id, commandId };
}

export const confirmerOf = (req: Request, user: SessionUser | null): Confirmer => ({ user, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null });

/**
 * A paid checkout event applied in the caller's transaction: its payment confirmed, or, when no
 * payment matches yet, the event kept as `unmatched` for the team (and applied when its payment
 * row appears). The event row is written here, so it is recorded exactly when its effect commits.
 */
export async function applyPaidEvent(tx: EntityManager, event: { id: string; type: string; providerRef: string; paidMinor: number }, by: Confirmer): Promise<{ commandId: number | null; matched: boolean }> {
  const c = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const p = (await c.execute<{ id: string; account_id: string; invoice_id: string }[]>(`select id, account_id, invoice_id from payment where provider_ref = ? for update`, [event.providerRef], 'all', ctx))[0];
  if (!p) {
    await c.execute(`update payment_event set status = 'unmatched', provider_ref = ?, paid_minor = ? where event_id = ?`, [event.providerRef, event.paidMinor, event.id], 'run', ctx);
    await recordAudit(tx, { action: 'payment.webhook_unmatched', ip: by.ip, userAgent: by.userAgent, eventKey: `payment-event:${event.id}:unmatched`, data: { eventId: event.id, type: event.type, amountMinor: event.paidMinor } });
    return { commandId: null, matched: false };
  }
  await c.execute('update payment set amount_minor = ?, provider_event_id = ? where id = ?', [event.paidMinor, event.id, p.id], 'run', ctx);
  // The money has arrived: it is recorded even if it is more than the balance (the team refunds the difference).
  const { commandId } = await confirmPaymentIn(tx, p.id, by, false);
  await c.execute(`update payment_event set status = 'handled', provider_ref = ?, paid_minor = ?, payment_id = ? where event_id = ?`, [event.providerRef, event.paidMinor, p.id, event.id], 'run', ctx);
  return { commandId, matched: true };
}
