import { rgb, type PDFDocument, type PDFFont, type PDFImage, type PDFPage, type RGB } from 'pdf-lib';
import { drawShapedText } from './draw-text.ts';
import type { DocumentFonts } from './fonts.ts';
import { pngBytes } from './stamp-fields.ts';
import { cleanText, metrics, wrapText } from './text.ts';
import type { CertificateInput, SealSigner } from './types.ts';

/** Portrait paper sizes in points. */
export const PAPER = { A4: [595.28, 841.89], Letter: [612, 792] } as const satisfies Record<string, readonly [number, number]>;

const MARGIN = 50;
const FOOTER = 28;
const DARK = rgb(0.11, 0.11, 0.13);
const MUTED = rgb(0.4, 0.41, 0.45);
const RULE = rgb(0.85, 0.86, 0.88);
const LABEL_W = 130;
const TIME_W = 128;

/** `2026-03-04 10:22:31 UTC` from an ISO time; an em dash for a time that did not happen. */
export function certificateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `#rrggbb` as a pdf-lib colour (a neutral slate when it is not one). */
function parseColor(hex: string): RGB {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return rgb(0.2, 0.25, 0.33);
  return rgb(parseInt(m[1]!, 16) / 255, parseInt(m[2]!, 16) / 255, parseInt(m[3]!, 16) / 255);
}

/** The brand colour for text on white: darkened when it is too light to read. */
function readable(c: RGB): RGB {
  const lum = 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue;
  return lum > 0.5 ? rgb(c.red * 0.45, c.green * 0.45, c.blue * 0.45) : c;
}

interface Cell {
  font: PDFFont;
  size: number;
  color: RGB;
  lines: string[];
}

/**
 * Appends the certificate of completion to `doc`: who the business is, what the document is (id,
 * title, SHA-256 of the original), when it was sealed, each signer's evidence (identity,
 * authentication, network, consent, view, signature or decline) and every event in order. Text is
 * wrapped to the page; it runs to as many pages as it needs, each numbered.
 */
