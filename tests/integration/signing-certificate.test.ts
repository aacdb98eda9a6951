/**
 * The installation's signing certificate: made once at first use, even by two processes at once,
 * kept with its key sealed under the installation secret; a configured PKCS#12 used instead when set,
 * and recorded so `/verify` knows it. A database of its own: the run's worker has made its own
 * certificate in the shared one.
 */
import { X509Certificate } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initORM } from '../../db/orm.ts';
import { installationCertificates, loadSealer, openPkcs12, readSigningSettings } from '../../domain/signing/sealer.ts';
import { describeCertificate } from '../../domain/signing/signing-certificate.ts';
import { TEST_P12 } from '../../domain/signing/fixtures/pdf-fixtures.ts';
import { createTestDatabase } from '../support/db.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let orms: MikroORM[];

beforeAll(async () => {
  db = await createTestDatabase('signing_certificate');
  // Two connection pools: two processes, as far as PostgreSQL can tell.
  orms = [await initORM(db.url), await initORM(db.url)];
  await orms[0]!.em.getConnection().execute(`insert into branding (id, business_name, primary_color, email_from, updated_at) values (1, 'Atelier Nord', '#1f6feb', 'hello@atelier.test', now())
    on conflict (id) do update set business_name = excluded.business_name`);
}, 60_000);

afterAll(async () => {
  for (const orm of orms ?? []) await orm.close();
  await db?.drop();
});

const secret = { secret: 'an installation secret of at least 32 characters', pkcs12: null };

describe('the generated signing certificate', () => {
  it('is made once when two processes seal at once, named after the business, its key sealed', async () => {
    const [a, b] = await Promise.all(orms.map((orm) => loadSealer(orm.em.fork(), secret)));
    expect(Buffer.from(a!.certificate).equals(Buffer.from(b!.certificate))).toBe(true);
    const rows = await orms[0]!.em.getConnection().execute<{ sha256: string; subject: string; source: string; private_key_sealed: string }[]>('select * from signing_certificate');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sha256: describeCertificate(a!.certificate).sha256, subject: 'CN=Atelier Nord, O=Atelier Nord', source: 'generated' });
    // Not the key in the clear: neither its PKCS#8 DER nor its PEM.
    const der = a!.privateKey.export({ type: 'pkcs8', format: 'der' });
    expect(Buffer.from(rows[0]!.private_key_sealed, 'base64').includes(der.subarray(30, 60))).toBe(false);
    expect(rows[0]!.private_key_sealed).not.toContain(der.toString('base64').slice(40, 80));
    // Later seals get the same certificate and key.
    const again = await loadSealer(orms[1]!.em.fork(), secret);
    expect(describeCertificate(again.certificate).sha256).toBe(rows[0]!.sha256);
    expect(new X509Certificate(again.certificate).checkPrivateKey(again.privateKey)).toBe(true);
  });

  it('cannot be opened under another secret, and says which variable', async () => {
    await expect(loadSealer(orms[0]!.em.fork(), { secret: 'another secret entirely, also long enough', pkcs12: null }))
      .rejects.toThrow(/PORTICO_AUDIT_SIGNING_KEY \(or SESSION_SECRET\) is not the one it was sealed with/);
  });
});

describe('a configured PKCS#12', () => {
  it('is used when set, and recorded as one of this installation\'s certificates', async () => {
    const settings = readSigningSettings({ NODE_ENV: 'production', PORTICO_SIGNING_P12: TEST_P12.path, PORTICO_SIGNING_P12_PASSWORD: TEST_P12.password });
    const sealer = await loadSealer(orms[0]!.em.fork(), settings);
    expect(describeCertificate(sealer.certificate).subject).toBe('CN=Atelier Nord Test Seal, O=Atelier Nord');
    await loadSealer(orms[1]!.em.fork(), settings);
    const known = await installationCertificates(orms[0]!.em.fork());
    expect(known.map((c) => [c.source, c.subject])).toEqual([['generated', 'CN=Atelier Nord, O=Atelier Nord'], ['configured', 'CN=Atelier Nord Test Seal, O=Atelier Nord']]);
    await expect(loadSealer(orms[0]!.em.fork(), { secret: null, pkcs12: { path: TEST_P12.path, password: 'wrong' } }))
      .rejects.toThrow(/^PORTICO_SIGNING_P12 \(.+test-seal\.p12\) cannot serve to sign sealed PDFs: The PKCS#12 file cannot be opened \(wrong password/);
    expect(() => openPkcs12({ path: '/nonexistent/seal.p12', password: '' })).toThrow(/^PORTICO_SIGNING_P12 \(\/nonexistent\/seal\.p12\) cannot serve/);
  });

  it('settings: production needs a secret unless a PKCS#12 is configured; a password alone is a mistake', () => {
    expect(() => readSigningSettings({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET \(or PORTICO_AUDIT_SIGNING_KEY\) is required in production/);
    expect(readSigningSettings({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32) })).toEqual({ secret: 's'.repeat(32), pkcs12: null });
    expect(readSigningSettings({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32), PORTICO_AUDIT_SIGNING_KEY: 'k'.repeat(32) }).secret).toBe('k'.repeat(32));
    expect(() => readSigningSettings({ PORTICO_SIGNING_P12_PASSWORD: 'x' })).toThrow(/PORTICO_SIGNING_P12_PASSWORD is set without PORTICO_SIGNING_P12/);
  });
});
