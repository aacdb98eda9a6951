import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EncryptedPDFError, PDFArray, PDFDocument, PDFName, PDFStream } from 'pdf-lib';
import { pageView } from './page-geometry.ts';

/** Why a file was refused as a document to sign. */
export type PdfRefusalCode =
  /** The bytes do not start like a PDF (no `%PDF-` header in the first kilobyte). */
  | 'not_pdf'
  /** The PDF is encrypted (with or without an open password): it cannot be stamped and sealed faithfully. */
  | 'encrypted'
  /** The PDF cannot be read: truncated, or its structure does not parse. */
  | 'broken'
  /** The PDF parses but has no page. */
  | 'empty';

/** A file refused by {@link inspectPdf}; `message` is fit to show to the person who uploaded it. */
export class PdfRefusedError extends Error {
  override name = 'PdfRefusedError';
  readonly code: PdfRefusalCode;

  constructor(code: PdfRefusalCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export interface PdfInfo {
  pageCount: number;
  /** Each page as displayed: width and height in points after /Rotate, and the rotation. */
  pages: { width: number; height: number; rotate: number }[];
}

/** `/Encrypt` followed by a reference or a dictionary, as in a trailer. */
const ENCRYPT = /\/Encrypt\s*(\d+\s+\d+\s+R|<<)/;

const encrypted = (cause?: unknown) =>
  new PdfRefusedError('encrypted', 'This PDF is encrypted. Please upload a copy without a password or restrictions.', { cause });

const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.buffer, bytes.byteOffset + from, Math.max(0, to - from)).toString('latin1');

/**
 * Reads a PDF's pages, refusing what cannot be signed: anything that is not a PDF, an encrypted
 * PDF, a broken one (truncated, unparsable, a page tree that does not hold together) and one with
 * no page. Never modifies `bytes`.
 * @throws {PdfRefusedError} with the reason's code.
 */
export async function inspectPdf(bytes: Uint8Array): Promise<PdfInfo> {
  // The header may follow a little junk (the spec lets readers look through the first 1024 bytes).
  if (!ascii(bytes, 0, Math.min(bytes.length, 1024)).includes('%PDF-')) {
    throw new PdfRefusedError('not_pdf', 'This file is not a PDF.');
  }
  const tail = ascii(bytes, Math.max(0, bytes.length - 2048), bytes.length);
  const startxref = [...tail.matchAll(/startxref\s+(\d+)/g)].at(-1);
  // pdf-lib recovers what it can from a cut file (it may even find some of the pages), so a file
  // that lost its end is refused before parsing rather than half-read.
  if (!tail.includes('%%EOF') || !startxref) {
    if (ENCRYPT.test(ascii(bytes, 0, bytes.length))) throw encrypted();
    throw new PdfRefusedError('broken', 'This PDF is incomplete or damaged (its end is missing). Please upload it again.');
  }
  // The trailer (classic: just before startxref; or the cross-reference stream it points at) says
  // whether the file is encrypted. Checked first: pdf-lib cannot read encrypted object streams and
  // would fail (noisily) before reaching its own check.
  const xrefAt = Number(startxref[1]);
  if (ENCRYPT.test(tail) || (xrefAt < bytes.length && ENCRYPT.test(ascii(bytes, xrefAt, Math.min(bytes.length, xrefAt + 4096))))) throw encrypted();
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes.slice(), { updateMetadata: false });
  } catch (err) {
    if (err instanceof EncryptedPDFError || ENCRYPT.test(ascii(bytes, 0, bytes.length))) throw encrypted(err);
    throw new PdfRefusedError('broken', 'This PDF cannot be read: its structure is damaged.', { cause: err });
  }
  try {
    const declared = doc.catalog.Pages().Count().asNumber();
    const pages = doc.getPages();
    // Pages that the page tree counts but that cannot be found were lost (a damaged file).
    if (declared !== pages.length) throw new Error(`the page tree declares ${declared} pages but holds ${pages.length}`);
    if (pages.length === 0) throw new PdfRefusedError('empty', 'This PDF has no pages.');
    const out = pages.map((page, i) => {
      // Every content stream must be there: a missing one is a page that would render blank.
      // (No /Contents at all is a blank page, which is fine.)
      const contents = doc.context.lookup(page.node.get(PDFName.of('Contents')));
      for (const part of contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : []) {
        if (!(doc.context.lookup(part) instanceof PDFStream)) throw new Error(`page ${i + 1} has a missing content stream`);
      }
      const view = pageView(page);
      return { width: round2(view.width), height: round2(view.height), rotate: view.rotate };
    });
    return { pageCount: out.length, pages: out };
  } catch (err) {
    if (err instanceof PdfRefusedError) throw err;
    throw new PdfRefusedError('broken', 'This PDF cannot be read: its pages are damaged.', { cause: err });
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Each poppler tool gets this long before it is killed. */
const TOOL_TIMEOUT_MS = 30_000;

/** Runs a poppler tool, time-limited; resolves with its standard output. */
function poppler(tool: 'pdftoppm' | 'pdfinfo', args: string[], page: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { timeout: TOOL_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new Error(`${tool} is not installed (Debian package poppler-utils)`, { cause: err }));
      if (err.killed) return reject(new Error(`${tool} took longer than ${TOOL_TIMEOUT_MS / 1000} s on page ${page}`, { cause: err }));
      if (/Wrong page range/i.test(stderr)) return reject(new RangeError(`the document has no page ${page}`, { cause: err }));
      reject(new Error(`${tool} failed on page ${page}: ${stderr.trim().slice(0, 500)}`, { cause: err }));
    });
  });
}

/**
 * One page as displayed (its CropBox, turned by /Rotate) rendered to a PNG `widthPx` wide, by
 * poppler in child processes that are killed after 30 s each.
 * @param page 1-based page number.
 * @throws {RangeError} for a page the document does not have, or a width out of 1..10000.
 */
export async function renderPage(bytes: Uint8Array, page: number, widthPx: number): Promise<Buffer> {
  if (!Number.isInteger(page) || page < 1) throw new RangeError(`page must be a positive integer, not ${page}`);
  if (!Number.isInteger(widthPx) || widthPx < 1 || widthPx > 10_000) throw new RangeError(`width must be 1..10000 pixels, not ${widthPx}`);
  const dir = await mkdtemp(join(tmpdir(), 'portico-render-'));
  try {
    const input = join(dir, 'in.pdf');
    await writeFile(input, bytes);
    const pages = ['-f', String(page), '-l', String(page)];
    // pdftoppm scales the page before turning it: for a page turned a quarter, the displayed
    // width is its unturned height.
    const rot = Number(/rot:\s+(-?\d+)/.exec(await poppler('pdfinfo', [...pages, input], page))?.[1] ?? 0);
    const quarter = (((rot % 360) + 360) % 360) % 180 === 90;
    const scale = quarter ? ['-scale-to-x', '-1', '-scale-to-y', String(widthPx)] : ['-scale-to-x', String(widthPx), '-scale-to-y', '-1'];
    await poppler('pdftoppm', ['-png', '-cropbox', '-singlefile', ...pages, ...scale, input, join(dir, 'out')], page);
    return await readFile(join(dir, 'out.png'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
