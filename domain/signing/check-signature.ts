import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID } from './sign-pdf.ts';
import { describeCertificate, type CertificateSummary } from './signing-certificate.ts';

/** What a PDF's digital signature says, as a PDF reader would check it (trust in its certificate aside). */
export interface PdfSignatureCheck {
  /** `missing`: no signature; `invalid`: one that does not hold over its bytes; `valid`: it holds. */
  status: 'missing' | 'invalid' | 'valid';
  /** The signed bytes are the whole file but the signature itself (nothing added or changed after). */
  coversWholeDocument: boolean;
  /** The signer's certificate, when the signature names one. */
  certificate: CertificateSummary | null;
  /** Why an invalid signature is invalid. */
  problem: string | null;
}

const DIGESTS: Record<string, string> = {
  [OID.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/g;

/**
 * Checks the PDF's signatures (`/ByteRange` and a CMS `/Contents`, as `adbe.pkcs7.detached` and
 * `ETSI.CAdES.detached` have them): the message digest over the byte range, and the signature over
 * the signed attributes with the signer's certificate. Reports the signature that covers the whole
 * file if one does and is valid, else the first valid one, else the first found. The bytes are what
 * they are whatever the rest of the file claims: a valid signature whose range is the whole file
 * but its own hex string vouches for every other byte.
 */
export async function checkPdfSignature(pdf: Uint8Array): Promise<PdfSignatureCheck> {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const text = bytes.toString('latin1');
  const checks: PdfSignatureCheck[] = [];
  for (const m of text.matchAll(BYTE_RANGE)) {
    checks.push(await checkOne(bytes, m.slice(1, 5).map(Number) as [number, number, number, number]));
    // A file may hold several signatures; a crafted one, any number of byte ranges: each costs a hash of the file.
    if (checks.length >= 8) break;
  }
  return checks.find((c) => c.status === 'valid' && c.coversWholeDocument)
    ?? checks.find((c) => c.status === 'valid')
    ?? checks[0]
    ?? { status: 'missing', coversWholeDocument: false, certificate: null, problem: null };
}

async function checkOne(pdf: Buffer, [a, b, c, d]: [number, number, number, number]): Promise<PdfSignatureCheck> {
  const invalid = (problem: string, certificate: CertificateSummary | null = null): PdfSignatureCheck => ({ status: 'invalid', coversWholeDocument: false, certificate, problem });
  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length) return invalid('its byte range does not fit the file');
  const gap = pdf.subarray(b, c).toString('latin1');
  if (!/^<[0-9A-Fa-f]*>$/.test(gap) || gap.length % 2) return invalid('its byte range leaves out more than the signature');
  const coversWholeDocument = c + d === pdf.length;
  const der = Buffer.from(gap.slice(1, -1), 'hex');
  let signedData: pkijs.SignedData;
  let certificate: CertificateSummary | null = null;
  let signerCert: pkijs.Certificate | undefined;
  try {
    // The hex string is padded with zeros after the DER: parse the first element only.
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1) return invalid('its signature is not DER');
    const info = new pkijs.ContentInfo({ schema: asn1.result });
    if (info.contentType !== OID.signedData) return invalid('its signature is not CMS SignedData');
    signedData = new pkijs.SignedData({ schema: info.content });
    const signer = signedData.signerInfos[0];
    if (!signer) return invalid('its signature has no signer');
    const sid = signer.sid;
    signerCert = signedData.certificates?.find((x): x is pkijs.Certificate => x instanceof pkijs.Certificate
      && sid instanceof pkijs.IssuerAndSerialNumber && x.issuer.isEqual(sid.issuer) && x.serialNumber.isEqual(sid.serialNumber));
    if (signerCert) certificate = describeCertificate(new Uint8Array(signerCert.toSchema().toBER(false)));
    const algorithm = DIGESTS[signer.digestAlgorithm.algorithmId];
    if (!algorithm) return invalid(`its digest algorithm ${signer.digestAlgorithm.algorithmId} is not supported`, certificate);
    const digestAttr = signer.signedAttrs?.attributes.find((x) => x.type === OID.messageDigest)?.values[0];
    if (!(digestAttr instanceof asn1js.OctetString)) return invalid('its signature has no message digest', certificate);
    const digest = createHash(algorithm).update(pdf.subarray(0, b)).update(pdf.subarray(c, c + d)).digest();
    if (!digest.equals(Buffer.from(digestAttr.valueBlock.valueHexView))) return invalid('the document was changed after it was signed', certificate);
    const data = new Uint8Array(b + d);
    data.set(pdf.subarray(0, b));
    data.set(pdf.subarray(c, c + d), b);
    const result = await signedData.verify({ signer: 0, data: data.buffer, checkChain: false, extendedMode: true });
    if (!result.signatureVerified) return invalid('the signature does not match its certificate', certificate);
  } catch (err) {
    return invalid(`its signature cannot be checked: ${(err as Error).message}`, certificate);
  }
  return { status: 'valid', coversWholeDocument, certificate, problem: coversWholeDocument ? null : 'the file has bytes added after the signature' };
}
