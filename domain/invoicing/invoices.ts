/**
 * Where an invoice's rows are made, in the caller's transaction: the draft (by the team or by an
 * engagement's billing schedule), its lines (items, and the late fees of the dunning schedule), its
 * payments and refunds, and the messages of a dispute. What happens to them afterwards (numbering,
 * totals, confirming a payment, a dispute's status) is written by the step that decides it.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DunningPolicy } from '../../workflows/dunning.ts';
import { lineAmount } from './money.ts';

export interface NewDraftInvoice {
  id: string;
  accountId: string;
  engagementId: string | null;
  /** The billing schedule's entry it comes from: an engagement gets one invoice per entry. */
  scheduleKey: string | null;
  currency: string;
  taxRateBp: number;
  issueDate: string | null;
  /** A date (`YYYY-MM-DD`), or so many days after today (UTC, by the database's clock). */
  due: string | { days: number };
  notes: string;
  dunningPolicy: DunningPolicy;
  /** The dunning workflow's id (`dunningWorkflowId(id)`), which the invoice keeps from the start. */
  workflowId: string;
  createdById: string;
}

/**
 * Inserts a draft invoice with no lines (`setItemLines` adds them). Returns false, writing nothing,
 * when the engagement already has the invoice of this schedule entry.
 */
export async function insertDraftInvoice(tx: EntityManager, d: NewDraftInvoice): Promise<boolean> {
  const created = await tx.getConnection().execute<{ id: string }[]>(
    `insert into invoice (id, created_at, account_id, engagement_id, schedule_key, status, currency, tax_rate_bp, issue_date, due_date, notes, dunning_policy, dunning, version, workflow_id, created_by_id, updated_at)
     values (?, now(), ?, ?, ?, 'draft', ?, ?, ?, coalesce(?, to_char((now() at time zone 'UTC')::date + ?::int, 'YYYY-MM-DD')), ?, ?, '{}', 0, ?, ?, now())
     on conflict (engagement_id, schedule_key) do nothing returning id`,
    [d.id, d.accountId, d.engagementId, d.scheduleKey, d.currency, d.taxRateBp, d.issueDate,
      typeof d.due === 'string' ? d.due : null, typeof d.due === 'string' ? 0 : d.due.days, d.notes, JSON.stringify(d.dunningPolicy),
      d.workflowId, d.createdById], 'all', tx.getTransactionContext());
  return created.length > 0;
}

/** Makes `lines`, in this order, the invoice's items, replacing those it had (late fees stay). */
export async function setItemLines(tx: EntityManager, invoiceId: string, lines: { description: string; quantityMilli: number; unitMinor: number }[]): Promise<void> {
  const c = tx.getConnection();
  const ctx = tx.getTransactionContext();
  await c.execute(`delete from invoice_line where invoice_id = ? and kind = 'item'`, [invoiceId], 'run', ctx);
  for (const [i, l] of lines.entries()) {
    await c.execute(`insert into invoice_line (id, created_at, invoice_id, position, description, quantity_milli, unit_minor, amount_minor, kind) values (gen_random_uuid(), now(), ?, ?, ?, ?, ?, ?, 'item')`,
      [invoiceId, i + 1, l.description, l.quantityMilli, l.unitMinor, lineAmount(l.quantityMilli, l.unitMinor)], 'run', ctx);
  }
}

/** Adds a dunning step's late fee as the invoice's last line, once per step. Returns whether it was added. */
export async function addLateFee(tx: EntityManager, fee: { invoiceId: string; stepKey: string; description: string; amountMinor: number }): Promise<boolean> {
  const c = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const position = Number((await c.execute<{ n: number }[]>('select coalesce(max(position), 0) + 1 as n from invoice_line where invoice_id = ?', [fee.invoiceId], 'all', ctx))[0]!.n);
  const added = await c.execute<{ affectedRows: number }>(
    `insert into invoice_line (id, created_at, invoice_id, position, description, quantity_milli, unit_minor, amount_minor, kind, step_key)
     values (gen_random_uuid(), now(), ?, ?, ?, 1000, ?, ?, 'late_fee', ?) on conflict (invoice_id, step_key) do nothing`,
    [fee.invoiceId, position, fee.description, fee.amountMinor, fee.amountMinor, fee.stepKey], 'run', ctx);
  return added.affectedRows > 0;
}

export interface NewPayment {
  invoiceId: string;
  accountId: string;
  method: 'manual' | 'stripe';
  status: 'pending' | 'confirmed';
  kind: 'payment' | 'refund';
  amountMinor: number;
  currency: string;
  /** What the client wrote on a transfer. */
  reference?: string;
  /** The provider's id of an online payment: one payment per id. */
  providerRef?: string;
  note?: string;
  createdById: string;
  /** Who confirmed it, for a payment recorded as confirmed (now). */
  confirmedById?: string;
}

/** Records a payment or a refund. Returns its id, or null when a payment with this provider id exists already. */
export async function insertPayment(tx: EntityManager, p: NewPayment): Promise<string | null> {
  const created = await tx.getConnection().execute<{ id: string }[]>(
    `insert into payment (id, created_at, invoice_id, account_id, method, status, kind, amount_minor, currency, reference, provider_ref, note, created_by_id, confirmed_by_id, confirmed_at)
     values (gen_random_uuid(), now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, case when ?::uuid is null then null else now() end)
     on conflict (provider_ref) do nothing returning id`,
    [p.invoiceId, p.accountId, p.method, p.status, p.kind, p.amountMinor, p.currency, p.reference ?? null, p.providerRef ?? null, p.note ?? null,
      p.createdById, p.confirmedById ?? null, p.confirmedById ?? null], 'all', tx.getTransactionContext());
  return created[0]?.id ?? null;
}

/** Adds a message to the invoice's dispute conversation. */
export async function addDisputeMessage(tx: EntityManager, m: { invoiceId: string; authorId: string; body: string }): Promise<void> {
  await tx.getConnection().execute('insert into invoice_dispute_message (id, created_at, invoice_id, author_id, body) values (gen_random_uuid(), now(), ?, ?, ?)',
    [m.invoiceId, m.authorId, m.body], 'run', tx.getTransactionContext());
}
