import { readFile } from 'node:fs/promises';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { inspectPdf, PdfRefusedError, renderPage, type PdfRefusalCode } from './pdf.ts';
import { decodePng, FIXTURE_PAGES, fixturePdf, inkBox } from './fixtures/pdf-fixtures.ts';

const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url)).then((b) => new Uint8Array(b));

async function refusal(bytes: Uint8Array): Promise<PdfRefusalCode> {
  const err = await inspectPdf(bytes).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(PdfRefusedError);
  expect((err as PdfRefusedError).message).not.toMatch(/pdf-lib|undefined/);
  return (err as PdfRefusedError).code;
}

async function textPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage([612, 792]).drawText(`Page ${i + 1} ${'of a contract '.repeat(20)}`, { x: 40, y: 700, size: 9, font });
  // Without object streams the pages lie one after another in the file: a cut keeps the first ones parseable.
  return doc.save({ useObjectStreams: false });
}

describe('inspectPdf', () => {
  it('reads each page as displayed: size after the CropBox and /Rotate, and the rotation', async () => {
    const info = await inspectPdf(await fixturePdf());
    expect(info.pageCount).toBe(FIXTURE_PAGES.length);
    expect(info.pages).toEqual(FIXTURE_PAGES.map((p) => ({ width: p.shown.width, height: p.shown.height, rotate: p.rotate })));
  });

  it('refuses what is not a PDF', async () => {
    expect(await refusal(new TextEncoder().encode('<html><body>not a pdf</body></html>'))).toBe('not_pdf');
    expect(await refusal(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]))).toBe('not_pdf');
    expect(await refusal(new Uint8Array())).toBe('not_pdf');
  });

  it('refuses an encrypted PDF, whether it needs a password to open or only restricts changes', async () => {
    expect(await refusal(await fixture('encrypted-aes256.pdf'))).toBe('encrypted');
    expect(await refusal(await fixture('encrypted-rc4-no-password.pdf'))).toBe('encrypted');
  });

  it('refuses a truncated PDF wherever it was cut, even where the first pages would still parse', async () => {
    const whole = await textPdf(3);
    await expect(inspectPdf(whole)).resolves.toMatchObject({ pageCount: 3 });
    for (const share of [0.2, 0.5, 0.8, 0.97]) {
      expect(await refusal(whole.slice(0, Math.floor(whole.length * share)))).toBe('broken');
    }
    expect(await refusal(whole.slice(0, whole.length - 7))).toBe('broken');
  });

  it('refuses a PDF whose middle is missing but whose end is intact', async () => {
    const whole = await textPdf(3);
    const spliced = new Uint8Array([...whole.slice(0, Math.floor(whole.length * 0.4)), ...whole.slice(whole.length - 600)]);
    expect(await refusal(spliced)).toBe('broken');
  });

  it('refuses a header with nothing behind it', async () => {
    expect(await refusal(new TextEncoder().encode('%PDF-1.7\nstartxref\n0\n%%EOF\n'))).toBe('broken');
  });

  it('refuses a PDF without a page', async () => {
    const doc = await PDFDocument.create();
    expect(await refusal(await doc.save({ addDefaultPage: false }))).toBe('empty');
  });

  it('leaves the bytes it is given unchanged', async () => {
    const bytes = await fixturePdf();
    const copy = bytes.slice();
    await inspectPdf(bytes);
    expect(Buffer.compare(bytes, copy)).toBe(0);
  });
});

describe('renderPage', () => {
  it('renders one page as displayed, at the width asked', async () => {
    const pdf = await fixturePdf();
    for (const [i, p] of FIXTURE_PAGES.entries()) {
      const img = decodePng(await renderPage(pdf, i + 1, 300));
      expect(img.width).toBe(300);
      // Rotated pages come out turned; a CropBox shows only its box.
      expect(img.height).toBeCloseTo((300 * p.shown.height) / p.shown.width, -0.5);
      // The black block outside the CropBox does not show: the page is blank as displayed.
      expect(inkBox(img)).toBeNull();
    }
  });

  it('refuses a page the document does not have, and a silly width', async () => {
    const pdf = await fixturePdf();
    await expect(renderPage(pdf, FIXTURE_PAGES.length + 1, 300)).rejects.toBeInstanceOf(RangeError);
    await expect(renderPage(pdf, 0, 300)).rejects.toBeInstanceOf(RangeError);
    await expect(renderPage(pdf, 1, 0)).rejects.toBeInstanceOf(RangeError);
  });
});
