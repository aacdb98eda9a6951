import { Router, type Request } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { changeScheduleUpdate, disputeSignal, dunningWorkflow, dunningWorkflowId, invoiceSettledSignal } from '../../workflows/dunning.ts';
import { enqueueCommand } from '../../db/workflow-commands.ts';
import { sendInvoice, type SendDeps } from '../../domain/invoicing/send-invoice.ts';
import { recordAudit } from '../../db/audit.ts';
import { enqueueEmail } from '../../db/outbox.ts';
import { liftWorkPauses } from '../../db/work-pause.ts';
import { invoiceLabel, recomputeInvoice } from '../../domain/invoicing/ledger.ts';
import { formatMoney } from '../../domain/invoicing/money.ts';
import { fields, route } from '../http.ts';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { authorize, roleMay } from '../policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { updateWorkflow, deliverCommands, markQueued, temporalDepsOf } from '../services/temporal.ts';
import {
  Currency, DEFAULT_DUNNING, DunningPolicyInput, InvoiceLineInput, invoiceLines, invoiceView, lineAmount, loadInvoice, Minor, TaxRateBp, type InvoiceRow,
} from '../services/invoices.ts';
import { WebhookSignatureError } from '../payments/provider.ts';
import { assertEngagementOfAccount } from '../services/body-ids.ts';
import { InvoiceDetail, InvoiceList, PaymentStarted } from '../schemas/invoices.ts';

const InvoiceParams = z.object({ invoiceId: fields.uuid });
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

