import { createHash, createPrivateKey, createPublicKey, generateKeyPair, randomBytes, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import forge from 'node-forge';
import * as pkijs from 'pkijs';

// PKI.js works over WebCrypto: Node's own, whatever the global scope holds.
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));

/** What seals a PDF: the business's signing certificate and its private key. */
export interface Sealer {
  /** DER of the signing certificate. */
  certificate: Uint8Array;
  /** DER of the certificates above it (a configured PKCS#12's CAs), carried in each signature. */
  chain: Uint8Array[];
  /** RSA: the signature is PKCS#1 v1.5 with SHA-256, which gives the same bytes every time. */
  privateKey: KeyObject;
}

/** How a certificate is named to people: its subject and the SHA-256 of its DER (lowercase hex). */
export interface CertificateSummary {
  subject: string;
  sha256: string;
}

/** A certificate or key that cannot serve to seal (not RSA, no key for the certificate, a wrong password). */
export class SigningCertificateError extends Error {
  override name = 'SigningCertificateError';
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  subjectKeyIdentifier: '2.5.29.14',
} as const;

/**
 * `CN=Atelier Nord, O=Atelier Nord`: the subject on one line, most specific first (as RFC 4514 and
 * `pdfsig` write it), and the SHA-256 of the DER, as the certificate of completion shows them.
 */
export function describeCertificate(der: Uint8Array): CertificateSummary {
  const x509 = new X509Certificate(der);
  return { subject: x509.subject.split('\n').reverse().join(', '), sha256: createHash('sha256').update(der).digest('hex') };
}

/** The certificate's common name (for the signature's /Name), or its whole subject without one. */
export function certificateCommonName(der: Uint8Array): string {
  const subject = new X509Certificate(der).subject;
  return /^CN=(.*)$/m.exec(subject)?.[1] ?? subject.split('\n').reverse().join(', ');
}

const generateRsa = promisify(generateKeyPair);

const RSA_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

/** A Node key as the WebCrypto key PKI.js takes (Node's and the DOM's typings differ by a key usage or two). */
export function webKey(key: KeyObject, usage: 'sign' | 'verify'): CryptoKey {
  return key.toCryptoKey(RSA_SHA256, usage === 'verify', [usage]) as unknown as CryptoKey;
}

/**
 * A new self-signed certificate for sealing: RSA-3072, the business's name as CN and O, valid from
 * a day before `now` for 25 years, key usage digital signature and non-repudiation (critical), not a CA.
 */
export async function generateSealer(businessName: string, now = new Date()): Promise<Sealer> {
  const { publicKey, privateKey } = await generateRsa('rsa', { modulusLength: 3072, publicExponent: 0x10001 });
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f || 0x01; // positive and without a leading zero byte
  cert.serialNumber = new asn1js.Integer({ valueHex: serial });
  const name = (businessName.trim() || 'Portico').slice(0, 64);
  // One attribute per RDN (O, then CN): PKI.js would put both in one multi-valued RDN.
  const dn = new asn1js.Sequence({ value: [OID.organization, OID.commonName].map((type) =>
    new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value: new asn1js.Utf8String({ value: name }) }).toSchema()] })) }).toBER(false);
  cert.subject = pkijs.RelativeDistinguishedNames.fromBER(dn);
  cert.issuer = pkijs.RelativeDistinguishedNames.fromBER(dn);
  // Whole seconds: X.509 times carry no fractions.
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 86_400_000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 25);
  // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
  const time = (d: Date) => new pkijs.Time({ type: d.getUTCFullYear() >= 2050 ? 1 : 0, value: d });
  cert.notBefore = time(notBefore);
  cert.notAfter = time(notAfter);
  await cert.subjectPublicKeyInfo.importKey(webKey(publicKey, 'verify'));
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  cert.extensions = [
    new pkijs.Extension({ extnID: OID.basicConstraints, critical: true, extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false) }),
    new pkijs.Extension({
      extnID: OID.keyUsage, critical: true,
      // digitalSignature (bit 0) and nonRepudiation (bit 1): 0b11000000, 6 unused bits.
      extnValue: new asn1js.BitString({ valueHex: new Uint8Array([0xc0]), unusedBits: 6 }).toBER(false),
    }),
    new pkijs.Extension({ extnID: OID.subjectKeyIdentifier, extnValue: new asn1js.OctetString({ valueHex: createHash('sha1').update(spki).digest() }).toBER(false) }),
  ];
  await cert.sign(webKey(privateKey, 'sign'), 'SHA-256');
  return { certificate: new Uint8Array(cert.toSchema(true).toBER(false)), chain: [], privateKey };
}

/**
 * The sealer in a PKCS#12 file (`.p12`/`.pfx`): the certificate whose public key matches the RSA
 * private key, and the other certificates of the file as its chain.
 * @throws {SigningCertificateError} for a wrong password, no RSA key, or no certificate of that key.
 */
export function sealerFromPkcs12(bytes: Uint8Array, password: string): Sealer {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary'))), password);
  } catch (err) {
    throw new SigningCertificateError(`The PKCS#12 file cannot be opened (wrong password, or not a PKCS#12 file): ${(err as Error).message}`);
  }
  const bags = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const keyBag = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag!), ...bags(forge.pki.oids.keyBag!)].find((b) => b.key);
  if (!keyBag?.key) throw new SigningCertificateError('The PKCS#12 file holds no RSA private key (only RSA keys can seal)');
  const privateKey = createPrivateKey(forge.pki.privateKeyToPem(keyBag.key));
  const ders = bags(forge.pki.oids.certBag!).flatMap((b) => (b.cert ? [new Uint8Array(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(b.cert)).getBytes(), 'binary'))] : []));
  const publicDer = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const own = ders.find((d) => new X509Certificate(d).publicKey.export({ type: 'spki', format: 'der' }).equals(publicDer));
  if (!own) throw new SigningCertificateError('The PKCS#12 file holds no certificate for its private key');
  return { certificate: own, chain: ders.filter((d) => d !== own), privateKey };
}

/** The sealer's private key as PKCS#8 DER (to be kept sealed) and back. */
export function exportPrivateKey(sealer: Sealer): Buffer {
  return sealer.privateKey.export({ type: 'pkcs8', format: 'der' });
}

export function importPrivateKey(der: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
}
