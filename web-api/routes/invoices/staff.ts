// The account team's side: drafts, sending, the PDF, refunds, voiding, work pauses and the dunning schedule.
import { randomUUID } from 'node:crypto';
import { type Router } from 'express';
import { z } from 'zod';
import { changeScheduleUpdate, dunningWorkflow, dunningWorkflowId } from '../../../workflows/dunning.ts';
import { sendInvoice } from '../../../domain/invoicing/send-invoice.ts';
import { recordAudit } from '../../../db/audit.ts';
import { liftWorkPauses } from '../../../db/work-pause.ts';
import { invoiceLabel, recomputeInvoice } from '../../../domain/invoicing/ledger.ts';
import { insertDraftInvoice, insertPayment, setItemLines } from '../../../domain/invoicing/invoices.ts';
import { fields, route } from '../../http.ts';
import { AppError } from '../../errors.ts';
import { authorize } from '../../policy.ts';
import { updateWorkflow, deliverCommands, markQueued } from '../../services/temporal.ts';
import {
  Currency, DEFAULT_DUNNING, DunningPolicyInput, InvoiceLineInput, invoiceView, Minor, TaxRateBp, type InvoiceRow,
} from '../../services/invoices.ts';
import { assertEngagementOfAccount } from '../../services/body-ids.ts';
import { InvoiceDetail, InvoiceList } from '../../schemas/invoices.ts';
import { InvoiceParams, lockedBalance, settledCommand, type InvoiceContext } from './shared.ts';

// A calendar date that exists (2026-02-30 is refused here, not by PostgreSQL as a 500).
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-31')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 2999;
  }, 'No such date');

const InvoiceBody = z.strictObject({
  engagementId: fields.uuid.nullable().optional(),
  currency: Currency,
  taxRateBp: TaxRateBp.default(0),
  issueDate: IsoDate.nullable().optional(),
  dueDate: IsoDate,
  notes: z.string().trim().max(2000, 'At most 2000 characters').default(''),
  lines: z.array(InvoiceLineInput).min(1, 'Add at least one line').max(200, 'At most 200 lines'),
  dunning: DunningPolicyInput.nullable().optional(),
});

