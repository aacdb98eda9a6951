import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInvoiceDate, renderInvoicePdf, type InvoiceRenderInput, type InvoiceRenderLine } from './render.ts';

const run = promisify(execFile);
let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'invoice-render-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

let n = 0;
/** The text of each page, as laid out (columns stay on their line). */
async function pagesText(pdf: Uint8Array, layout = true): Promise<string[]> {
  const file = join(dir, `${n++}.pdf`);
  await writeFile(file, pdf);
  const { stdout } = await run('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-']);
  return stdout.split('\f').slice(0, -1);
}
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** Whether some line of `text` has each of `parts`, in order (a table row, a totals row). */
const row = (text: string, ...parts: string[]) =>
  text.split('\n').some((l) => { let at = 0; return parts.every((p) => (at = l.indexOf(p, at)) >= 0 && (at += p.length) > 0); });

function input(over: { invoice?: Partial<InvoiceRenderInput['invoice']>; lines?: InvoiceRenderLine[] } & Partial<Omit<InvoiceRenderInput, 'invoice' | 'lines'>> = {}): InvoiceRenderInput {
  const lines: InvoiceRenderLine[] = over.lines ?? [
    { description: 'Discovery workshop', quantityMilli: 1000, unitMinor: 125_000, amountMinor: 125_000, kind: 'item', waived: false },
    { description: 'Development hours', quantityMilli: 1500, unitMinor: 8_950, amountMinor: 13_425, kind: 'item', waived: false },
    { description: 'Late fee: 14 days overdue', quantityMilli: 1000, unitMinor: 2_500, amountMinor: 2_500, kind: 'late_fee', waived: false },
    { description: 'Late fee: 30 days overdue', quantityMilli: 1000, unitMinor: 5_000, amountMinor: 0, kind: 'late_fee', waived: true },
  ];
  return {
    invoice: {
      id: 'b6f1c0de-0000-4000-8000-000000000042', label: 'INV-000042', status: 'partly_paid', currency: 'EUR', issueDate: '2026-03-04', dueDate: '2026-04-03',
      notes: 'Thank you for your business.', subtotalMinor: 138_425, taxRateBp: 2000, taxMinor: 27_685, feesMinor: 2_500, totalMinor: 168_610,
      paidMinor: 100_000, refundedMinor: 0, balanceMinor: 68_610, ...over.invoice,
    },
    lines,
    client: over.client ?? { accountName: 'Acme Holdings', contactName: 'Jo Bloggs', email: 'jo@acme.example' },
    business: over.business ?? { name: 'Northwind Studio', primaryColor: '#1f5fa8', emailFrom: 'billing@northwind.example', logo: null },
    payment: over.payment === undefined ? { instructions: 'Pay by bank transfer quoting the invoice number.' } : over.payment,
    renderedAt: over.renderedAt ?? '2026-03-04T10:00:00.000Z',
  };
}

function logoPng(): Uint8Array {
  const png = new PNG({ width: 8, height: 4 });
  png.data.fill(200);
  return new Uint8Array(PNG.sync.write(png));
}

