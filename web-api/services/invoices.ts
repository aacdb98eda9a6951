import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { invoiceLabel } from '../../domain/invoicing/ledger.ts';
import type { DunningPolicy } from '../../workflows/dunning.ts';

/** What a business without its own policy runs: a reminder before, at and after the due date, one late fee, escalation. */
export const DEFAULT_DUNNING: DunningPolicy = {
  steps: [
    { key: 'before-3d', offsetDays: -3, lateFee: null, escalation: null },
    { key: 'due', offsetDays: 0, lateFee: null, escalation: null },
    { key: 'after-7d', offsetDays: 7, lateFee: { type: 'percent', basisPoints: 200 }, escalation: 'notify_manager' },
    { key: 'after-21d', offsetDays: 21, lateFee: null, escalation: 'hand_to_person' },
  ],
  repeatEveryDays: 14,
  finalAction: null,
};

/** Money in integer minor units (cents): a fraction is refused, never rounded. */
export const Minor = z.number({ message: 'Must be a whole number of cents' }).int('Must be a whole number of cents');
export const Currency = z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'Use a three-letter currency code like EUR');
/** Tax rate in basis points (2000 = 20 %). */
export const TaxRateBp = z.number({ message: 'Must be a whole number of basis points' }).int('Must be a whole number of basis points').min(0, 'Not negative').max(10_000, 'At most 100 %');

/** One line as staff (or a template's billing schedule) write it; the amount is computed. */
export const InvoiceLineInput = z.strictObject({
  description: z.string().trim().min(1, 'Required').max(500, 'At most 500 characters'),
  quantityMilli: z.number().int().min(1, 'More than zero').max(1_000_000_000).default(1000),
  unitMinor: Minor.min(0, 'Not negative').max(1_000_000_000_000),
});

/** A late fee added by a dunning step: a fixed amount or a share of the invoice total. */
export const LateFee = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('fixed'), amountMinor: Minor.min(1).max(100_000_000) }),
  z.strictObject({ type: z.literal('percent'), basisPoints: z.number().int().min(1, 'At least 0.01 %').max(5000, 'At most 50 %') }),
]).meta({ id: 'LateFee' });

/** What a dunning step (or the end of the schedule) does besides reminding. */
export const Escalation = z.enum(['notify_manager', 'pause_work', 'hand_to_person']).meta({ id: 'Escalation' });

/** A dunning policy (the workflow's DunningPolicy), as an invoice or a template's billing section carries it. */
export const DunningPolicyInput = z.strictObject({
  steps: z.array(z.strictObject({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Use lower-case letters, digits and dashes'),
    offsetDays: z.number().int().min(-365).max(365),
    lateFee: LateFee.nullable().default(null),
    escalation: Escalation.nullable().default(null),
  }).meta({ id: 'DunningStepSpec' })).max(12, 'At most 12 steps'),
  repeatEveryDays: z.number().int().min(1).max(90).nullable().default(null),
  finalAction: Escalation.nullable().default(null),
}).superRefine((p, ctx) => {
  const seen = new Set<string>();
  p.steps.forEach((s, i) => { if (seen.has(s.key)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'key'], message: `Another step has the key "${s.key}"` }); seen.add(s.key); });
}).meta({ id: 'DunningPolicy' });

export interface InvoiceRow {
  id: string; account_id: string; account_name: string; engagement_id: string | null; number: number | null; status: string; currency: string; tax_rate_bp: number;
  issue_date: string | null; due_date: string; notes: string; subtotal_minor: string; tax_minor: string; total_minor: string; paid_minor: string; refunded_minor: string;
  pdf_file_id: string | null; pdf_sha256: string | null; sent_file_id: string | null; sent_sha256: string | null; sent_at: Date | null; void_reason: string | null;
  dunning_policy: DunningPolicy | null; dunning: { steps?: { key: string; offsetDays: number; at: string; status: string; reason: string | null; lateFee: unknown; feeWaived: boolean; escalation: string | null }[]; paused?: boolean; repeatsSent?: number };
  created_at: Date; updated_at: Date;
}

export async function loadInvoice(em: EntityManager, id: string): Promise<InvoiceRow | null> {
  return (await em.getConnection().execute<InvoiceRow[]>(
    'select i.*, a.name as account_name from invoice i join account a on a.id = i.account_id where i.id = ?', [id]))[0] ?? null;
}

export function invoiceView(i: InvoiceRow, lines: { id: string; position: number; description: string; quantity_milli: number; unit_minor: string; amount_minor: string; kind: string; step_key: string | null; waived_reason: string | null }[]) {
  const total = Number(i.total_minor);
  const paid = Number(i.paid_minor);
  const refunded = Number(i.refunded_minor);
  return {
    id: i.id, accountId: i.account_id, accountName: i.account_name, engagementId: i.engagement_id, number: i.number, label: invoiceLabel(i.number), status: i.status,
    currency: i.currency, taxRateBp: i.tax_rate_bp, issueDate: i.issue_date, dueDate: i.due_date, notes: i.notes,
    subtotalMinor: Number(i.subtotal_minor), taxMinor: Number(i.tax_minor), feesMinor: lines.filter((l) => l.kind === 'late_fee').reduce((n, l) => n + Number(l.amount_minor), 0),
    totalMinor: total, paidMinor: paid, refundedMinor: refunded, balanceMinor: total - paid + refunded,
    sentAt: i.sent_at ? new Date(i.sent_at).toISOString() : null, sentSha256: i.sent_sha256, pdfSha256: i.pdf_sha256, voidReason: i.void_reason,
    lines: lines.map((l) => ({ id: l.id, position: l.position, description: l.description, quantityMilli: l.quantity_milli, unitMinor: Number(l.unit_minor), amountMinor: Number(l.amount_minor), kind: l.kind, stepKey: l.step_key, waivedReason: l.waived_reason })),
    dunning: {
      policy: i.dunning_policy,
      paused: i.dunning.paused ?? false,
      steps: (i.dunning.steps ?? []).map((s) => ({ key: s.key, offsetDays: s.offsetDays, at: s.at, status: s.status, reason: s.reason, lateFee: s.lateFee, feeWaived: s.feeWaived, escalation: s.escalation })),
      repeatsSent: i.dunning.repeatsSent ?? 0,
    },
  };
}

export async function invoiceLines(em: EntityManager, invoiceId: string) {
  return em.getConnection().execute<{ id: string; position: number; description: string; quantity_milli: number; unit_minor: string; amount_minor: string; kind: string; step_key: string | null; waived_reason: string | null }[]>(
    'select id, position, description, quantity_milli, unit_minor, amount_minor, kind, step_key, waived_reason from invoice_line where invoice_id = ? order by position', [invoiceId]);
}
