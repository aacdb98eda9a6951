import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { PDFArray, PDFHexString, PDFName, PDFNumber, PDFString, type PDFDocument } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { certificateCommonName, webKey, type Sealer } from './signing-certificate.ts';

/**
 * A PAdES baseline signature (ETSI EN 319 142-1, level B-B) over a whole PDF, made the way every
 * signing tool does it: a signature dictionary is written with room for the signature (a
 * `/ByteRange` placeholder and a `/Contents` hex string of zeros), the file is saved, the byte
 * range is filled in to cover everything but that hex string, and the CMS signature over those
 * bytes is written into it. RSA PKCS#1 v1.5 signatures are deterministic, so the same input and key
 * give the same file.
 */

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** Ten characters: room for any byte offset up to 9,999,999,999 once filled in. */
const NUMBER_PLACEHOLDER = '**********';
// As pdf-lib writes the array.
const BYTE_RANGE_PLACEHOLDER = `/ByteRange [ 0 /${NUMBER_PLACEHOLDER} /${NUMBER_PLACEHOLDER} /${NUMBER_PLACEHOLDER} ]`;

/** Room for the CMS: the certificates it carries, the signature, attributes and structure. */
function contentsBytes(sealer: Sealer): number {
  // The rest (RSA-4096 signature at most, attributes, structure) stays under 2 KB.
  return 4096 + sealer.certificate.length + sealer.chain.reduce((n, c) => n + c.length, 0);
}

/**
 * Adds an invisible signature field on the last page whose value is a signature dictionary
 * waiting for its signature (see `signPlaceholder`). `signedAt` is the signing time (/M): PAdES
 * takes it from here, not from a signed attribute.
 */
export function addSignaturePlaceholder(doc: PDFDocument, sealer: Sealer, signedAt: Date, reason: string): void {
  const ctx = doc.context;
  const placeholder = PDFName.of(NUMBER_PLACEHOLDER);
  const byteRange = PDFArray.withContext(ctx);
  byteRange.push(PDFNumber.of(0));
  byteRange.push(placeholder);
  byteRange.push(placeholder);
  byteRange.push(placeholder);
  // /ByteRange before /Contents: the patch finds /Contents as the first one after the placeholder.
  const sig = ctx.register(ctx.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'ETSI.CAdES.detached',
    ByteRange: byteRange,
    Contents: PDFHexString.of('0'.repeat(contentsBytes(sealer) * 2)),
    M: PDFString.fromDate(signedAt),
    Name: PDFHexString.fromText(certificateCommonName(sealer.certificate)),
    Reason: PDFHexString.fromText(reason),
  }));
  const pages = doc.getPages();
  const page = pages[pages.length - 1]!;
  const widget = ctx.register(ctx.obj({
    Type: 'Annot', Subtype: 'Widget', FT: 'Sig', Rect: [0, 0, 0, 0], V: sig,
    T: PDFHexString.fromText(`Seal ${signedAt.toISOString()}`),
    // Print and Locked: an invisible signature no one edits.
    F: 132,
    P: page.ref,
  }));
  page.node.addAnnot(widget);
  const form = doc.catalog.getOrCreateAcroForm();
  form.addField(widget);
  // SignaturesExist and AppendOnly: readers keep the file as it is and add to it only incrementally.
  form.dict.set(PDFName.of('SigFlags'), PDFNumber.of(3));
}

/** Finds `needle` once in `bytes`, or says why not. */
function findOnce(bytes: Buffer, needle: string, from = 0): number {
  const at = bytes.indexOf(needle, from, 'latin1');
  if (at < 0) throw new Error(`the signature placeholder is missing (${needle.slice(0, 20)}…)`);
  return at;
}

/**
 * Fills in the byte range and the signature of a file saved with the placeholder of
 * `addSignaturePlaceholder` (saved without object streams, so the signature dictionary is plain
 * text in the file). The byte range covers the whole file but the `/Contents` hex string.
 */
export async function signPlaceholder(saved: Uint8Array, sealer: Sealer): Promise<Uint8Array> {
  const pdf = Buffer.from(saved.buffer, saved.byteOffset, saved.byteLength);
  const rangeAt = findOnce(pdf, BYTE_RANGE_PLACEHOLDER);
  if (pdf.indexOf(BYTE_RANGE_PLACEHOLDER, rangeAt + 1, 'latin1') >= 0) throw new Error('the file holds more than one signature placeholder');
  const hexLength = contentsBytes(sealer) * 2;
  const contentsAt = findOnce(pdf, '/Contents <', rangeAt) + '/Contents '.length;
  const gapEnd = contentsAt + hexLength + 2;
  if (pdf[gapEnd - 1] !== 0x3e || pdf.subarray(contentsAt + 1, gapEnd - 1).some((b) => b !== 0x30)) throw new Error('the signature placeholder is not where it should be');

  const range = [0, contentsAt, gapEnd, pdf.length - gapEnd] as const;
  const text = `/ByteRange [${range.join(' ')}]`;
  if (text.length > BYTE_RANGE_PLACEHOLDER.length) throw new Error('the file is too large to sign');
  const out = Buffer.from(pdf);
  out.write(text.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' '), rangeAt, 'latin1');
  const signed = Buffer.concat([out.subarray(0, range[1]), out.subarray(range[2])]);
  const cms = await cadesDetached(signed, sealer);
  if (cms.length * 2 > hexLength) throw new Error(`the signature (${cms.length} bytes) does not fit its placeholder`);
  out.write(cms.toString('hex').toUpperCase(), contentsAt + 1, 'latin1');
  return new Uint8Array(out);
}

/**
 * CMS SignedData, detached, over `data`, as PAdES B-B asks: signed attributes content-type,
 * message-digest and ESS signing-certificate-v2 (no signing time: the signature dictionary's /M
 * carries it), the signing certificate and its chain included.
 */
export async function cadesDetached(data: Uint8Array, sealer: Sealer): Promise<Buffer> {
  const cert = pkijs.Certificate.fromBER(new Uint8Array(sealer.certificate));
  const chain = sealer.chain.map((c) => pkijs.Certificate.fromBER(new Uint8Array(c)));
  const digest = createHash('sha256').update(data).digest();
  const certHash = createHash('sha256').update(sealer.certificate).digest();
  const copy = <T extends asn1js.AsnType>(v: { toBER(): ArrayBuffer }) => asn1js.fromBER(v.toBER()).result as unknown as T;
  // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 with the
  // default hash algorithm (SHA-256, left out) and IssuerSerial { GeneralNames { directoryName }, serial }.
  const signingCertificateV2 = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [
    new asn1js.OctetString({ valueHex: certHash }),
    new asn1js.Sequence({ value: [
      new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [copy(cert.issuer.toSchema())] })] }),
      copy(cert.serialNumber),
    ] }),
  ] })] })] });
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: digest })] }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2] }),
  ];
  // DER orders a SET OF by encoding: verifiers that re-encode the attributes get the same bytes.
  const encoded = (a: pkijs.Attribute) => Buffer.from(a.toSchema().toBER(false));
  attributes.sort((a, b) => Buffer.compare(encoded(a), encoded(b)));
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [new pkijs.SignerInfo({
      version: 1,
      sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
      signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
    })],
    certificates: [cert, ...chain],
  });
  await signedData.sign(webKey(sealer.privateKey, 'sign'), 0, 'SHA-256');
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}
