import { degrees, rgb, type PDFDocument, type PDFFont, type PDFImage, type PDFPage, type RGB } from 'pdf-lib';
import { drawShapedText } from './draw-text.ts';
import type { DocumentFonts } from './fonts.ts';
import { pageView, uprightAt, type PageView } from './page-geometry.ts';
import { cleanText, fitText, metrics, type FittedText } from './text.ts';
import type { FieldPlacement, SealSigner } from './types.ts';

/** Dark blue, like a pen, for what the signer adopted; near-black for typed values. */
const INK = rgb(0.07, 0.14, 0.4);
const TEXT = rgb(0.08, 0.08, 0.1);
/** Typed values are set no larger than this, whatever the box. */
const TEXT_MAX_PT = 14;

/** A field's rectangle in displayed points from the displayed top-left corner. */
interface Rect {
  X: number;
  Y: number;
  W: number;
  H: number;
}

/** A signing date as written in a date field: the UTC calendar day of the signature. */
export function signingDate(signedAt: string): string {
  return new Date(signedAt).toISOString().slice(0, 10);
}

/** Decodes a drawn signature (base64, optionally a `data:image/png;base64,` URL). */
export function pngBytes(png: string): Uint8Array {
  return new Uint8Array(Buffer.from(png.replace(/^data:image\/png;base64,/, ''), 'base64'));
}

/**
 * Stamps each field on its page with what its signer gave: the adopted signature (typed name in
 * the script font, or the drawn image), initials, the signing date, or a text value. Positions are
 * fractions of the page as displayed (CropBox turned by /Rotate), so each field is drawn in that
 * frame and reads upright to the person who placed it. Fields of a signer who did not sign stay
 * empty, as do text fields left blank.
 */
export async function stampFields(doc: PDFDocument, fonts: DocumentFonts, fields: FieldPlacement[], signers: SealSigner[]): Promise<void> {
  const pages = doc.getPages();
  const views = new Map<PDFPage, PageView>();
  const bySigner = new Map(signers.map((s) => [s.key, s]));
  const drawn = new Map<string, PDFImage>();
  for (const field of fields) {
    const signer = bySigner.get(field.signerKey)!;
    if (!signer.signedAt || signer.declinedAt) continue;
    const page = pages[field.page - 1]!;
    let view = views.get(page);
    if (!view) views.set(page, (view = pageView(page)));
    const rect: Rect = { X: field.x * view.width, Y: field.y * view.height, W: field.w * view.width, H: field.h * view.height };
    // A little air inside the box, never more than 3 pt.
    const pad = Math.min(3, 0.1 * Math.min(rect.W, rect.H));
    const inner: Rect = { X: rect.X + pad, Y: rect.Y + pad, W: rect.W - 2 * pad, H: rect.H - 2 * pad };

    if (field.type === 'signature' && signer.signature?.type === 'drawn') {
      let image = drawn.get(signer.key);
      if (!image) drawn.set(signer.key, (image = await doc.embedPng(pngBytes(signer.signature.png))));
      // The drawn image carries its own margin: it fills the whole box, keeping its shape.
      drawImageFitted(page, view, image, rect);
    } else if (field.type === 'signature' || field.type === 'initials') {
      const text = cleanText(field.type === 'signature' ? (signer.signature?.type === 'typed' ? signer.signature.text : signer.name) : (signer.initials ?? initialsOf(signer.name)));
      if (!text) continue;
      const font = await scriptOrRegular(fonts, text);
      const fitted = fitText(text, font, inner.W, inner.H, { maxSize: Number.POSITIVE_INFINITY, minSize: 2, wrap: false });
      drawLines(page, view, font, fitted, inner, field.type === 'initials' ? 'center' : 'left', INK);
    } else {
      const text = cleanText(field.type === 'date' ? signingDate(signer.signedAt) : (signer.values[field.id] ?? ''), true);
      if (!text) continue;
      const font = await fonts.get('regular');
      const fitted = fitText(text, font, inner.W, inner.H, { maxSize: TEXT_MAX_PT, minSize: 3, wrap: field.type === 'text' });
      drawLines(page, view, font, fitted, inner, 'left', TEXT);
    }
  }
}

/** The script font when it has every glyph of `text`, else the regular one (which covers far more). */
async function scriptOrRegular(fonts: DocumentFonts, text: string): Promise<PDFFont> {
  return fonts.get((await fonts.covers('script', text)) ? 'script' : 'regular');
}

function initialsOf(name: string): string {
  return name.split(/\s+/).filter(Boolean).map((w) => [...w][0]!.toUpperCase()).join('').slice(0, 4);
}

/** Lines centred vertically in `box`, each left-aligned or centred, upright as displayed. */
function drawLines(page: PDFPage, view: PageView, font: PDFFont, fitted: FittedText, box: Rect, align: 'left' | 'center', color: RGB): void {
  const { height, descent } = metrics(font);
  const block = (fitted.lines.length - 1) * fitted.leading + fitted.size * height;
  const top = box.Y + (box.H - block) / 2;
  fitted.lines.forEach((line, i) => {
    const width = font.widthOfTextAtSize(line, fitted.size);
    const left = align === 'center' ? box.X + (box.W - width) / 2 : box.X;
    const baseline = top + i * fitted.leading + fitted.size * (height - descent);
    const at = uprightAt(view, left, baseline);
    drawShapedText(page, line, { x: at.x, y: at.y, size: fitted.size, font, color, rotate: degrees(at.angle) });
  });
}

/** The image scaled to fit `box` whole, keeping its aspect ratio, centred. */
function drawImageFitted(page: PDFPage, view: PageView, image: PDFImage, box: Rect): void {
  const scale = Math.min(box.W / image.width, box.H / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  const left = box.X + (box.W - width) / 2;
  const bottom = box.Y + (box.H + height) / 2;
  const at = uprightAt(view, left, bottom);
  page.drawImage(image, { x: at.x, y: at.y, width, height, rotate: degrees(at.angle) });
}
