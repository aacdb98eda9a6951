/**
 * An invoice as a branded A4 PDF: header with the business's logo and colour, who is billed, the
 * dates, the lines (as many pages as they need, the table header repeated on each), the totals,
 * a PAID / VOID / DRAFT stamp, how to pay, notes, and numbered page footers.
 *
 * Pure: the same input gives the same bytes (metadata dates come from `renderedAt`, fonts are
 * shipped in the repository and subset deterministically), so an unchanged invoice re-renders to
 * the same SHA-256 and is stored once.
 */
import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage, type RGB } from 'pdf-lib';
import { drawShapedText } from '../signing/draw-text.ts';
import { documentFonts } from '../signing/fonts.ts';
import { cleanText, metrics, wrapText } from '../signing/text.ts';
import { formatMoney, formatPercent, formatQuantity, minorDigits } from './money.ts';

export interface InvoiceRenderInput {
  invoice: {
    id: string;
    /** "INV-000042", or "Draft" before a number is given. */
    label: string;
    status: string;
    currency: string;
    /** YYYY-MM-DD; empty while a draft has not been issued. */
    issueDate: string;
    dueDate: string;
    notes: string;
    subtotalMinor: number;
    taxRateBp: number;
    taxMinor: number;
    feesMinor: number;
    totalMinor: number;
    paidMinor: number;
    refundedMinor: number;
    balanceMinor: number;
  };
  lines: InvoiceRenderLine[];
  client: { accountName: string; contactName?: string | null; email?: string | null };
  business: {
    name: string;
    primaryColor: string;
    emailFrom: string;
    logo?: { bytes: Uint8Array; type: 'image/png' | 'image/jpeg' } | null;
  };
  payment: { instructions: string } | null;
  /** ISO time the PDF's creation and modification dates are set to. */
  renderedAt: string;
}

export interface InvoiceRenderLine {
  description: string;
  /** Thousandths: 1500 is 1.5. */
  quantityMilli: number;
  unitMinor: number;
  amountMinor: number;
  kind: 'item' | 'late_fee';
  waived: boolean;
}

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN = 48;
const CONTENT_W = PAGE_W - 2 * MARGIN;
const RIGHT = PAGE_W - MARGIN;
/** Content stops here; the footer sits below. */
const BOTTOM = 58;
const BAND_H = 10;

const DARK = rgb(0.11, 0.11, 0.13);
const MUTED = rgb(0.42, 0.43, 0.47);
const RULE = rgb(0.86, 0.87, 0.89);
const WHITE = rgb(1, 1, 1);
const ZEBRA = rgb(0.972, 0.975, 0.98);

const COL_GAP = 16;
/** Inset of the table's text from its edges. */
const CELL_X = 6;
const TABLE_SIZE = 9.5;
const HEAD_SIZE = 8.5;

const STAMPS: Record<string, { text: string; color: RGB }> = {
  paid: { text: 'PAID', color: rgb(0.09, 0.52, 0.29) },
  void: { text: 'VOID', color: rgb(0.74, 0.13, 0.13) },
  draft: { text: 'DRAFT', color: rgb(0.45, 0.47, 0.5) },
};

/** `#rrggbb` as a colour; a neutral slate for anything else (branding is validated elsewhere). */
function parseColor(hex: string): RGB {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return rgb(0.2, 0.25, 0.33);
  return rgb(parseInt(m[1]!, 16) / 255, parseInt(m[2]!, 16) / 255, parseInt(m[3]!, 16) / 255);
}

const luminance = (c: RGB) => 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue;
/** The brand colour for text on white: darkened when too light to read. */
const readable = (c: RGB): RGB => (luminance(c) > 0.5 ? rgb(c.red * 0.45, c.green * 0.45, c.blue * 0.45) : c);
/** A pale wash of the brand colour, for backgrounds that dark text stays legible on. */
const tint = (c: RGB, amount: number): RGB => rgb(1 - (1 - c.red) * amount, 1 - (1 - c.green) * amount, 1 - (1 - c.blue) * amount);