export function invoiceRoutes(deps: AppDeps): Router {
  const r = Router();
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

  async function writeLines(tx: ReturnType<typeof orm.em.fork>, invoiceId: string, lines: z.infer<typeof InvoiceBody>['lines']) {
    const c = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await c.execute(`delete from invoice_line where invoice_id = ? and kind = 'item'`, [invoiceId], 'run', ctx);
    for (const [i, l] of lines.entries()) {
      const amount = lineAmount(l);
      await c.execute(`insert into invoice_line (id, created_at, invoice_id, position, description, quantity_milli, unit_minor, amount_minor, kind) values (gen_random_uuid(), now(), ?, ?, ?, ?, ?, ?, 'item')`,
        [invoiceId, i + 1, l.description, l.quantityMilli, l.unitMinor, amount], 'run', ctx);
    }
  }

  route(r, {
    method: 'post', path: '/api/accounts/:accountId/invoices', response: InvoiceDetail, tag: 'invoices', auth: 'session', status: 201, params: z.object({ accountId: fields.uuid }), body: InvoiceBody,
    summary: 'Create a draft invoice (account team): lines, tax rate in basis points, currency, dates, notes and its dunning policy. Money is integer minor units.',
  }, async ({ req, user, params, body }) => {
    await authorize(orm.em, req, user, 'invoice.manage', params.accountId);
    if (body.engagementId) await assertEngagementOfAccount(orm.em, body.engagementId, params.accountId);
    const id = await orm.em.fork().transactional(async (tx) => {
      const c = tx.getConnection();
      const ctx = tx.getTransactionContext();
      const created = await c.execute<{ id: string }[]>(
        `insert into invoice (id, created_at, account_id, engagement_id, status, currency, tax_rate_bp, issue_date, due_date, notes, dunning_policy, dunning, version, workflow_id, created_by_id, updated_at)
         values (gen_random_uuid(), now(), ?, ?, 'draft', ?, ?, ?, ?, ?, ?, '{}', 0, gen_random_uuid()::text, ?, now()) returning id`,
        [params.accountId, body.engagementId ?? null, body.currency, body.taxRateBp, body.issueDate ?? null, body.dueDate, body.notes, JSON.stringify(body.dunning ?? DEFAULT_DUNNING), user.id], 'all', ctx);
      const invoiceId = created[0]!.id;
      await c.execute('update invoice set workflow_id = ? where id = ?', [dunningWorkflowId(invoiceId), invoiceId], 'run', ctx);
      await writeLines(tx, invoiceId, body.lines);
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
      await writeLines(tx, inv.id, body.lines);
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
      const { renderInvoice } = await import('../../domain/invoicing/document.ts');
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
        const created = await tx.getConnection().execute<{ id: string }[]>(
          `insert into payment (id, created_at, invoice_id, account_id, method, status, kind, amount_minor, currency, reference, created_by_id) values (gen_random_uuid(), now(), ?, ?, 'manual', 'pending', 'payment', ?, ?, ?, ?) returning id`,
          [inv.id, inv.account_id, body.amountMinor, inv.currency, body.reference, user.id], 'all', tx.getTransactionContext());
        await recordAudit(tx, { ...ctxOf(req, user), action: 'payment.recorded', accountId: inv.account_id, target: { type: 'invoice', id: inv.id }, data: { method: 'manual', amountMinor: body.amountMinor, reference: body.reference } });
        return created[0]!.id;
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
      await c.execute(
        `insert into payment (id, created_at, invoice_id, account_id, method, status, kind, amount_minor, currency, provider_ref, created_by_id) values (gen_random_uuid(), now(), ?, ?, 'stripe', 'pending', 'payment', ?, ?, ?, ?) on conflict (provider_ref) do nothing`,
        [inv.id, inv.account_id, totals.balanceMinor, inv.currency, started.providerRef, user.id], 'run', tx.getTransactionContext());
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

  route(r, {
    method: 'post', path: '/api/invoices/:invoiceId/refunds', response: InvoiceDetail, tag: 'invoices', auth: 'session', params: InvoiceParams, status: 201,
    body: z.strictObject({ amountMinor: Minor.min(1, 'More than zero'), note: z.string().trim().min(1, 'Say why').max(1000) }),
    summary: 'Record a refund (account team), at most what was paid and not yet refunded',
  }, async ({ req, user, params, body }) => {
    const inv = await visible(req, user, params.invoiceId, 'invoice.manage');
    await orm.em.fork().transactional(async (tx) => {
      const totals = await lockedBalance(tx, inv.id);
      if (body.amountMinor > totals.paidMinor - totals.refundedMinor) throw new AppError('validation_failed', 'More than was paid', { fields: { amountMinor: `At most ${totals.paidMinor - totals.refundedMinor}` } });
      await tx.getConnection().execute(
        `insert into payment (id, created_at, invoice_id, account_id, method, status, kind, amount_minor, currency, note, created_by_id, confirmed_by_id, confirmed_at) values (gen_random_uuid(), now(), ?, ?, 'manual', 'confirmed', 'refund', ?, ?, ?, ?, ?, now())`,
        [inv.id, inv.account_id, body.amountMinor, inv.currency, body.note, user.id, user.id], 'run', tx.getTransactionContext());
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
      await c.execute('insert into invoice_dispute_message (id, created_at, invoice_id, author_id, body) values (gen_random_uuid(), now(), ?, ?, ?)', [inv.id, user.id, body.reason], 'run', ctx);
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
    await orm.em.getConnection().execute('insert into invoice_dispute_message (id, created_at, invoice_id, author_id, body) values (gen_random_uuid(), now(), ?, ?, ?)', [inv.id, user.id, body.body]);
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
      await c.execute('insert into invoice_dispute_message (id, created_at, invoice_id, author_id, body) values (gen_random_uuid(), now(), ?, ?, ?)', [inv.id, user.id, `Resolved: ${body.resolution}`], 'run', tx.getTransactionContext());
      await recomputeInvoice(tx, inv.id, wasOverdue);
      await recordAudit(tx, { ...ctxOf(req, user), action: 'invoice.dispute_resolved', accountId: inv.account_id, target: { type: 'invoice', id: inv.id }, data: { resolution: body.resolution } });
      return disputeCommand(tx, inv.id, false, user.email);
    });
    markQueued(res, await deliverCommands(temporalDeps, [commandId]));
    return detail(inv.id, user);
  });

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

  return r;
}

/** The command that tells an invoice's dunning workflow it was paid in full or voided (once per invoice and outcome). */
function settledCommand(tx: EntityManager, invoiceId: string, status: 'paid' | 'void', by: string): Promise<number> {
  return enqueueCommand(tx, { kind: 'signal', key: `invoice:${invoiceId}:settled:${status}`, workflowId: dunningWorkflowId(invoiceId), signal: invoiceSettledSignal.name, args: [{ status, by }] });
}

/** The command that pauses (a dispute opened) or resumes (resolved) an invoice's dunning. */
function disputeCommand(tx: EntityManager, invoiceId: string, open: boolean, by: string): Promise<number> {
  return enqueueCommand(tx, { kind: 'signal', key: `invoice:${invoiceId}:dispute:${open ? 'opened' : 'resolved'}:${randomUUID()}`, workflowId: dunningWorkflowId(invoiceId), signal: disputeSignal.name, args: [{ open, by }] });
}

/** Refuses more than the open balance; locks the invoice for the caller's transaction. */
async function lockedBalance(tx: EntityManager, invoiceId: string) {
  await tx.getConnection().execute('select 1 from invoice where id = ? for update', [invoiceId], 'all', tx.getTransactionContext());
  return recomputeInvoice(tx, invoiceId);
}


/** Who confirms a payment: a member of the team, or the payment provider (its webhook). */
interface Confirmer { user: SessionUser | null; ip: string | null; userAgent: string | null }

/**
 * Confirms a payment inside the caller's transaction; when the balance reaches zero, the command
 * that stops the invoice's dunning is queued with it. Returns the command, if any.
 */
async function confirmPaymentIn(tx: EntityManager, paymentId: string, by: Confirmer, amountCheck = true): Promise<{ invoiceId: string; commandId: number | null }> {
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

const confirmerOf = (req: Request, user: SessionUser | null): Confirmer => ({ user, ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null });

/**
 * A paid checkout event applied in the caller's transaction: its payment confirmed, or, when no
 * payment matches yet, the event kept as `unmatched` for the team (and applied when its payment
 * row appears). The event row is written here, so it is recorded exactly when its effect commits.
 */
async function applyPaidEvent(tx: EntityManager, event: { id: string; type: string; providerRef: string; paidMinor: number }, by: Confirmer): Promise<{ commandId: number | null; matched: boolean }> {
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
