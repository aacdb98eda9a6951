/** How invoices read: status names, the dunning schedule in words, and the policy editor's rows. */
import { basisPointsToPercent, formatMoney, minorToInput, parseMoney, parsePercent } from './money.ts';
import type { DunningPolicy, DunningStepSpec, Escalation, InvoiceStatus, LateFee } from '../api/schema.d.ts';

export const STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: 'Draft', sent: 'Sent', partly_paid: 'Partly paid', paid: 'Paid', overdue: 'Overdue', disputed: 'Disputed', void: 'Void',
};

/** The badge colour of each status (classes of InvoiceStatusBadge). */
export const STATUS_TONE: Record<InvoiceStatus, 'plain' | 'info' | 'warn' | 'ok' | 'danger'> = {
  draft: 'plain', sent: 'info', partly_paid: 'warn', paid: 'ok', overdue: 'danger', disputed: 'warn', void: 'plain',
};

/** Invoices that still ask for money. */
export const OPEN_STATUSES: readonly InvoiceStatus[] = ['sent', 'partly_paid', 'overdue', 'disputed'];

export const ESCALATION_LABELS: Record<Escalation, string> = {
  notify_manager: 'Tell the account manager',
  pause_work: 'Pause work for the account',
  hand_to_person: 'Hand to a person to follow up',
};

/** "3 days before the due date", "On the due date", "1 day after the due date". */
export function offsetLabel(days: number): string {
  if (days === 0) return 'On the due date';
  const n = Math.abs(days);
  return `${n} day${n === 1 ? '' : 's'} ${days < 0 ? 'before' : 'after'} the due date`;
}

/** "Late fee €25.00", "Late fee 2 % of the balance". */
export function lateFeeLabel(fee: LateFee, currency: string): string {
  return fee.type === 'fixed' ? `Late fee ${formatMoney(fee.amountMinor, currency)}` : `Late fee ${basisPointsToPercent(fee.basisPoints)} % of the balance`;
}

/** What a step does, in words: "Reminder · late fee €25.00 · tell the account manager". */
export function stepSummary(step: DunningStepSpec, currency: string): string {
  const parts = [step.offsetDays < 0 ? 'Reminder' : 'Overdue notice'];
  if (step.lateFee) parts.push(lateFeeLabel(step.lateFee, currency).toLowerCase());
  if (step.escalation) parts.push(ESCALATION_LABELS[step.escalation].toLowerCase());
  return parts.join(' · ');
}

/** The first characters of a SHA-256, enough to compare by eye. */
export const shortSha = (sha: string): string => sha.slice(0, 12);

/** A step's key from its day: "before-3d", "due", "after-7d" (keys name the step in reminders and in the audit trail). */
export function stepKey(offsetDays: number, taken: ReadonlySet<string> = new Set()): string {
  const base = offsetDays === 0 ? 'due' : `${offsetDays < 0 ? 'before' : 'after'}-${Math.abs(offsetDays)}d`;
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  return key;
}

/** What a business without its own policy runs (the API's default, shown in the form so it can be changed). */
export const DEFAULT_POLICY: DunningPolicy = {
  steps: [
    { key: 'before-3d', offsetDays: -3, lateFee: null, escalation: null },
    { key: 'due', offsetDays: 0, lateFee: null, escalation: null },
    { key: 'after-7d', offsetDays: 7, lateFee: { type: 'percent', basisPoints: 200 }, escalation: 'notify_manager' },
    { key: 'after-21d', offsetDays: 21, lateFee: null, escalation: 'hand_to_person' },
  ],
  repeatEveryDays: 14,
  finalAction: null,
};

/** One step as the editor holds it: text as typed. */
export interface StepRow {
  id: number;
  offsetDays: string;
  feeType: 'none' | 'fixed' | 'percent';
  fee: string;
  escalation: Escalation | '';
}

export interface PolicyRows {
  steps: StepRow[];
  repeatEveryDays: string;
  finalAction: Escalation | '';
}