/** `text` cut to fit `width`, ending with an ellipsis when it had to be cut. */
function ellipsize(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  const chars = [...text];
  while (chars.length && font.widthOfTextAtSize(`${chars.join('').trimEnd()}…`, size) > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "2026-03-04" → "4 March 2026"; a dash when empty; anything else as given. */
export function formatInvoiceDate(ymd: string): string {
  if (!ymd) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  return d && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(ymd) ? dateFormat.format(d) : ymd;
}

/** Renders the invoice; throws for a `renderedAt` that is not a time or a currency that is not a code. */
export async function renderInvoicePdf(input: InvoiceRenderInput): Promise<Uint8Array> {
  const renderedAt = new Date(input.renderedAt);
  if (Number.isNaN(renderedAt.getTime())) throw new Error(`renderedAt is not a time: "${input.renderedAt}"`);
  minorDigits(input.invoice.currency); // throws for a currency that is not a code, before any work
  const { invoice, business, client } = input;

  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = documentFonts(doc);
  // Embedded in a fixed order: subset names come from a per-document sequence.
  const regular = await fonts.get('regular');
  const bold = await fonts.get('bold');

  // Characters neither font can draw become "?" rather than invisible boxes.
  const uncovered = new Set<string>();
  const all = [business.name, business.emailFrom, client.accountName, client.contactName ?? '', client.email ?? '', invoice.label, invoice.notes,
    input.payment?.instructions ?? '', ...input.lines.map((l) => l.description)].join('');
  for (const ch of new Set(all)) if (!(await fonts.covers('regular', ch)) || !(await fonts.covers('bold', ch))) uncovered.add(ch);
  const clean = (text: string, keepNewlines = false) => [...cleanText(text, keepNewlines)].map((ch) => (uncovered.has(ch) ? '?' : ch)).join('');
  const money = (minor: number) => formatMoney(minor, invoice.currency);

  const brand = parseColor(business.primaryColor);
  const brandText = readable(brand);
  const label = clean(invoice.label) || 'Invoice';
  const businessName = clean(business.name);

  let logo: PDFImage | null = null;
  if (business.logo) {
    // A logo that does not decode leaves the name alone: it must not stop an invoice going out.
    try {
      logo = business.logo.type === 'image/png' ? await doc.embedPng(business.logo.bytes) : await doc.embedJpg(business.logo.bytes);
    } catch {
      logo = null;
    }
  }

  // ---- drawing primitives ----
  const pages: PDFPage[] = [];
  let page!: PDFPage;
  /** Top of the next thing drawn. */
  let y = 0;
  const leading = (font: PDFFont, size: number) => size * (metrics(font).height + 0.12);
  const baseline = (font: PDFFont, size: number, top: number) => {
    const { height, descent } = metrics(font);
    return top - size * (height - descent);
  };
  const text = (s: string, x: number, top: number, font: PDFFont, size: number, color: RGB = DARK, align: 'left' | 'right' = 'left') => {
    const left = align === 'right' ? x - font.widthOfTextAtSize(s, size) : x;
    drawShapedText(page, s, { x: left, y: baseline(font, size, top), size, font, color });
  };
  const block = (lines: string[], x: number, top: number, font: PDFFont, size: number, color: RGB = DARK) => {
    lines.forEach((l, i) => text(l, x, top - i * leading(font, size), font, size, color));
    return lines.length * leading(font, size);
  };
  const rule = (at: number, color: RGB = RULE, thickness = 0.75, from = MARGIN, to = RIGHT) =>
    page.drawLine({ start: { x: from, y: at }, end: { x: to, y: at }, thickness, color });

  const newPage = () => {
    page = doc.addPage([PAGE_W, PAGE_H]);
    pages.push(page);
    page.drawRectangle({ x: 0, y: PAGE_H - BAND_H, width: PAGE_W, height: BAND_H, color: brand });
    y = PAGE_H - BAND_H - 30;
  };
  /** A later page's header: who and which invoice, so a loose page is still identifiable. */
  const continuationPage = () => {
    newPage();
    text(ellipsize(businessName, bold, 11, CONTENT_W / 2 - 10), MARGIN, y, bold, 11, brandText);
    text(`Invoice ${label} (continued)`, RIGHT, y + 1, regular, 9.5, MUTED, 'right');
    y -= leading(bold, 11) + 8;
    rule(y);
    y -= 14;
  };

  // ---- first page header ----
  newPage();
  const headerTop = y;
  let nameX = MARGIN;
  let leftBottom = headerTop;
  if (logo) {
    const s = Math.min(48 / logo.height, 160 / logo.width);
    page.drawImage(logo, { x: MARGIN, y: headerTop - logo.height * s, width: logo.width * s, height: logo.height * s });
    nameX += logo.width * s + 14;
    leftBottom = headerTop - logo.height * s;
  }
  const titleW = Math.max(bold.widthOfTextAtSize('Invoice', 26), regular.widthOfTextAtSize(label, 12));
  const nameW = RIGHT - titleW - 24 - nameX;
  let ny = headerTop - block(wrapText(businessName, bold, 15, nameW), nameX, headerTop, bold, 15, brandText) - 2;
  if (business.emailFrom) ny -= block(wrapText(clean(business.emailFrom), regular, 9, nameW), nameX, ny, regular, 9, MUTED);
  leftBottom = Math.min(leftBottom, ny);
  text('Invoice', RIGHT, headerTop + 2, bold, 26, DARK, 'right');
  const labelTop = headerTop + 2 - leading(bold, 26);
  text(label, RIGHT, labelTop, regular, 12, brandText, 'right');
  y = Math.min(leftBottom, labelTop - leading(regular, 12)) - 16;
  rule(y);
  y -= 18;

  // ---- billed to, dates, what is owed ----
  const infoTop = y;
  const datesX = RIGHT - 190;
  const billedW = datesX - 8 - 28 - MARGIN;
  let by = infoTop;
  text('BILLED TO', MARGIN, by, bold, 7.5, MUTED);
  by -= leading(bold, 7.5) + 3;
  by -= block(wrapText(clean(client.accountName), bold, 11, billedW), MARGIN, by, bold, 11);
  if (client.contactName) by -= block(wrapText(clean(client.contactName), regular, 9.5, billedW), MARGIN, by, regular, 9.5);
  if (client.email) by -= block(wrapText(clean(client.email), regular, 9.5, billedW), MARGIN, by, regular, 9.5, MUTED);

  let dy = infoTop;
  const dateRows: [string, string][] = [['Invoice number', label], ['Issued', formatInvoiceDate(invoice.issueDate)], ['Due', formatInvoiceDate(invoice.dueDate)]];
  for (const [k, v] of dateRows) {
    text(k, datesX, dy + 0.5, regular, 8.5, MUTED);
    text(v, RIGHT, dy, k === 'Due' ? bold : regular, 9.5, DARK, 'right');
    dy -= leading(regular, 9.5) + 4;
  }
  // A void invoice asks for nothing, whatever its ledger says is outstanding.
  const isVoid = invoice.status === 'void';
  const balanceLabel = isVoid ? 'Balance (void)' : 'Balance due';
  dy -= 4;
  page.drawRectangle({ x: datesX - 8, y: dy - 30, width: RIGHT - datesX + 8, height: 30, color: tint(brand, 0.12) });
  text('Balance due', datesX, dy - 10, bold, 9, DARK);
  text(isVoid ? 'Not payable' : money(invoice.balanceMinor), RIGHT - 8, dy - 8.5, bold, 12, DARK, 'right');
  dy -= 30;

  y = Math.min(by, dy) - 26;

  // ---- lines ----
  // The number columns are as wide as their widest value, so large amounts never overlap; the
  // description takes the rest.
  const widest = (values: string[], head: string, min: number) =>
    Math.max(min, bold.widthOfTextAtSize(head, HEAD_SIZE), ...values.map((v) => regular.widthOfTextAtSize(v, TABLE_SIZE)));
  const qtyW = widest(input.lines.map((l) => formatQuantity(l.quantityMilli)), 'Qty', 28);
  const unitW = widest(input.lines.map((l) => money(l.unitMinor)), 'Unit price', 60);
  const amountW = widest(input.lines.map((l) => money(l.waived ? 0 : l.amountMinor)), 'Amount', 60);
  const descW = CONTENT_W - 2 * CELL_X - qtyW - unitW - amountW - 3 * COL_GAP;
  const xAmountR = RIGHT - CELL_X;
  const xUnitR = xAmountR - amountW - COL_GAP;
  const xQtyR = xUnitR - unitW - COL_GAP;
  const headH = 20;
  let rowsOnPage = 0;
  const tableHeader = () => {
    page.drawRectangle({ x: MARGIN, y: y - headH, width: CONTENT_W, height: headH, color: brand });
    const on = luminance(brand) > 0.6 ? DARK : WHITE;
    const top = y - (headH - leading(bold, HEAD_SIZE)) / 2 - 0.5;
    text('Description', MARGIN + CELL_X, top, bold, HEAD_SIZE, on);
    text('Qty', xQtyR, top, bold, HEAD_SIZE, on, 'right');
    text('Unit price', xUnitR, top, bold, HEAD_SIZE, on, 'right');
    text('Amount', xAmountR, top, bold, HEAD_SIZE, on, 'right');
    y -= headH;
    rowsOnPage = 0;
  };
  tableHeader();

  const rowLead = leading(regular, TABLE_SIZE);
  const padY = 5.5;
  const tagH = leading(bold, 7);
  input.lines.forEach((line, index) => {
    const desc = wrapText(clean(line.description, true) || '—', regular, TABLE_SIZE, descW);
    const tag = line.kind === 'late_fee' ? (line.waived ? 'Late fee · waived' : 'Late fee') : line.waived ? 'Waived' : null;
    let rest = desc;
    let first = true;
    while (rest.length) {
      const room = Math.floor((y - BOTTOM - 2 * padY - (tag ? tagH : 0)) / rowLead);
      // A row moves to the next page whole, unless it is taller than a page: then it is split.
      if (room < 1 || (room < rest.length && rowsOnPage > 0)) {
        continuationPage();
        tableHeader();
        continue;
      }
      const part = rest.slice(0, room);
      rest = rest.slice(part.length);
      const withTag = !rest.length && tag;
      const h = part.length * rowLead + 2 * padY + (withTag ? tagH : 0);
      if (index % 2 === 1) page.drawRectangle({ x: MARGIN, y: y - h, width: CONTENT_W, height: h, color: ZEBRA });
      const top = y - padY;
      block(part, MARGIN + CELL_X, top, regular, TABLE_SIZE);
      if (first) {
        text(formatQuantity(line.quantityMilli), xQtyR, top, regular, TABLE_SIZE, DARK, 'right');
        text(money(line.unitMinor), xUnitR, top, regular, TABLE_SIZE, line.waived ? MUTED : DARK, 'right');
        // A waived line is still listed, so the client sees the fee was forgiven, but it counts for nothing.
        text(money(line.waived ? 0 : line.amountMinor), xAmountR, top, regular, TABLE_SIZE, DARK, 'right');
      }
      if (withTag) text(withTag.toUpperCase(), MARGIN + CELL_X, top - part.length * rowLead - 1, bold, 7, line.waived ? MUTED : brandText);
      y -= h;
      rule(y);
      rowsOnPage++;
      first = false;
    }
  });
  if (!input.lines.length) {
    text('No lines yet.', MARGIN + CELL_X, y - padY, regular, TABLE_SIZE, MUTED);
    y -= rowLead + 2 * padY;
    rule(y);
  }

  // ---- totals ----
  const totals: { label: string; value: string; strong?: boolean; box?: boolean }[] = [{ label: 'Subtotal', value: money(invoice.subtotalMinor) }];
  if (invoice.taxRateBp !== 0 || invoice.taxMinor !== 0) totals.push({ label: `VAT ${formatPercent(invoice.taxRateBp)} %`, value: money(invoice.taxMinor) });
  if (invoice.feesMinor !== 0 || input.lines.some((l) => l.kind === 'late_fee')) totals.push({ label: 'Late fees', value: money(invoice.feesMinor) });
  totals.push({ label: 'Total', value: money(invoice.totalMinor), strong: true });
  totals.push({ label: 'Paid', value: money(invoice.paidMinor) });
  if (invoice.refundedMinor !== 0) totals.push({ label: 'Refunded', value: money(invoice.refundedMinor) });
  totals.push({ label: balanceLabel, value: money(invoice.balanceMinor), strong: true, box: true });
  const totalsX = RIGHT - 250;
  const rowH = (r: (typeof totals)[number]) => (r.box ? 28 : leading(regular, 9.5) + 7);
  const totalsH = totals.reduce((s, r) => s + rowH(r), 0) + 14;
  if (y - totalsH < BOTTOM) continuationPage();
  y -= 14;
  const stamp = STAMPS[invoice.status];
  if (stamp) {
    // Beside the totals, in space that is always free, where the reader looks for what is owed.
    // Level, not tilted: text set at an angle is extracted letter by letter, and the stamp must
    // stay searchable and readable aloud.
    const size = 26;
    const tw = bold.widthOfTextAtSize(stamp.text, size);
    const w = tw + 30;
    const h = size + 16;
    const cx = (MARGIN + totalsX - 16) / 2;
    const cy = y - (totalsH - 14) / 2;
    page.drawRectangle({ x: cx - w / 2, y: cy - h / 2, width: w, height: h, borderColor: stamp.color, borderWidth: 2.5, color: tint(stamp.color, 0.07) });
    page.drawRectangle({ x: cx - w / 2 + 4, y: cy - h / 2 + 4, width: w - 8, height: h - 8, borderColor: stamp.color, borderWidth: 0.75 });
    // Capitals centred on the box: DejaVu Sans Bold's cap height is 0.73 em.
    drawShapedText(page, stamp.text, { x: cx - tw / 2, y: cy - (size * 0.73) / 2, size, font: bold, color: stamp.color });
  }
  for (const r of totals) {
    const h = rowH(r);
    if (r.label === 'Total') rule(y + 1, DARK, 0.9, totalsX, RIGHT);
    if (r.box) {
      y -= 4;
      page.drawRectangle({ x: totalsX, y: y - h, width: RIGHT - totalsX, height: h, color: tint(brand, 0.14) });
      const top = y - (h - leading(bold, 11.5)) / 2;
      text(r.label, totalsX + 10, top, bold, 11.5, DARK);
      text(r.value, RIGHT - 8, top, bold, 11.5, DARK, 'right');
    } else {
      const font = r.strong ? bold : regular;
      text(r.label, totalsX + 10, y - 4, font, 9.5, r.strong ? DARK : MUTED);
      text(r.value, RIGHT - 8, y - 4, font, 9.5, DARK, 'right');
    }
    y -= h;
  }

  // ---- payment instructions and notes ----
  const section = (title: string, body: string) => {
    const lines = wrapText(body, regular, 9.5, CONTENT_W);
    const lead = leading(regular, 9.5);
    const headH = 22 + leading(bold, 10.5) + 10;
    // A short section moves to the next page whole rather than leave a line or two behind.
    const height = headH + lines.length * lead;
    if (y - height < BOTTOM && (height < (PAGE_H - BOTTOM) / 3 || y - headH - 2 * lead < BOTTOM)) continuationPage();
    y -= 22;
    text(title, MARGIN, y, bold, 10.5, brandText);
    y -= leading(bold, 10.5) + 3;
    rule(y, brand, 0.75);
    y -= 7;
    for (const l of lines) {
      if (y - lead < BOTTOM) continuationPage();
      text(l, MARGIN, y, regular, 9.5);
      y -= lead;
    }
  };
  // Nothing is owed on a paid or void invoice: telling the client how to pay would only confuse.
  const instructions = clean(input.payment?.instructions ?? '', true);
  if (instructions && !isVoid && invoice.balanceMinor > 0) section('How to pay', instructions);
  const notes = clean(invoice.notes, true);
  if (notes) section('Notes', notes);

  // ---- footers, once the page count is known ----
  pages.forEach((p, i) => {
    page = p;
    rule(BOTTOM - 18);
    const suffix = ` · Invoice ${label}`;
    const left = ellipsize(businessName, regular, 8, CONTENT_W - 90 - regular.widthOfTextAtSize(suffix, 8)) + suffix;
    text(left, MARGIN, BOTTOM - 25, regular, 8, MUTED);
    text(`Page ${i + 1} of ${pages.length}`, RIGHT, BOTTOM - 25, regular, 8, MUTED, 'right');
  });

  doc.setTitle(`Invoice ${label} — ${businessName}`);
  doc.setAuthor(businessName);
  doc.setSubject(`Invoice ${label} for ${clean(client.accountName)}`);
  doc.setLanguage('en-GB');
  doc.setProducer('Portico');
  doc.setCreator('Portico');
  doc.setCreationDate(renderedAt);
  doc.setModificationDate(renderedAt);
  return doc.save();
}
