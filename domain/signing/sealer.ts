import { X509Certificate } from 'node:crypto';
import { sealSecret, unsealSecret } from '../../db/sealed-secret.ts';
import { readFileSync } from 'node:fs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadBranding } from '../../db/outbox.ts';
import {
  describeCertificate, exportPrivateKey, generateSealer, importPrivateKey, sealerFromPkcs12, type CertificateSummary, type Sealer,
} from './signing-certificate.ts';

/** The API's session secret outside production: the same installation secret in every process. */
const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-change-me';

/** Serialises the making of the generated certificate across processes. */
const CERTIFICATE_LOCK = 7_401_339;

/** Where the signing certificate comes from: a configured PKCS#12, else the one generated and kept sealed under `secret`. */
export interface SigningSettings {
  /** Seals the generated certificate's private key: PORTICO_AUDIT_SIGNING_KEY, else SESSION_SECRET. */
  secret: string | null;
  pkcs12: { path: string; password: string } | null;
}

/**
 * The signing settings of a process's environment: `PORTICO_SIGNING_P12` (a PKCS#12 file) with
 * `PORTICO_SIGNING_P12_PASSWORD`, and the secret that seals a generated certificate's key.
 * In production, without a PKCS#12 one of PORTICO_AUDIT_SIGNING_KEY or SESSION_SECRET is required.
 * @throws {Error} naming the variable at fault.
 */
export function readSigningSettings(env: Record<string, string | undefined>): SigningSettings {
  const production = env.NODE_ENV === 'production';
  const path = env.PORTICO_SIGNING_P12?.trim() || null;
  const password = env.PORTICO_SIGNING_P12_PASSWORD ?? '';
  if (!path && env.PORTICO_SIGNING_P12_PASSWORD) throw new Error('PORTICO_SIGNING_P12_PASSWORD is set without PORTICO_SIGNING_P12 (the PKCS#12 file)');
  const secret = env.PORTICO_AUDIT_SIGNING_KEY || env.SESSION_SECRET || (production ? null : DEVELOPMENT_SESSION_SECRET);
  if (!path && !secret) throw new Error('SESSION_SECRET (or PORTICO_AUDIT_SIGNING_KEY) is required in production: it seals the key of the certificate sealed PDFs are signed with');
  return { secret, pkcs12: path ? { path, password } : null };
}

/** The HKDF purpose the key is sealed under (see db/sealed-secret.ts). */
const PDF_KEY_PURPOSE = 'portico-pdf-signing-key';
const seal = (secret: string, plain: Buffer): string => sealSecret(secret, PDF_KEY_PURPOSE, plain);
const unseal = (secret: string, sealed: string): Buffer => unsealSecret(secret, PDF_KEY_PURPOSE, sealed, "The signing certificate's key");

const pem = (der: Uint8Array) => new X509Certificate(der).toString();
const der = (certificatePem: string) => new Uint8Array(new X509Certificate(certificatePem).raw);

/**
 * The configured PKCS#12's sealer. The worker opens it once at start, so a wrong path or password
 * stops it with the variable's name rather than failing every seal.
 * @throws {Error} naming PORTICO_SIGNING_P12 (unreadable, wrong password, no RSA key for a certificate).
 */
export function openPkcs12(pkcs12: { path: string; password: string }): Sealer {
  try {
    return sealerFromPkcs12(new Uint8Array(readFileSync(pkcs12.path)), pkcs12.password);
  } catch (err) {
    throw new Error(`PORTICO_SIGNING_P12 (${pkcs12.path}) cannot serve to sign sealed PDFs: ${(err as Error).message}`);
  }
}

/** Records a configured certificate as this installation's (once per fingerprint). */
async function recordConfigured(em: EntityManager, sealer: Sealer): Promise<void> {
  const { subject, sha256 } = describeCertificate(sealer.certificate);
  await em.getConnection().execute(
    `insert into signing_certificate (sha256, certificate_pem, subject, source, private_key_sealed, created_at) values (?, ?, ?, 'configured', null, now())
     on conflict (sha256) do nothing`, [sha256, pem(sealer.certificate), subject]);
}

/**
 * The sealer of this installation: the configured PKCS#12's, recorded in `signing_certificate` at
 * first use so that `/verify` knows it; else the generated certificate, made at first use (a
 * self-signed RSA-3072 certificate named after the business) and kept with its key sealed. Two
 * processes asking at once make one certificate: the making holds an advisory lock.
 */
export async function loadSealer(em: EntityManager, settings: SigningSettings): Promise<Sealer> {
  if (settings.pkcs12) {
    const sealer = openPkcs12(settings.pkcs12);
    await recordConfigured(em, sealer);
    return sealer;
  }
  const secret = settings.secret;
  if (!secret) throw new Error('No secret to seal the signing certificate\'s key with: set SESSION_SECRET or PORTICO_AUDIT_SIGNING_KEY');
  const stored = async (conn: ReturnType<EntityManager['getConnection']>, ctx?: unknown) => (await conn.execute<{ certificate_pem: string; private_key_sealed: string }[]>(
    `select certificate_pem, private_key_sealed from signing_certificate where source = 'generated' order by id limit 1`, [], 'all', ctx))[0];
  const open = (row: { certificate_pem: string; private_key_sealed: string }): Sealer =>
    ({ certificate: der(row.certificate_pem), chain: [], privateKey: importPrivateKey(unseal(secret, row.private_key_sealed)) });
  const found = await stored(em.getConnection());
  if (found) return open(found);
  const businessName = (await loadBranding(em.fork())).businessName;
  return em.fork().transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await conn.execute('select pg_advisory_xact_lock(?)', [CERTIFICATE_LOCK], 'run', ctx);
    const other = await stored(conn, ctx);
    if (other) return open(other);
    const sealer = await generateSealer(businessName);
    const { subject, sha256 } = describeCertificate(sealer.certificate);
    await conn.execute(
      `insert into signing_certificate (sha256, certificate_pem, subject, source, private_key_sealed, created_at) values (?, ?, ?, 'generated', ?, now())`,
      [sha256, pem(sealer.certificate), subject, seal(secret, exportPrivateKey(sealer))], 'run', ctx);
    return sealer;
  });
}

/** A certificate this installation has sealed with. */
export interface InstallationCertificate extends CertificateSummary {
  source: 'generated' | 'configured';
  createdAt: string;
}

/** Every certificate this installation has sealed with (no secret needed, nothing written). */
export async function installationCertificates(em: EntityManager): Promise<InstallationCertificate[]> {
  const rows = await em.getConnection().execute<{ sha256: string; subject: string; source: 'generated' | 'configured'; created_at: Date }[]>(
    'select sha256, subject, source, created_at from signing_certificate order by id');
  return rows.map((r) => ({ sha256: r.sha256, subject: r.subject, source: r.source, createdAt: new Date(r.created_at).toISOString() }));
}