/** Drafts: created, changed, listed, read, sent, and the PDF. */
export function draftRoutes(r: Router, ctx: InvoiceContext): void {
  const { deps, orm, temporalDeps, sendDeps, isClient, ctxOf, visible, detail } = ctx;

  route(r, {
    method: 'post', path: '/api/accounts/:accountId/invoices', response: InvoiceDetail, tag: 'invoices', auth: 'session', status: 201, params: z.object({ accountId: fields.uuid }), body: InvoiceBody,
    summary: 'Create a draft invoice (account team): lines, tax rate in basis points, currency, dates, notes and its dunning policy. Money is integer minor units.',
  }, async ({ req, user, params, body }) => {
    await authorize(orm.em, req, user, 'invoice.manage', params.accountId);
    if (body.engagementId) await assertEngagementOfAccount(orm.em, body.engagementId, params.accountId);
    const id = await orm.em.fork().transactional(async (tx) => {
      const invoiceId = randomUUID();
      await insertDraftInvoice(tx, {
        id: invoiceId, accountId: params.accountId, engagementId: body.engagementId ?? null, scheduleKey: null, currency: body.currency, taxRateBp: body.taxRateBp,
        issueDate: body.issueDate ?? null, due: body.dueDate, notes: body.notes, dunningPolicy: body.dunning ?? DEFAULT_DUNNING,
        workflowId: dunningWorkflowId(invoiceId), createdById: user.id,
      });
      await setItemLines(tx, invoiceId, body.lines);
      await recomputeInvoice(tx, invoiceId);
      await recordAudit(tx, { ...ctxOf(req, user), action: 'invoice.created', accountId: params.accountId, target: { type: 'invoice', id: invoiceId }, data: { lines: body.lines.length, currency: body.currency } });
      return invoiceId;
    });
    return detail(id, user);
  });

  route(r, {
    method: 'put', path: '/api/invoices/:invoiceId', response: InvoiceDetail, tag: 'invoices', auth: 'session', params: InvoiceParams, body: InvoiceBody,
    summary: 'Change a draft invoice (account team)', errors: ['conflict'],
  }, async ({ req, user, params, body }) => {
    const inv = await visible(req, user, params.invoiceId, 'invoice.manage');
    if (inv.status !== 'draft') throw new AppError('conflict', 'A sent invoice cannot be changed; void it and issue a new one');
    if (body.engagementId) await assertEngagementOfAccount(orm.em, body.engagementId, inv.account_id);
    await orm.em.fork().transactional(async (tx) => {
      await tx.getConnection().execute('update invoice set currency = ?, tax_rate_bp = ?, issue_date = ?, due_date = ?, notes = ?, dunning_policy = ?, engagement_id = ? where id = ?',
        [body.currency, body.taxRateBp, body.issueDate ?? null, body.dueDate, body.notes, JSON.stringify(body.dunning ?? DEFAULT_DUNNING), body.engagementId ?? null, inv.id], 'run', tx.getTransactionContext());
      await setItemLines(tx, inv.id, body.lines);
      await recomputeInvoice(tx, inv.id);
    });
    return detail(inv.id, user);
  });

  route(r, {
    method: 'get', path: '/api/accounts/:accountId/invoices', response: InvoiceList, tag: 'invoices', auth: 'session', params: z.object({ accountId: fields.uuid }),
    summary: 'Billing history of an account: amounts, states, due dates (clients see sent invoices only)',
  }, async ({ req, user, params }) => {
    await authorize(orm.em, req, user, 'account.read', params.accountId);
    const rows = await orm.em.getConnection().execute<InvoiceRow[]>(
      `select i.*, a.name as account_name from invoice i join account a on a.id = i.account_id where i.account_id = ? ${isClient(user) ? "and i.status <> 'draft'" : ''}
        order by i.status in ('overdue', 'sent', 'partly_paid', 'disputed') desc, i.due_date desc, i.created_at desc`, [params.accountId]);
    const invoices = rows.map((i) => {
      const v = invoiceView(i, []);
      return { id: v.id, label: v.label, status: v.status, currency: v.currency, issueDate: v.issueDate, dueDate: v.dueDate, totalMinor: v.totalMinor, paidMinor: v.paidMinor, balanceMinor: v.balanceMinor, engagementId: v.engagementId };
    });
    const open = invoices.filter((i) => ['sent', 'partly_paid', 'overdue', 'disputed'].includes(i.status));
    return { invoices, openBalance: Object.entries(open.reduce<Record<string, number>>((m, i) => ({ ...m, [i.currency]: (m[i.currency] ?? 0) + i.balanceMinor }), {})).map(([currency, minor]) => ({ currency, minor })) };
  });

  route(r, {
    method: 'get', path: '/api/invoices/:invoiceId', response: InvoiceDetail, tag: 'invoices', auth: 'session', params: InvoiceParams,
    summary: 'An invoice: lines, totals, balance, payments, the dunning schedule, the dispute conversation, and what the caller may do',
  }, async ({ req, user, params }) => {
    await visible(req, user, params.invoiceId, 'account.read');
    return detail(params.invoiceId, user);
  });

  route(r, {
    method: 'post', path: '/api/invoices/:invoiceId/send', response: InvoiceDetail, tag: 'invoices', auth: 'session', params: InvoiceParams, body: z.strictObject({}).optional(),
    summary: 'Send a draft: it takes the next invoice number (sequential, no gaps), its PDF is rendered and kept with its SHA-256, the client is emailed and its dunning workflow starts',
    errors: ['conflict'], workflow: 'queued',
  }, async ({ req, res, user, params }) => {
    const inv = await visible(req, user, params.invoiceId, 'invoice.manage');
    if (inv.status !== 'draft' && inv.sent_file_id) throw new AppError('conflict', 'This invoice has already been sent');
    // The number, the emails and the start of its dunning commit together.
    const sent = await sendInvoice(sendDeps, inv.id, ctxOf(req, user), {
      dunningCommand: (input) => ({
        kind: 'start', key: `invoice:${inv.id}:dunning`, workflowId: dunningWorkflowId(inv.id), workflowType: dunningWorkflow.name, taskQueue: deps.config.taskQueue, args: [input],
      }),
    });
    markQueued(res, await deliverCommands(temporalDeps, sent.commandId === null ? [] : [sent.commandId]));
    return detail(inv.id, user);
  });

  route(r, {
    method: 'get', path: '/api/invoices/:invoiceId/pdf', produces: 'application/pdf', tag: 'invoices', auth: 'session', params: InvoiceParams, query: z.object({ copy: z.enum(['sent', 'current']).default('current') }),
    summary: 'The invoice as a PDF: as it stands now, or the copy that was sent (kept with its SHA-256)',
  }, async ({ req, res, user, params, query }) => {
    const inv = await visible(req, user, params.invoiceId, 'account.read');
    if (query.copy === 'current') {
      // Rendered for this answer and kept nowhere: a GET writes nothing, neither totals nor a file
      // (the copies that are kept — on sending, on a late fee or its waiver — are made by those writes).
      const { renderInvoice } = await import('../../../domain/invoicing/document.ts');
      const pdf = Buffer.from(await renderInvoice(orm, inv.id));
      res.attachment(`${invoiceLabel(inv.number)} (current).pdf`);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.end(pdf);
      return;
    }
    const fileId = inv.sent_file_id;
    if (!fileId) throw new AppError('not_found', 'Not found');
    const row = (await orm.em.getConnection().execute<{ storage_key: string; size: string }[]>('select storage_key, size from stored_file where id = ?', [fileId]))[0]!;
    const stream = await deps.storage.open(row.storage_key);
    if (!stream) throw new AppError('not_found', 'Not found');
    res.attachment(`${invoiceLabel(inv.number)}.pdf`);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Length', row.size);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    await new Promise<void>((resolve, reject) => { stream.on('error', reject); res.on('close', () => { stream.destroy(); resolve(); }); stream.pipe(res); });
  });
}

