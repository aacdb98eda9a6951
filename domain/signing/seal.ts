import { PDFDocument } from 'pdf-lib';
import { drawCertificate, PAPER } from './certificate.ts';
import { documentFonts } from './fonts.ts';
import { pageView } from './page-geometry.ts';
import { addSignaturePlaceholder, signPlaceholder } from './sign-pdf.ts';
import { describeCertificate, type Sealer } from './signing-certificate.ts';
import { stampFields } from './stamp-fields.ts';
import type { CertificateInput, SealInput } from './types.ts';

export type { Sealer } from './signing-certificate.ts';

export type { AdoptedSignature, CertificateInput, SealBranding, SealEvent, SealInput, SealSigner } from './types.ts';

/**
 * The input cannot be sealed as given (a field on a page the document does not have, a field of an
 * unknown signer, a seal time that is not a time). Retrying with the same input fails the same way.
 */
export class SealInputError extends Error {
  override name = 'SealInputError';
}

const PRODUCER = 'Portico';

/**
 * The sealed PDF: a copy of the original with every field stamped (see `stampFields`), the
 * certificate of completion appended (naming the sealer's certificate), and the whole file signed by
 * `sealer` (a PAdES B-B signature, see `sign-pdf.ts`, timed at the seal time). Deterministic: the
 * same input and sealer give the same bytes, so a seal redone after a crash has the same SHA-256.
 * `input.original` is not modified.
 * @throws {SealInputError} when the fields do not fit the document or its signers.
 */
export async function sealPdf(input: SealInput, sealer: Sealer): Promise<Uint8Array> {
  const sealedAt = sealTime(input.sealedAt);
  // pdf-lib keeps views into the bytes it parses: give it a copy.
  const doc = await PDFDocument.load(input.original.slice(), { updateMetadata: false });
  validateFields(input, doc.getPageCount());
  const fonts = documentFonts(doc);
  await stampFields(doc, fonts, input.fields, input.signers);
  await drawCertificate(doc, fonts, { ...input, signingCertificate: describeCertificate(sealer.certificate) }, input.paper ?? paperLike(doc));
  addSignaturePlaceholder(doc, sealer, sealedAt, `Sealed by ${input.branding.businessName}: signed by every signer; certificate of completion appended`);
  // Without object streams the signature dictionary is plain text in the file, to be filled in.
  return signPlaceholder(await save(doc, sealedAt, { useObjectStreams: false }), sealer);
}

/**
 * The certificate of completion alone, as its own PDF (not signed): the same pages as at the end of
 * the sealed PDF for the same input, given `input.signingCertificate` as the sealed PDF's signature names it.
 */
export async function certificatePdf(input: CertificateInput): Promise<Uint8Array> {
  const sealedAt = sealTime(input.sealedAt);
  let paper = input.paper;
  if (!paper && input.original) paper = paperLike(await PDFDocument.load(input.original.slice(), { updateMetadata: false }));
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`Certificate of completion: ${input.document.title}`);
  await drawCertificate(doc, documentFonts(doc), input, paper ?? 'A4');
  return save(doc, sealedAt);
}

function sealTime(iso: string): Date {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new SealInputError(`the seal time is not a time: ${JSON.stringify(iso)}`);
  return d;
}

function validateFields(input: SealInput, pageCount: number): void {
  const keys = new Set(input.signers.map((s) => s.key));
  for (const f of input.fields) {
    if (!keys.has(f.signerKey)) throw new SealInputError(`field ${f.id} belongs to an unknown signer ${f.signerKey}`);
    if (!Number.isInteger(f.page) || f.page < 1 || f.page > pageCount) throw new SealInputError(`field ${f.id} is on page ${f.page}, the document has ${pageCount}`);
    const inUnit = (v: number) => Number.isFinite(v) && v >= -1e-9 && v <= 1 + 1e-9;
    if (![f.x, f.y, f.w, f.h].every(inUnit) || f.w <= 0 || f.h <= 0 || f.x + f.w > 1 + 1e-6 || f.y + f.h > 1 + 1e-6) {
      throw new SealInputError(`field ${f.id} does not lie within its page (${f.x}, ${f.y}, ${f.w} × ${f.h})`);
    }
  }
}

/** Letter when the first page is closer in shape to Letter than to A4 (a US document), else A4. */
function paperLike(doc: PDFDocument): 'A4' | 'Letter' {
  const first = doc.getPages()[0];
  if (!first) return 'A4';
  const v = pageView(first);
  const ratio = Math.min(v.width, v.height) / Math.max(v.width, v.height);
  const [lw, lh] = PAPER.Letter;
  const [aw, ah] = PAPER.A4;
  return Math.abs(ratio - lw / lh) < Math.abs(ratio - aw / ah) ? 'Letter' : 'A4';
}

/** Fixed metadata (no clock, no library name) so that the bytes depend on the input alone. */
async function save(doc: PDFDocument, sealedAt: Date, options: { useObjectStreams?: boolean } = {}): Promise<Uint8Array> {
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setCreationDate(sealedAt);
  doc.setModificationDate(sealedAt);
  return doc.save({ updateFieldAppearances: false, ...options });
}
