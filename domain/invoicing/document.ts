/** Renders an invoice's PDF from the database and keeps it (content-addressed: the same content is one file). */
import { Readable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { FileStorage } from '../../db/files/storage.ts';
import { loadBranding } from '../../db/outbox.ts';
import { recordStoredFile } from '../../db/stored-files.ts';
import { invoiceLabel, invoiceTotals, recomputeInvoice } from './ledger.ts';
import { renderInvoicePdf } from './render.ts';

export const PAYMENT_INSTRUCTIONS = 'Pay online from the invoice page in the portal, or by bank transfer quoting the invoice number; record the transfer reference on the invoice page so we can match it.';

/**
 * The PDF bytes of the invoice as it stands (deterministic: the same content renders the same bytes).
 * Only reads: the totals are computed from the lines and payments, not stored, so a download changes nothing.
 */
export async function renderInvoice(orm: MikroORM, invoiceId: string): Promise<Uint8Array> {
  const em = orm.em.fork();
  const totals = await invoiceTotals(em, invoiceId);
  const conn = em.getConnection();
  const inv = (await conn.execute<{ id: string; number: number | null; status: string; currency: string; issue_date: string | null; due_date: string; notes: string; tax_rate_bp: number; account_name: string; created_at: Date; sent_at: Date | null }[]>(
    `select i.id, i.number, i.status, i.currency, i.issue_date, i.due_date, i.notes, i.tax_rate_bp, a.name as account_name, i.created_at, i.sent_at
       from invoice i join account a on a.id = i.account_id where i.id = ?`, [invoiceId]))[0]!;
  const lines = await conn.execute<{ description: string; quantity_milli: number; unit_minor: string; amount_minor: string; kind: string; waived_reason: string | null }[]>(
    'select description, quantity_milli, unit_minor, amount_minor, kind, waived_reason from invoice_line where invoice_id = ? order by position', [invoiceId]);
  const branding = await loadBranding(em);
  const logo = (await conn.execute<{ logo: Buffer | null; logo_type: string | null }[]>('select logo, logo_type from branding where id = 1'))[0];
  return renderInvoicePdf({
    invoice: {
      id: inv.id, label: invoiceLabel(inv.number), status: totals.status, currency: inv.currency, issueDate: inv.issue_date ?? '', dueDate: inv.due_date, notes: inv.notes,
      subtotalMinor: totals.subtotalMinor, taxRateBp: inv.tax_rate_bp, taxMinor: totals.taxMinor, feesMinor: totals.feesMinor, totalMinor: totals.totalMinor,
      paidMinor: totals.paidMinor, refundedMinor: totals.refundedMinor, balanceMinor: totals.balanceMinor,
    },
    lines: lines.map((l) => ({ description: l.description, quantityMilli: l.quantity_milli, unitMinor: Number(l.unit_minor), amountMinor: Number(l.amount_minor), kind: l.kind === 'late_fee' ? 'late_fee' as const : 'item' as const, waived: !!l.waived_reason })),
    client: { accountName: inv.account_name },
    business: {
      name: branding.businessName, primaryColor: branding.primaryColor, emailFrom: branding.emailFrom,
      logo: logo?.logo && (logo.logo_type === 'image/png' || logo.logo_type === 'image/jpeg') ? { bytes: new Uint8Array(logo.logo), type: logo.logo_type as 'image/png' | 'image/jpeg' } : null,
    },
    payment: { instructions: PAYMENT_INSTRUCTIONS },
    renderedAt: new Date(inv.sent_at ?? inv.created_at).toISOString(),
  });
}

/** Recomputes the stored totals, then renders and stores the current PDF; returns its file id and hash. */
export async function renderAndStoreInvoice(orm: MikroORM, storage: FileStorage, invoiceId: string): Promise<{ fileId: string; sha256: string }> {
  await orm.em.fork().transactional((tx) => recomputeInvoice(tx, invoiceId));
  const pdf = Buffer.from(await renderInvoice(orm, invoiceId));
  const stored = await storage.put(Readable.from([pdf]), { maxBytes: Number.MAX_SAFE_INTEGER });
  return orm.em.fork().transactional(async (tx) => {
    const c = tx.getConnection();
    const ctx = tx.getTransactionContext();
    // One render recorded at a time per invoice.
    await c.execute('select pg_advisory_xact_lock(hashtext(?))', [`invoice-render:${invoiceId}`], 'all', ctx);
    const inv = (await c.execute<{ account_id: string; engagement_id: string | null; number: number | null; pdf_sha256: string | null; pdf_file_id: string | null; created_by_id: string }[]>(
      'select account_id, engagement_id, number, pdf_sha256, pdf_file_id, created_by_id from invoice where id = ? for update', [invoiceId], 'all', ctx))[0]!;
    if (inv.pdf_sha256 === stored.sha256 && inv.pdf_file_id) return { fileId: inv.pdf_file_id, sha256: stored.sha256 };
    const { id: fileId } = await recordStoredFile(tx, {
      accountId: inv.account_id, name: `${invoiceLabel(inv.number)}.pdf`, contentType: 'application/pdf', size: stored.size, sha256: stored.sha256,
      storageKey: stored.key, uploadedById: inv.created_by_id, purpose: 'invoice', engagementId: inv.engagement_id, staffOnly: true,
    });
    await c.execute('update invoice set pdf_file_id = ?, pdf_sha256 = ? where id = ?', [fileId, stored.sha256, invoiceId], 'run', ctx);
    return { fileId, sha256: stored.sha256 };
  });
}
