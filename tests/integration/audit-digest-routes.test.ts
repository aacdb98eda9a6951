/**
 * The routes around signed checkpoints: the checkpoints themselves for auditors (keyset pages), and
 * an account's choice of checkpoint digests by email, with who may see and change it.
 */
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ok, startTestApp, type TestApp } from '../support/app.ts';
import { makeUser, makeWorld, PASSWORD } from '../support/fixtures.ts';
import { checkpointSignedBytes, writeAuditCheckpoint } from '../../db/audit-checkpoint.ts';
import { recordAudit } from '../../db/audit.ts';

let app: TestApp;
let world: Awaited<ReturnType<typeof makeWorld>>;
const as: Record<string, ApiClient> = {};

beforeAll(async () => {
  app = await startTestApp();
  const em = app.deps.orm.em.fork();
  world = await makeWorld(em);
  const secondAdminA = await makeUser(em, 'client_admin', world.a);
  const users = { ...world.users, secondAdminA };
  for (const [name, u] of Object.entries(users)) {
    as[name] = new ApiClient(app.url, { 'user-agent': `digest routes (${name})` });
    expect((await as[name]!.login(u.email, PASSWORD)).status).toBe(200);
  }
});
afterAll(async () => app?.close());

describe('GET /api/audit/checkpoints', () => {
  it('lists every checkpoint with its signature and key, page by page, to reviewers and admins only', async () => {
    const em = () => app.deps.orm.em.fork();
    const made = [];
    for (let i = 0; i < 3; i += 1) {
      await recordAudit(em(), { action: 'test.checkpoint-route', data: { i } });
      made.push((await writeAuditCheckpoint(em(), app.deps.config.auditSigningSecret))!);
    }
    // Walk from just before the first of ours, two at a time.
    const seen: any[] = [];
    const keys = new Map<number, string>();
    let after: number | null = made[0]!.id - 1;
    let pages = 0;
    while (after !== null) {
      const page: any = await ok(as.reviewer!.get(`/api/audit/checkpoints?after=${after}&limit=2`), 'a page of checkpoints');
      expect(page.checkpoints.length).toBeLessThanOrEqual(2);
      seen.push(...page.checkpoints);
      for (const k of page.keys) keys.set(k.id, k.publicKeyPem);
      after = page.nextAfter;
      pages += 1;
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    const ids = seen.map((c) => c.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of made) {
      const c = seen.find((x) => x.id === m.id);
      expect(c).toEqual({ id: m.id, seq: m.seq, headHash: m.headHash, count: m.count, createdAt: m.createdAt, keyId: m.keyId, signature: m.signature, signatureValid: true });
      // Checkable with the key served beside it, by anyone, without the portal.
      expect(verify(null, checkpointSignedBytes(c), createPublicKey(keys.get(c.keyId)!), Buffer.from(c.signature, 'base64'))).toBe(true);
    }
    expect((await as.admin!.get(`/api/audit/checkpoints?after=${made[0]!.id - 1}&limit=1`)).body.checkpoints[0].id).toBe(made[0]!.id);
    for (const who of ['memberA', 'adminA', 'staffA']) expect((await as[who]!.get('/api/audit/checkpoints')).status).toBe(403);
    const bad = await as.reviewer!.get('/api/audit/checkpoints?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ 'query.limit': 'At least 1' });
  });
});

describe('an account\'s checkpoint digests', () => {
  const path = () => `/api/accounts/${world.a.id}/audit-digest`;

  it('a client admin turns them on for the client admins or one address, and off; each change is an audit event', async () => {
    const initial = await ok(as.adminA!.get(path()), 'the setting');
    expect(initial.setting).toEqual({ recipients: 'off', address: null, since: null, sendsTo: [], canManage: true });

    const noAddress = await as.adminA!.put(path(), { recipients: 'address' });
    expect(noAddress.status).toBe(400);
    expect(noAddress.body.error.fields).toEqual({ address: 'Enter the address that receives the digests' });
    const badAddress = await as.adminA!.put(path(), { recipients: 'address', address: 'not an address' });
    expect(badAddress.status).toBe(400);
    expect(badAddress.body.error.fields).toHaveProperty('address');
    // Mass assignment: an account id in the body is refused, never followed.
    const smuggled = await as.adminA!.put(path(), { recipients: 'client_admins', accountId: world.b.id });
    expect(smuggled.status).toBe(400);

    const admins = (await app.deps.orm.em.fork().getConnection().execute<{ email: string }[]>(
      `select email from app_user where account_id = ? and role = 'client_admin' order by email`, [world.a.id])).map((u) => u.email);
    const on = await ok(as.adminA!.put(path(), { recipients: 'client_admins' }), 'turn on');
    expect(on.setting).toMatchObject({ recipients: 'client_admins', address: null, sendsTo: admins, canManage: true });
    expect(Date.parse(on.setting.since)).toBeGreaterThan(Date.now() - 60_000);

    const toAddress = await ok(as.adminA!.put(path(), { recipients: 'address', address: 'Records@Client.Example' }), 'to an address');
    expect(toAddress.setting).toMatchObject({ recipients: 'address', address: 'records@client.example', sendsTo: ['records@client.example'] });

    const events = await app.deps.orm.em.fork().getConnection().execute<{ actor_email: string; data: any }[]>(
      `select actor_email, data from audit_event where action = 'account.audit_digest_changed' and account_id = ? order by seq`, [world.a.id]);
    expect(events.map((e) => [e.actor_email, e.data.before.recipients, e.data.after])).toEqual([
      [world.users.adminA.email, 'off', { recipients: 'client_admins', address: null }],
      [world.users.adminA.email, 'client_admins', { recipients: 'address', address: 'records@client.example' }],
    ]);

    const off = await ok(as.admin!.put(path(), { recipients: 'off' }), 'a business admin turns it off');
    expect(off.setting).toEqual({ recipients: 'off', address: null, since: null, sendsTo: [], canManage: true });
  });

  it('others on the account see it but may not change it; other accounts cannot tell it exists', async () => {
    expect((await as.staffA!.get(path())).body.setting).toMatchObject({ canManage: false });
    expect((await as.reviewer!.get(path())).body.setting).toMatchObject({ canManage: false });
    expect((await as.memberA!.get(path())).status).toBe(403);
    for (const who of ['memberA', 'staffA', 'reviewer']) expect((await as[who]!.put(path(), { recipients: 'client_admins' })).status).toBe(403);
    // Account B's client admin and staff, on account A: as for an id that does not exist.
    for (const who of ['adminB', 'memberB', 'staffB']) {
      expect((await as[who]!.get(path())).status).toBe(404);
      expect((await as[who]!.put(path(), { recipients: 'address', address: 'thief@example.test' })).status).toBe(404);
    }
    const [a] = await app.deps.orm.em.fork().getConnection().execute<{ audit_digest_to: string | null }[]>('select audit_digest_to from account where id = ?', [world.a.id]);
    expect(a!.audit_digest_to).toBeNull();
    // The other account's own admin manages theirs.
    expect((await as.adminB!.put(`/api/accounts/${world.b.id}/audit-digest`, { recipients: 'client_admins' })).status).toBe(200);
  });
});