/** Refunds, voiding and waiving a work pause. */
export function settlementRoutes(r: Router, ctx: InvoiceContext): void {
  const { orm, temporalDeps, ctxOf, visible, detail } = ctx;

  route(r, {
    method: 'post', path: '/api/invoices/:invoiceId/refunds', response: InvoiceDetail, tag: 'invoices', auth: 'session', params: InvoiceParams, status: 201,
    body: z.strictObject({ amountMinor: Minor.min(1, 'More than zero'), note: z.string().trim().min(1, 'Say why').max(1000) }),
    summary: 'Record a refund (account team), at most what was paid and not yet refunded',
  }, async ({ req, user, params, body }) => {
    const inv = await visible(req, user, params.invoiceId, 'invoice.manage');
    await orm.em.fork().transactional(async (tx) => {
      const totals = await lockedBalance(tx, inv.id);
      if (body.amountMinor > totals.paidMinor - totals.refundedMinor) throw new AppError('validation_failed', 'More than was paid', { fields: { amountMinor: `At most ${totals.paidMinor - totals.refundedMinor}` } });
      await insertPayment(tx, {
        invoiceId: inv.id, accountId: inv.account_id, method: 'manual', status: 'confirmed', kind: 'refund', amountMinor: body.amountMinor, currency: inv.currency,
        note: body.note, createdById: user.id, confirmedById: user.id,
      });
      await recomputeInvoice(tx, inv.id);
      await recordAudit(tx, { ...ctxOf(req, user), action: 'payment.refunded', accountId: inv.account_id, target: { type: 'invoice', id: inv.id }, data: { amountMinor: body.amountMinor, note: body.note } });
    });
    return detail(inv.id, user);
  });

  route(r, {
    method: 'post', path: '/api/invoices/:invoiceId/void', response: InvoiceDetail, tag: 'invoices', auth: 'session', params: InvoiceParams,
    body: z.strictObject({ reason: z.string().trim().min(1, 'Give a reason').max(1000) }), summary: 'Void an invoice with a reason (account team); its dunning stops at once', errors: ['conflict'], workflow: 'queued',
  }, async ({ req, res, user, params, body }) => {
    const inv = await visible(req, user, params.invoiceId, 'invoice.manage');
    const commandIds = await orm.em.fork().transactional(async (tx) => {
      const c = tx.getConnection();
      // The status is read under the row lock: a payment or a second void committed meanwhile is seen.
      const status = (await c.execute<{ status: string }[]>('select status from invoice where id = ? for update', [inv.id], 'all', tx.getTransactionContext()))[0]!.status;
      if (['void', 'paid'].includes(status)) throw new AppError('conflict', `This invoice is already ${status}`);
      await c.execute(`update invoice set status = 'void', void_reason = ? where id = ?`, [body.reason, inv.id], 'run', tx.getTransactionContext());
      await recordAudit(tx, { ...ctxOf(req, user), action: 'invoice.voided', accountId: inv.account_id, target: { type: 'invoice', id: inv.id }, data: { reason: body.reason } });
      await liftWorkPauses(tx, inv.id, { ...ctxOf(req, user), because: 'void', reason: body.reason });
      return status === 'draft' ? [] : [await settledCommand(tx, inv.id, 'void', user.email)];
    });
    markQueued(res, await deliverCommands(temporalDeps, commandIds));
    return detail(inv.id, user);
  });

  route(r, {
    method: 'post', path: '/api/invoices/:invoiceId/work-pause/waive', response: InvoiceDetail, tag: 'invoices', auth: 'session', params: InvoiceParams,
    body: z.strictObject({ reason: z.string({ message: 'Give a reason' }).trim().min(1, 'Give a reason').max(1000, 'At most 1000 characters') }),
    summary: "Waive the pause on the account's new work that this invoice's dunning put in force (account team), with a reason", errors: ['conflict'],
  }, async ({ req, user, params, body }) => {
    const inv = await visible(req, user, params.invoiceId, 'invoice.manage');
    const lifted = await orm.em.fork().transactional((tx) => liftWorkPauses(tx, inv.id, { ...ctxOf(req, user), because: 'waived', reason: body.reason }));
    if (!lifted) throw new AppError('conflict', `New work is not paused by invoice ${invoiceLabel(inv.number)}`);
    return detail(inv.id, user);
  });
}

/** Changing the dunning schedule. */
export function scheduleRoutes(r: Router, ctx: InvoiceContext): void {
  const { temporalDeps, visible, detail } = ctx;

  route(r, {
    method: 'post', path: '/api/invoices/:invoiceId/schedule', response: InvoiceDetail, tag: 'invoices', auth: 'session', params: InvoiceParams,
    body: z.strictObject({ action: z.enum(['skip', 'waive_fee']), stepKey: z.string().max(60), reason: z.string().trim().min(1, 'Give a reason').max(1000) }),
    summary: "Change an invoice's dunning schedule (account team): skip a step or waive its late fee, with a reason (a Workflow Update)", errors: ['conflict'], workflow: 'direct',
  }, async ({ req, res, user, params, body }) => {
    const inv = await visible(req, user, params.invoiceId, 'invoice.manage');
    await updateWorkflow(temporalDeps, res, dunningWorkflowId(inv.id), changeScheduleUpdate, {
      args: [{ action: body.action, stepKey: body.stepKey, reason: body.reason, actor: { id: user.id, email: user.email, role: user.role, name: user.name } }],
    });
    return detail(inv.id, user);
  });
}
