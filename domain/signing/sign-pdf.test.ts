import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPdfSignature } from './check-signature.ts';
import { fixtureInput, fixturePdf, fixtureSealer, popplerText, TEST_P12 } from './fixtures/pdf-fixtures.ts';
import { sealPdf, type SealInput } from './seal.ts';
import { OID } from './sign-pdf.ts';
import { describeCertificate, generateSealer, SigningCertificateError, sealerFromPkcs12, type Sealer } from './signing-certificate.ts';

const run = promisify(execFile);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Runs a tool on the PDF; its output (stdout and stderr) and exit code, failing or not. */
async function tool(cmd: string, args: string[], pdf: Uint8Array): Promise<{ out: string; code: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'portico-pades-'));
  const file = join(dir, 'sealed.pdf');
  await writeFile(file, pdf);
  try {
    const { stdout, stderr } = await run(cmd, [...args, file], { cwd: dir, maxBuffer: 16 << 20 });
    return { out: stdout + stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    return { out: `${e.stdout ?? ''}${e.stderr ?? ''}`, code: e.code ?? 1 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The CMS inside the sealed PDF, as `pdfsig -dump` would write it. */
function signatureOf(pdf: Uint8Array): pkijs.SignedData {
  const text = Buffer.from(pdf).toString('latin1');
  const [, b, c] = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(text)!.slice(1).map(Number) as [number, number, number, number];
  const der = Buffer.from(text.slice(b + 1, c - 1), 'hex');
  const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(der).result });
  return new pkijs.SignedData({ schema: info.content });
}

let input: SealInput;
let generated: Sealer;
let sealed: Uint8Array;

beforeAll(async () => {
  input = await fixtureInput(await fixturePdf());
  // A certificate as one generated at first use: named after the business.
  generated = await generateSealer(input.branding.businessName, new Date('2026-03-01T00:00:00Z'));
  sealed = await sealPdf(input, generated);
});

describe('a sealed PDF carries a PAdES signature any reader checks', () => {
  it('pdfsig: the signature is valid, ETSI.CAdES.detached with SHA-256, timed at the seal, over the total document', async () => {
    const { out } = await tool('pdfsig', [], sealed);
    expect(out).toContain('Signature #1');
    expect(out).not.toContain('Signature #2');
    expect(out).toMatch(/Signer Certificate Common Name: Atelier Nord/);
    expect(out).toMatch(/Signing Time: Mar 05 2026 08:33:45/);
    expect(out).toMatch(/Signing Hash Algorithm: SHA-256/);
    expect(out).toMatch(/Signature Type: ETSI\.CAdES\.detached/);
    expect(out).toContain('Total document signed');
    expect(out).toContain('Signature Validation: Signature is Valid.');
    // A self-signed certificate is not one the reader trusts: expected, and said.
    expect(out).toMatch(/Certificate Validation: Certificate issuer (is unknown|isn't Trusted)/);
  });

  it('qpdf --check finds nothing wrong', async () => {
    const { out, code } = await tool('qpdf', ['--check'], sealed);
    expect(out).toContain('No syntax or stream encoding errors found');
    expect(code).toBe(0);
  });

  it('one changed byte: pdfsig reports the signature invalid, and so does the check /verify makes', async () => {
    expect(await checkPdfSignature(sealed)).toEqual({
      status: 'valid', coversWholeDocument: true, certificate: describeCertificate(generated.certificate), problem: null,
    });
    for (const at of [100, Math.floor(sealed.length / 2), sealed.length - 10]) {
      const tampered = sealed.slice();
      tampered[at]! ^= 0x01;
      const { out } = await tool('pdfsig', [], tampered);
      expect(out, `byte ${at}`).not.toContain('Signature is Valid');
      expect(out, `byte ${at}`).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
      const check = await checkPdfSignature(tampered);
      expect(check.status, `byte ${at}`).toBe('invalid');
    }
  });

  it('bytes added after the seal leave the signature valid but not over the whole file', async () => {
    const added = new Uint8Array([...sealed, ...Buffer.from('\n% added later\n')]);
    const check = await checkPdfSignature(added);
    expect(check).toMatchObject({ status: 'valid', coversWholeDocument: false });
    expect((await tool('pdfsig', [], added)).out).not.toContain('Total document signed');
  });

  it('a PDF without a signature has none', async () => {
    expect(await checkPdfSignature(await fixturePdf())).toEqual({ status: 'missing', coversWholeDocument: false, certificate: null, problem: null });
  });

  it('the CMS is PAdES B-B: signed attributes content-type, message-digest and signing-certificate-v2 (no signing time), the certificate included', () => {
    const cms = signatureOf(sealed);
    expect(cms.encapContentInfo.eContent).toBeUndefined();
    const signer = cms.signerInfos[0]!;
    expect(signer.digestAlgorithm.algorithmId).toBe(OID.sha256);
    expect(signer.signatureAlgorithm.algorithmId).toBe('1.2.840.113549.1.1.11');
    const attrs = signer.signedAttrs!.attributes;
    expect(attrs.map((a) => a.type).sort()).toEqual([OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort());
    // ESSCertIDv2's hash is the SHA-256 of the signing certificate.
    const ess = attrs.find((a) => a.type === OID.signingCertificateV2)!.values[0] as asn1js.Sequence;
    const certId = ((ess.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.OctetString;
    expect(Buffer.from(certId.valueBlock.valueHexView).toString('hex')).toBe(sha256(generated.certificate));
    expect(cms.certificates!.map((c) => sha256(new Uint8Array((c as pkijs.Certificate).toSchema().toBER(false))))).toEqual([sha256(generated.certificate)]);
  });

  it('the certificate of completion names the signing certificate: its subject and its SHA-256 fingerprint', async () => {
    const text = (await popplerText('pdftotext', sealed, ['-layout'])).replace(/[ \t]+/g, ' ');
    const fingerprint = new X509Certificate(generated.certificate).fingerprint256.replace(/:/g, '').toLowerCase();
    expect(text).toContain(`Certificate SHA-256 ${fingerprint}`);
    expect(text).toContain('Sealed with certificate CN=Atelier Nord, O=Atelier Nord');
  });

  it('the same input and certificate give the same bytes; another certificate gives another signature', async () => {
    const again = await sealPdf(await fixtureInput(await fixturePdf()), generated);
    expect(sha256(again)).toBe(sha256(sealed));
    const other = await sealPdf(input, await fixtureSealer());
    expect(sha256(other)).not.toBe(sha256(sealed));
    expect(sha256(await sealPdf(input, await fixtureSealer()))).toBe(sha256(other));
  });
});

describe('signing certificates', () => {
  it('a generated certificate: self-signed, the business as CN and O, RSA-3072, digital signature and non-repudiation, not a CA, 25 years', () => {
    const x = new X509Certificate(generated.certificate);
    expect(x.subject).toBe('O=Atelier Nord\nCN=Atelier Nord');
    expect(x.issuer).toBe(x.subject);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(x.ca).toBe(false);
    expect(new Date(x.validFrom).toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(new Date(x.validTo).toISOString()).toBe('2051-02-28T00:00:00.000Z');
    const keyUsage = pkijs.Certificate.fromBER(new Uint8Array(generated.certificate)).extensions!.find((e) => e.extnID === '2.5.29.15')!;
    expect(keyUsage.critical).toBe(true);
    // digitalSignature and nonRepudiation, the first two bits, and nothing else.
    expect(Buffer.from(keyUsage.extnValue.valueBlock.valueHexView).toString('hex')).toBe('030206c0');
    expect(x.checkPrivateKey(generated.privateKey)).toBe(true);
  });

  it('a PKCS#12: its key\'s certificate signs, its CA goes into the signature; a wrong password is refused', async () => {
    const bytes = new Uint8Array(await readFile(TEST_P12.path));
    const sealer = sealerFromPkcs12(bytes, TEST_P12.password);
    expect(describeCertificate(sealer.certificate).subject).toBe('CN=Atelier Nord Test Seal, O=Atelier Nord');
    expect(sealer.chain.map((c) => describeCertificate(c).subject)).toEqual(['CN=Atelier Nord Test CA, O=Atelier Nord Test CA']);
    const pdf = await sealPdf(input, sealer);
    const { out } = await tool('pdfsig', [], pdf);
    expect(out).toMatch(/Signer Certificate Common Name: Atelier Nord Test Seal/);
    expect(out).toContain('Signature Validation: Signature is Valid.');
    expect(signatureOf(pdf).certificates).toHaveLength(2);
    expect(() => sealerFromPkcs12(bytes, 'wrong')).toThrow(SigningCertificateError);
    expect(() => sealerFromPkcs12(new Uint8Array([1, 2, 3]), '')).toThrow(SigningCertificateError);
  });
});