describe('renderInvoicePdf', () => {
  it('shows the label, the dates, each line with its amount, the totals and the balance', async () => {
    const pdf = await renderInvoicePdf(input());
    const [text, ...more] = await pagesText(pdf);
    expect(more).toEqual([]);
    expect(text).toContain('Invoice');
    expect(text).toContain('INV-000042');
    expect(text).toContain('4 March 2026');
    expect(text).toContain('3 April 2026');
    expect(text).toContain('Northwind Studio');
    expect(row(text!, 'Description', 'Qty', 'Unit price', 'Amount')).toBe(true);
    expect(row(text!, 'Discovery workshop', '1', '€1,250.00', '€1,250.00')).toBe(true);
    expect(row(text!, 'Development hours', '1.5', '€89.50', '€134.25')).toBe(true);
    expect(row(text!, 'Late fee: 14 days overdue', '€25.00', '€25.00')).toBe(true);
    // A waived fee is listed at its price but counts for nothing.
    expect(row(text!, 'Late fee: 30 days overdue', '€50.00', '€0.00')).toBe(true);
    expect(text).toContain('LATE FEE · WAIVED');
    expect(row(text!, 'Subtotal', '€1,384.25')).toBe(true);
    expect(row(text!, 'VAT 20 %', '€276.85')).toBe(true);
    expect(row(text!, 'Late fees', '€25.00')).toBe(true);
    expect(row(text!, 'Total', '€1,686.10')).toBe(true);
    expect(row(text!, 'Paid', '€1,000.00')).toBe(true);
    expect(text!.split('\n').filter((l) => row(l, 'Balance due', '€686.10'))).toHaveLength(2); // by the dates, and under the totals
    expect(text).not.toContain('Refunded');
    expect(text).toContain('How to pay');
    expect(text).toContain('Pay by bank transfer quoting the invoice number.');
    expect(text).toContain('Thank you for your business.');
    expect(row(text!, 'Page 1 of 1')).toBe(true);
    for (const stamp of ['PAID', 'VOID', 'DRAFT']) expect(text).not.toMatch(new RegExp(`\\b${stamp}\\b`));
  });

  it('is A4 portrait, made by Portico at the time it was rendered', async () => {
    const doc = await PDFDocument.load(await renderInvoicePdf(input()), { updateMetadata: false });
    expect(doc.getPages().map((p) => [p.getWidth(), p.getHeight()])).toEqual([[595.28, 841.89]]);
    expect(doc.getProducer()).toBe('Portico');
    expect(doc.getCreator()).toBe('Portico');
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-03-04T10:00:00.000Z');
    expect(doc.getModificationDate()?.toISOString()).toBe('2026-03-04T10:00:00.000Z');
    expect(doc.getTitle()).toBe('Invoice INV-000042 — Northwind Studio');
  });

  it('shows refunds when there are any, and other currencies with their own decimals', async () => {
    const [text] = await pagesText(await renderInvoicePdf(input({
      invoice: { currency: 'JPY', subtotalMinor: 50_000, taxRateBp: 1000, taxMinor: 5_000, feesMinor: 0, totalMinor: 55_000, paidMinor: 55_000, refundedMinor: 5_000, balanceMinor: 5_000 },
      lines: [{ description: 'Translation', quantityMilli: 2000, unitMinor: 25_000, amountMinor: 50_000, kind: 'item', waived: false }],
    })));
    expect(row(text!, 'Translation', '2', 'JP¥25,000', 'JP¥50,000')).toBe(true);
    expect(row(text!, 'VAT 10 %', 'JP¥5,000')).toBe(true);
    expect(row(text!, 'Refunded', 'JP¥5,000')).toBe(true);
    expect(text).not.toContain('Late fees');
  });

  it('runs a long invoice over several pages, repeating the table header and numbering each page', async () => {
    const lines = Array.from({ length: 120 }, (_, i): InvoiceRenderLine => ({
      description: i % 10 === 3 ? `Item ${i + 1}: a description long enough to wrap onto a second and perhaps a third line of the description column` : `Item ${i + 1}`,
      quantityMilli: 1000 + i, unitMinor: 1_000 + i, amountMinor: Math.round(((1000 + i) * (1_000 + i)) / 1000), kind: 'item', waived: false,
    }));
    const pages = await pagesText(await renderInvoicePdf(input({ lines })));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, i) => {
      expect(row(page, `Page ${i + 1} of ${pages.length}`), `page ${i + 1}`).toBe(true);
      expect(page).toContain('INV-000042');
    });
    // Every page but a last one holding only totals starts with the column headings.
    const tablePages = pages.filter((p) => /Item \d+/.test(p));
    expect(tablePages.length).toBeGreaterThanOrEqual(3);
    for (const page of tablePages) expect(row(page, 'Description', 'Qty', 'Unit price', 'Amount')).toBe(true);
    const all = pages.join('\n');
    for (let i = 1; i <= 120; i++) expect(all.match(new RegExp(`Item ${i}\\b`, 'g')), `item ${i}`).toHaveLength(1);
    expect(row(all, 'Item 120', '1.119', '€11.19', '€12.52')).toBe(true);
    expect(row(pages.at(-1)!, 'Balance due')).toBe(true);
  });

  it('renders accented and non-Latin names, and marks characters the fonts lack', async () => {
    const [text] = await pagesText(await renderInvoicePdf(input({
      client: { accountName: 'Société Générale d’Études Łódź', contactName: 'Zoë Brontë-Müller', email: 'zoë@example.com' },
      business: { name: 'Ωmega Δesign Ελλάς', primaryColor: '#f4d03f', emailFrom: 'billing@omega.example' },
      lines: [{ description: 'Перевод документов — Straße', quantityMilli: 1000, unitMinor: 1000, amountMinor: 1000, kind: 'item', waived: false },
        { description: 'Tea 茶', quantityMilli: 1000, unitMinor: 1000, amountMinor: 1000, kind: 'item', waived: false }],
    })));
    expect(text).toContain('Société Générale d’Études Łódź');
    expect(text).toContain('Zoë Brontë-Müller');
    expect(text).toContain('Ωmega Δesign Ελλάς');
    expect(text).toContain('Перевод документов — Straße');
    expect(text).toContain('Tea ?');
  });

  it('stamps PAID, VOID and DRAFT invoices, and leaves out how to pay when nothing is owed', async () => {
    const [paid] = await pagesText(await renderInvoicePdf(input({ invoice: { status: 'paid', paidMinor: 168_610, balanceMinor: 0 } })), false);
    expect(paid).toMatch(/\bPAID\b/);
    expect(paid).not.toContain('How to pay');
    const [voided] = await pagesText(await renderInvoicePdf(input({ invoice: { status: 'void' } })), false);
    expect(voided).toMatch(/\bVOID\b/);
    expect(voided).not.toContain('How to pay');
    expect(voided).toContain('Not payable');
    expect(voided).toContain('Balance (void)');
    const [draft] = await pagesText(await renderInvoicePdf(input({ invoice: { status: 'draft', label: 'Draft', issueDate: '' } })), false);
    expect(draft).toMatch(/\bDRAFT\b/);
    expect(draft).toContain('How to pay');
  });

  it('gives the same bytes for the same input, and different bytes for any change', async () => {
    const base = sha256(await renderInvoicePdf(input()));
    expect(sha256(await renderInvoicePdf(input()))).toBe(base);
    const changed = input();
    changed.lines[1] = { ...changed.lines[1]!, amountMinor: 13_426 };
    expect(sha256(await renderInvoicePdf(changed))).not.toBe(base);
    expect(sha256(await renderInvoicePdf(input({ renderedAt: '2026-03-05T10:00:00.000Z' })))).not.toBe(base);
    const withLogo = input({ business: { name: 'Northwind Studio', primaryColor: '#1f5fa8', emailFrom: 'billing@northwind.example', logo: { bytes: logoPng(), type: 'image/png' } } });
    expect(sha256(await renderInvoicePdf(withLogo))).toBe(sha256(await renderInvoicePdf(withLogo)));
  });

  it('draws the logo, and still renders when the logo does not decode', async () => {
    const business = { name: 'Northwind Studio', primaryColor: '#1f5fa8', emailFrom: 'billing@northwind.example' };
    const file = join(dir, 'logo.pdf');
    await writeFile(file, await renderInvoicePdf(input({ business: { ...business, logo: { bytes: logoPng(), type: 'image/png' } } })));
    expect((await run('pdfimages', ['-list', file])).stdout).toMatch(/^\s+1\s+0\s+image\s+8\s+4\s/m);
    const [text] = await pagesText(await renderInvoicePdf(input({ business: { ...business, logo: { bytes: new Uint8Array([1, 2, 3]), type: 'image/jpeg' } } })));
    expect(text).toContain('Northwind Studio');
  });

  it('keeps very large amounts whole and readable', async () => {
    const big = 1_000_000_000_000;
    const [text] = await pagesText(await renderInvoicePdf(input({
      invoice: { subtotalMinor: big, taxRateBp: 0, taxMinor: 0, feesMinor: 0, totalMinor: big, paidMinor: 0, balanceMinor: big },
      lines: [{ description: 'Acquisition', quantityMilli: 1000, unitMinor: big, amountMinor: big, kind: 'item', waived: false }],
    })));
    expect(row(text!, 'Acquisition', '1', '€10,000,000,000.00', '€10,000,000,000.00')).toBe(true);
    expect(row(text!, 'Balance due', '€10,000,000,000.00')).toBe(true);
  });

  it('refuses a render time that is not a time', async () => {
    await expect(renderInvoicePdf(input({ renderedAt: 'yesterday' }))).rejects.toThrow(/renderedAt/);
  });
});

describe('formatInvoiceDate', () => {
  it('writes dates out in full, whatever the time zone', () => {
    expect(formatInvoiceDate('2026-03-04')).toBe('4 March 2026');
    expect(formatInvoiceDate('2026-12-31')).toBe('31 December 2026');
    expect(formatInvoiceDate('')).toBe('—');
    expect(formatInvoiceDate('2026-02-30')).toBe('2026-02-30');
  });
});
