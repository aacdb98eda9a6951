// Renders a sample invoice to test-results/ (PDF, and its pages as PNG when pdftoppm is installed)
// to look at the layout: node scripts/lib/render-sample-invoice.ts [item count] [status]
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { lineAmount, taxOf } from '../../domain/invoicing/money.ts';
import { renderInvoicePdf, type InvoiceRenderInput, type InvoiceRenderLine } from '../../domain/invoicing/render.ts';

const OUT = fileURLToPath(new URL('../../test-results/', import.meta.url));

/** A 96×96 logo: a rounded square in the brand colour with a light stripe. */
function sampleLogo(): Uint8Array {
  const png = new PNG({ width: 96, height: 96 });
  for (let y = 0; y < 96; y++) {
    for (let x = 0; x < 96; x++) {
      const i = (y * 96 + x) * 4;
      const corner = Math.max(0, 16 - Math.min(x, 95 - x)) ** 2 + Math.max(0, 16 - Math.min(y, 95 - y)) ** 2 > 256;
      const stripe = y > 40 && y < 56 && x > 20 && x < 76;
      png.data[i] = stripe ? 230 : 0x1f;
      png.data[i + 1] = stripe ? 240 : 0x5f;
      png.data[i + 2] = stripe ? 255 : 0xa8;
      png.data[i + 3] = corner ? 0 : 255;
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}

/** A plausible invoice with items, a late fee and a waived one, a part payment and a refund. */
export function sampleInvoice(itemCount = 6, status = 'partly_paid'): InvoiceRenderInput {
  const items: InvoiceRenderLine[] = Array.from({ length: itemCount }, (_, i) => {
    const quantityMilli = [1000, 1500, 12_000, 250, 3000, 1000][i % 6]!;
    const unitMinor = [125_000, 8_950, 4_500, 60_000, 1_999, 349_900][i % 6]!;
    const description = [
      'Discovery workshop and stakeholder interviews',
      'Design review — revisions to the onboarding flow, including the mobile layouts and the accessibility pass requested after the first round of feedback',
      'Development hours (March)',
      'Hosting, quarter',
      'Stock photography licence',
      'Annual support plan',
    ][i % 6]!;
    return { description: itemCount > 6 ? `${i + 1}. ${description}` : description, quantityMilli, unitMinor, amountMinor: lineAmount(quantityMilli, unitMinor), kind: 'item', waived: false };
  });
  const lines: InvoiceRenderLine[] = [
    ...items,
    { description: 'Late fee: payment 14 days overdue', quantityMilli: 1000, unitMinor: 2_500, amountMinor: 2_500, kind: 'late_fee', waived: false },
    { description: 'Late fee: payment 30 days overdue', quantityMilli: 1000, unitMinor: 5_000, amountMinor: 0, kind: 'late_fee', waived: true },
  ];
  const subtotalMinor = items.reduce((s, l) => s + l.amountMinor, 0);
  const taxMinor = taxOf(subtotalMinor, 2000);
  const feesMinor = 2_500;
  const totalMinor = subtotalMinor + taxMinor + feesMinor;
  const paidMinor = 100_000;
  const refundedMinor = 5_000;
  return {
    invoice: {
      id: '00000000-0000-4000-8000-000000000042', label: 'INV-000042', status, currency: 'EUR', issueDate: '2026-03-04', dueDate: '2026-04-03',
      notes: 'Thank you for your business.\nQuestions about this invoice? Reply to the email it came with.',
      subtotalMinor, taxRateBp: 2000, taxMinor, feesMinor, totalMinor, paidMinor, refundedMinor, balanceMinor: totalMinor - paidMinor + refundedMinor,
    },
    lines,
    client: { accountName: 'Société Générale d’Études Žluťoučký', contactName: 'Zoë Brontë-Müller', email: 'zoe@example.com' },
    business: { name: 'Northwind Studio', primaryColor: '#1f5fa8', emailFrom: 'billing@northwind.example', logo: { bytes: sampleLogo(), type: 'image/png' } },
    payment: { instructions: 'Pay online from the invoice page in the portal, or by bank transfer to IBAN GB33 BUKB 2020 1555 5555 55 quoting the invoice number.' },
    renderedAt: '2026-03-04T10:00:00.000Z',
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 6);
  await mkdir(OUT, { recursive: true });
  const pdf = await renderInvoicePdf(sampleInvoice(count, process.argv[3]));
  await writeFile(`${OUT}invoice-sample.pdf`, pdf);
  await promisify(execFile)('pdftoppm', ['-png', '-r', '80', '-singlefile', `${OUT}invoice-sample.pdf`, `${OUT}invoice-sample`]);
  console.log(`${OUT}invoice-sample.pdf, ${OUT}invoice-sample.png`);
}