export async function drawCertificate(doc: PDFDocument, fonts: DocumentFonts, input: CertificateInput, paper: 'A4' | 'Letter'): Promise<void> {
  const [pw, ph] = PAPER[paper];
  const regular = await fonts.get('regular');
  const bold = await fonts.get('bold');
  const brand = parseColor(input.branding.primaryColor);
  const brandText = readable(brand);
  const contentW = pw - 2 * MARGIN;
  const top = ph - MARGIN;
  const bottom = MARGIN + FOOTER;
  const pages: PDFPage[] = [];
  let page!: PDFPage;
  let y = 0;

  const newPage = () => {
    page = doc.addPage([pw, ph]);
    pages.push(page);
    page.drawRectangle({ x: 0, y: ph - 8, width: pw, height: 8, color: brand });
    y = top;
  };
  /** Starts a new page unless `h` points still fit (or the page is still empty). */
  const need = (h: number) => {
    if (y - h < bottom && y < top) newPage();
  };
  const cell = (text: string, font: PDFFont, size: number, width: number, color = DARK): Cell =>
    ({ font, size, color, lines: wrapText(cleanText(text, true), font, size, width) });
  const leading = (c: Cell) => c.size * (metrics(c.font).height + 0.12);
  const cellHeight = (c: Cell) => c.lines.length * leading(c);
  const drawCell = (c: Cell, x: number, fromY: number) => {
    const { height, descent } = metrics(c.font);
    c.lines.forEach((line, i) => {
      drawShapedText(page, line, { x, y: fromY - i * leading(c) - c.size * (height - descent), size: c.size, font: c.font, color: c.color });
    });
  };
  /** A label and its value side by side; the value wraps (or, with `fit`, shrinks to one line). */
  const row = (label: string, value: string, opts: { fit?: boolean } = {}) => {
    let size = 9.5;
    if (opts.fit) size = Math.min(size, (contentW - LABEL_W) / Math.max(regular.widthOfTextAtSize(value, 1), 1e-6));
    const l = cell(label, regular, 8.5, LABEL_W - 10, MUTED);
    const v = cell(value || '—', regular, size, contentW - LABEL_W);
    const h = Math.max(cellHeight(l), cellHeight(v)) + 4;
    need(h);
    drawCell(l, MARGIN, y - 1);
    drawCell(v, MARGIN + LABEL_W, y);
    y -= h;
  };
  const section = (title: string) => {
    need(60);
    y -= 14;
    const c = cell(title, bold, 12.5, contentW, brandText);
    drawCell(c, MARGIN, y);
    y -= cellHeight(c) + 3;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + contentW, y }, thickness: 0.75, color: brand });
    y -= 8;
  };

  // ---- header ----
  newPage();
  let logo: PDFImage | null = null;
  if (input.branding.logo) {
    // A logo that does not decode leaves the name alone: it must not stop a document being sealed.
    try {
      logo = input.branding.logo.type === 'image/png' ? await doc.embedPng(input.branding.logo.bytes) : await doc.embedJpg(input.branding.logo.bytes);
    } catch {
      logo = null;
    }
  }
  let nameX = MARGIN;
  const headerH = 40;
  if (logo) {
    const s = Math.min(headerH / logo.height, 140 / logo.width);
    page.drawImage(logo, { x: MARGIN, y: y - headerH + (headerH - logo.height * s) / 2, width: logo.width * s, height: logo.height * s });
    nameX += logo.width * s + 12;
  }
  const name = cell(input.branding.businessName, bold, 15, MARGIN + contentW - nameX, brandText);
  drawCell(name, nameX, y - Math.max(0, (headerH - cellHeight(name)) / 2));
  y -= Math.max(headerH, cellHeight(name)) + 22;
  const title = cell('Certificate of completion', bold, 22, contentW);
  drawCell(title, MARGIN, y);
  y -= cellHeight(title) + 4;
  const intro = cell(`This certificate is part of the sealed document. It records who signed it, how each signer was identified, and every step of the signing.${
    input.signingCertificate ? ' The sealed document is digitally signed with the certificate named below: any PDF reader can check that signature.' : ''}`, regular, 9.5, contentW, MUTED);
  drawCell(intro, MARGIN, y);
  y -= cellHeight(intro) + 6;

  // ---- document ----
  section('Document');
  row('Document ID', input.document.id, { fit: true });
  row('Title', input.document.title);
  row('SHA-256 of the original', input.document.originalSha256, { fit: true });
  row('Sealed', certificateTime(input.sealedAt));
  if (input.signingCertificate) {
    row('Sealed with certificate', input.signingCertificate.subject);
    row('Certificate SHA-256', input.signingCertificate.sha256, { fit: true });
  }
  row('Signers', String(input.signers.length));

  // ---- signers ----
  section('Signers');
  for (const [i, s] of input.signers.entries()) {
    const rows = signerRows(s);
    // A signer's name starts a page rather than end one: it goes with at least its first rows.
    need(110);
    const head = cell(`${i + 1}. ${s.name}`, bold, 11, contentW);
    drawCell(head, MARGIN, y);
    y -= cellHeight(head) + 4;
    for (const [l, v] of rows) row(l, v);
    if (s.signature && !s.declinedAt) await adoptedSignature(s);
    y -= 8;
  }

  // ---- events ----
  section('Events');
  for (const e of input.events) {
    const when = cell(certificateTime(e.at), regular, 8.5, TIME_W - 8, MUTED);
    const what = cell(e.detail || e.action, regular, 9.5, contentW - TIME_W);
    const who = cell(e.actor ? `${e.action} · ${e.actor}` : e.action, regular, 7.5, contentW - TIME_W, MUTED);
    const h = Math.max(cellHeight(when), cellHeight(what) + cellHeight(who)) + 5;
    need(h);
    drawCell(when, MARGIN, y - 1);
    drawCell(what, MARGIN + TIME_W, y);
    drawCell(who, MARGIN + TIME_W, y - cellHeight(what));
    y -= h;
    page.drawLine({ start: { x: MARGIN + TIME_W, y: y + 2 }, end: { x: MARGIN + contentW, y: y + 2 }, thickness: 0.4, color: RULE });
  }
  if (!input.events.length) row('', 'No events recorded.');

  // ---- footers, once the page count is known ----
  pages.forEach((p, i) => {
    const left = `${input.branding.businessName} · Certificate of completion · ${input.document.id}`;
    const right = `Page ${i + 1} of ${pages.length}`;
    const rw = regular.widthOfTextAtSize(right, 7.5);
    const lc = cell(left, regular, 7.5, contentW - rw - 16, MUTED);
    drawShapedText(p, lc.lines[0] ?? '', { x: MARGIN, y: MARGIN, size: 7.5, font: regular, color: MUTED });
    drawShapedText(p, right, { x: MARGIN + contentW - rw, y: MARGIN, size: 7.5, font: regular, color: MUTED });
  });

  /** The signature as adopted: the typed name in the script font, or the drawn image. */
  async function adoptedSignature(s: SealSigner): Promise<void> {
    const boxH = 30;
    need(boxH + 4);
    const l = cell('Adopted signature', regular, 8.5, LABEL_W - 10, MUTED);
    drawCell(l, MARGIN, y - 1);
    const sig = s.signature!;
    if (sig.type === 'drawn') {
      const image = await doc.embedPng(pngBytes(sig.png));
      const k = Math.min(boxH / image.height, 160 / image.width);
      page.drawImage(image, { x: MARGIN + LABEL_W, y: y - boxH + (boxH - image.height * k) / 2, width: image.width * k, height: image.height * k });
    } else {
      const text = cleanText(sig.text);
      const script = await fonts.covers('script', text);
      const font = await fonts.get(script ? 'script' : 'regular');
      // The regular face looks larger than the script at the same size.
      const size = Math.min(script ? 18 : 13, (contentW - LABEL_W) / Math.max(font.widthOfTextAtSize(text, 1), 1e-6));
      drawShapedText(page, text, { x: MARGIN + LABEL_W, y: y - boxH + 8, size, font, color: rgb(0.07, 0.14, 0.4) });
    }
    y -= boxH + 4;
  }
}

function signerRows(s: SealSigner): [string, string][] {
  const rows: [string, string][] = [
    ['Email', s.email],
    ['Role', s.roleLabel],
    ['Authentication', s.authMethod],
    ['IP address', s.ip ?? '—'],
    ['User agent', s.userAgent ?? '—'],
    ['Consented to sign electronically', certificateTime(s.consentAt)],
    ['Viewed', certificateTime(s.viewedAt)],
  ];
  if (s.declinedAt) {
    rows.push(['Declined', certificateTime(s.declinedAt)]);
    if (s.declineReason) rows.push(['Reason given', s.declineReason]);
  } else {
    rows.push(['Signed', certificateTime(s.signedAt)]);
  }
  return rows;
}