let nextRowId = 1;
export const newRowId = (): number => nextRowId++;

export function policyToRows(policy: DunningPolicy, currency: string): PolicyRows {
  return {
    steps: policy.steps.map((s) => ({
      id: newRowId(),
      offsetDays: String(s.offsetDays),
      feeType: s.lateFee?.type ?? 'none',
      fee: !s.lateFee ? '' : s.lateFee.type === 'fixed' ? minorToInput(s.lateFee.amountMinor, currency) : basisPointsToPercent(s.lateFee.basisPoints),
      escalation: s.escalation ?? '',
    })),
    repeatEveryDays: policy.repeatEveryDays === null ? '' : String(policy.repeatEveryDays),
    finalAction: policy.finalAction ?? '',
  };
}

/**
 * The policy the rows describe, or the problems keyed like the API's field errors
 * (`dunning.steps.0.offsetDays`), so both show at the same inputs.
 */
export function rowsToPolicy(rows: PolicyRows, currency: string): { policy: DunningPolicy } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const taken = new Set<string>();
  const steps: DunningStepSpec[] = [];
  rows.steps.forEach((r, i) => {
    const at = `dunning.steps.${i}`;
    const days = /^\s*-?\d{1,3}\s*$/.test(r.offsetDays) ? Number(r.offsetDays) : NaN;
    if (!Number.isInteger(days) || Math.abs(days) > 365) errors[`${at}.offsetDays`] = 'A whole number of days from -365 to 365';
    let lateFee: LateFee | null = null;
    if (r.feeType === 'fixed') {
      const m = parseMoney(r.fee, currency);
      if (m.ok) lateFee = { type: 'fixed', amountMinor: m.value };
      else errors[`${at}.lateFee`] = m.error;
    } else if (r.feeType === 'percent') {
      const p = parsePercent(r.fee, { allowZero: false });
      if (!p.ok) errors[`${at}.lateFee`] = p.error;
      else if (p.value > 5000) errors[`${at}.lateFee`] = 'At most 50 %';
      else lateFee = { type: 'percent', basisPoints: p.value };
    }
    const offsetDays = Number.isInteger(days) ? days : 0;
    const key = stepKey(offsetDays, taken);
    taken.add(key);
    steps.push({ key, offsetDays, lateFee, escalation: r.escalation || null });
  });
  let repeatEveryDays: number | null = null;
  if (rows.repeatEveryDays.trim()) {
    const n = /^\s*\d{1,2}\s*$/.test(rows.repeatEveryDays) ? Number(rows.repeatEveryDays) : NaN;
    if (!(n >= 1 && n <= 90)) errors['dunning.repeatEveryDays'] = 'A whole number of days from 1 to 90, or empty for none';
    else repeatEveryDays = n;
  }
  if (steps.length > 12) errors['dunning.steps'] = 'At most 12 steps';
  if (Object.keys(errors).length) return { errors };
  return { policy: { steps: steps.sort((a, b) => a.offsetDays - b.offsetDays), repeatEveryDays, finalAction: rows.finalAction || null } };
}

/** A date as YYYY-MM-DD in the viewer's calendar, `days` from today. */
export function isoDay(days = 0, now: Date = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A due date (YYYY-MM-DD) for reading: "12 Nov 2026", without the time zone moving it a day. */
export function formatDay(day: string | null): string {
  if (!day) return '';
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

/** A line's amount as the API computes it: quantity (thousandths) × unit price, rounded half up to the minor unit. */
export function lineAmount(quantityMilli: number, unitMinor: number): number {
  return Number((BigInt(quantityMilli) * BigInt(unitMinor) + 500n) / 1000n);
}

/** Tax on a subtotal at a rate in basis points, rounded half up to the minor unit (as the API does). */
export function taxOf(subtotalMinor: number, taxRateBp: number): number {
  return Number((BigInt(subtotalMinor) * BigInt(taxRateBp) + 5000n) / 10000n);
}
