/**
 * The money of an invoice, recomputed from its lines and payments inside the caller's transaction.
 * Integer minor units throughout; tax applies to the items, not to late fees.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { liftWorkPauses } from '../../db/work-pause.ts';
import { taxOf } from './money.ts';

export interface Totals { subtotalMinor: number; taxMinor: number; feesMinor: number; totalMinor: number; paidMinor: number; refundedMinor: number; balanceMinor: number }

export function invoiceLabel(number: number | null): string {
  return number === null ? 'Draft' : `INV-${String(number).padStart(6, '0')}`;
}

/**
 * The invoice's totals and paid/overdue status as its lines and payments make them, written nowhere
 * (a read, such as the current PDF, shows them without changing the row). `lock` takes the row lock
 * that `recomputeInvoice` needs before it writes.
 */
export async function invoiceTotals(tx: EntityManager, invoiceId: string, markOverdue = false, lock = false): Promise<Totals & { status: string }> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  // Locked, so a status another transaction sets meanwhile (a dispute, a void) is read, not overwritten.
  // "No key update" does not wait for the key-share locks that inserting this invoice's lines takes.
  const inv = (await conn.execute<{ tax_rate_bp: number; status: string }[]>(
    `select tax_rate_bp, status from invoice where id = ?${lock ? ' for no key update' : ''}`, [invoiceId], 'all', ctx))[0]!;
  const sums = (await conn.execute<{ items: string | null; fees: string | null }[]>(
    `select sum(amount_minor) filter (where kind = 'item') as items, sum(amount_minor) filter (where kind = 'late_fee') as fees from invoice_line where invoice_id = ?`,
    [invoiceId], 'all', ctx))[0]!;
  const money = (await conn.execute<{ paid: string | null; refunded: string | null }[]>(
    `select sum(amount_minor) filter (where kind = 'payment' and status = 'confirmed') as paid,
            sum(amount_minor) filter (where kind = 'refund' and status = 'confirmed') as refunded from payment where invoice_id = ?`,
    [invoiceId], 'all', ctx))[0]!;
  const subtotalMinor = Number(sums.items ?? 0);
  const feesMinor = Number(sums.fees ?? 0);
  const taxMinor = taxOf(subtotalMinor, inv.tax_rate_bp);
  const totalMinor = subtotalMinor + taxMinor + feesMinor;
  const paidMinor = Number(money.paid ?? 0);
  const refundedMinor = Number(money.refunded ?? 0);
  const balanceMinor = totalMinor - paidMinor + refundedMinor;
  let status = inv.status;
  if (!['draft', 'void', 'disputed'].includes(status)) {
    // Overdue is set by the dunning schedule when the due date passes, and stays until paid.
    const overdue = status === 'overdue' || markOverdue;
    status = balanceMinor <= 0 ? 'paid' : overdue ? 'overdue' : paidMinor - refundedMinor > 0 ? 'partly_paid' : 'sent';
  }
  return { subtotalMinor, taxMinor, feesMinor, totalMinor, paidMinor, refundedMinor, balanceMinor, status };
}

/** Recomputes and stores the invoice's totals and its paid/overdue status; returns them. */
export async function recomputeInvoice(tx: EntityManager, invoiceId: string, markOverdue = false): Promise<Totals & { status: string }> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const { subtotalMinor, taxMinor, feesMinor, totalMinor, paidMinor, refundedMinor, balanceMinor, status } = await invoiceTotals(tx, invoiceId, markOverdue, true);
  await conn.execute(
    `update invoice set subtotal_minor = ?, tax_minor = ?, total_minor = ?, paid_minor = ?, refunded_minor = ?, status = ?, updated_at = now() where id = ?`,
    [subtotalMinor, taxMinor, totalMinor, paidMinor, refundedMinor, status, invoiceId], 'run', ctx);
  // Paid in full: new work for the account is no longer held back by this invoice (in the same transaction).
  if (status === 'paid') await liftWorkPauses(tx, invoiceId, { because: 'paid' });
  return { subtotalMinor, taxMinor, feesMinor, totalMinor, paidMinor, refundedMinor, balanceMinor, status };
}
