/**
 * Automatic signed checkpoints and per-account digests, against a database of this file's own (the
 * tests tamper with the chain as a database administrator would).
 */
import { createHash, sign } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initORM } from '../../db/orm.ts';
import { hashAuditEvent, recordAudit, verifyAuditChain } from '../../db/audit.ts';
import { auditSigningKey, checkpointSignedBytes, writeAuditCheckpoint } from '../../db/audit-checkpoint.ts';
import { sendAuditDigests } from '../../db/audit-digest.ts';
import { runAuditCheckpointRound, startAuditCheckpointer } from '../../activities/audit/checkpointer.ts';
import { dispatchOutbox, type MailTransport } from '../../activities/mail/outbox-dispatcher.ts';
import { makeAccount, makeUser } from '../support/fixtures.ts';
import { createTestDatabase } from '../support/db.ts';
import { asDatabaseAdministrator } from '../support/audit.ts';

const run = promisify(execFile);
const secret = 'automatic-checkpoint-secret-of-at-least-32-chars';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let orm: MikroORM;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase('checkpoints');
  orm = await initORM(db.url);
  dir = mkdtempSync(join(tmpdir(), 'portico-digests-'));
});
afterAll(async () => {
  await orm?.close();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sql = <T>(q: string, params: unknown[] = []): Promise<T[]> => orm.em.fork().getConnection().execute<T[]>(q, params);
const record = async (n: number, accountId: string | null = null): Promise<void> => {
  for (let i = 0; i < n; i += 1) await recordAudit(orm.em.fork(), { action: 'test.event', accountId, data: { i } });
};
const checkpoints = () => sql<{ id: number; seq: string; count: string }>('select id, seq, count from audit_checkpoint order by id');
const headSeq = async () => Number((await sql<{ seq: string }>('select max(seq) as seq from audit_event'))[0]!.seq);
const round = (opts: { every?: number; intervalMs?: number } = {}) =>
  runAuditCheckpointRound(orm.em.fork(), { secret, every: opts.every ?? 5, intervalMs: opts.intervalMs ?? 3_600_000, digestSpacingMs: 0 });

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const asAdministrator = (statements: [string, unknown[]][]) => asDatabaseAdministrator(orm, statements);

/** `npm run audit:verify` against this file's database; its exit code and output. */
async function auditVerify(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run(process.execPath, ['scripts/audit-verify.ts', ...args], { env: { ...process.env, DATABASE_URL: db.url } });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

describe('automatic checkpoints', () => {
  it('signs one after N events, made by the running loop, and none while the chain does not grow', async () => {
    await record(4);
    expect((await round()).checkpoint).toBeNull();
    expect(await checkpoints()).toEqual([]);

    const loop = startAuditCheckpointer(() => orm.em.fork(), { secret, every: 5, intervalMs: 3_600_000, pollMs: 50, digestSpacingMs: 0 });
    try {
      await record(1);
      const [made] = await waitFor('a checkpoint', async () => { const c = await checkpoints(); return c.length ? c : null; });
      expect(Number(made!.seq)).toBe(await headSeq());
      expect(Number(made!.count)).toBe(5);
      // Several rounds later, nothing new: the chain did not grow.
      await new Promise((r) => setTimeout(r, 400));
      expect(await checkpoints()).toHaveLength(1);
    } finally {
      await loop.stop();
    }
    const v = await verifyAuditChain(orm.em.fork());
    expect(v.ok).toBe(true);
    expect(v.checkpoints.count).toBe(1);
  });

  it('signs one after the interval when fewer than N events came', async () => {
    const interval = 4000;
    const ageOfLast = async () => Number((await sql<{ age_ms: string }>('select extract(epoch from now() - max(created_at)) * 1000 as age_ms from audit_checkpoint'))[0]!.age_ms);
    // A checkpoint just now (by hand), then one event: far fewer than N, and the interval has not passed.
    await writeAuditCheckpoint(orm.em.fork(), secret);
    const before = (await checkpoints()).length;
    await record(1);
    expect(await ageOfLast()).toBeLessThan(interval);
    expect((await round({ every: 1000, intervalMs: interval })).checkpoint).toBeNull();
    await new Promise((r) => setTimeout(r, 100));
    while (await ageOfLast() < interval) await new Promise((r) => setTimeout(r, 100));
    const made = (await round({ every: 1000, intervalMs: interval })).checkpoint;
    expect(made).toMatchObject({ seq: await headSeq(), count: 6 });
    expect(await checkpoints()).toHaveLength(before + 1);
    // The interval passes again, but no event came: no checkpoint.
    while (await ageOfLast() < interval) await new Promise((r) => setTimeout(r, 100));
    expect((await round({ every: 1000, intervalMs: interval })).checkpoint).toBeNull();
    expect(await checkpoints()).toHaveLength(before + 1);
  });

  it('makes one checkpoint when two loops race', async () => {
    const firstId = Math.max(0, ...(await checkpoints()).map((c) => c.id));
    for (let i = 0; i < 5; i += 1) {
      const before = (await checkpoints()).length;
      await record(5);
      const results = await Promise.all([round(), round(), round()]);
      expect(results.filter((r) => r.checkpoint).length).toBe(1);
      expect(await checkpoints()).toHaveLength(before + 1);
    }
    // Two running loops, events arriving meanwhile: never two checkpoints of the same head.
    const loops = [1, 2].map(() => startAuditCheckpointer(() => orm.em.fork(), { secret, every: 5, intervalMs: 3_600_000, pollMs: 20, digestSpacingMs: 0 }));
    try {
      await Promise.all([record(12), record(11)]);
      // 54 events in all: the loops stop signing once fewer than 5 are left after the last checkpoint.
      await waitFor('the last events checkpointed', async () => (await checkpoints()).some((c) => Number(c.count) >= 54 - 4) || null);
    } finally {
      await Promise.all(loops.map((l) => l.stop()));
    }
    const seqs = (await checkpoints()).filter((c) => c.id > firstId).map((c) => Number(c.seq));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect((await verifyAuditChain(orm.em.fork())).ok).toBe(true);
  });
});

/** The account part of a digest, computed here from the definition in ARCHITECTURE.md. */
async function accountPart(accountId: string, uptoSeq: number): Promise<{ count: number; hash: string }> {
  const rows = await sql<{ hash: string }>('select hash from audit_event where account_id = ? and seq <= ? order by seq', [accountId, uptoSeq]);
  let h = '0'.repeat(64);
  for (const r of rows) h = createHash('sha256').update(h + r.hash).digest('hex');
  return { count: rows.length, hash: h };
}

interface Mail { to: string; subject: string; text: string; html: string; messageId: string }

describe('per-account digests', () => {
  const delivered: Mail[] = [];
  let failNext = 0;
  // Stands in for the SMTP server (outside the product): records what would be delivered, or fails.
  const transport: MailTransport = {
    sendMail(m) {
      if (failNext > 0) { failNext -= 1; return Promise.reject(new Error('451 Mailbox busy')); }
      delivered.push(m);
      return Promise.resolve();
    },
  };
  /** Sends what is due, and what failed before as if its back-off had passed. */
  async function deliverAll(to: string[]): Promise<void> {
    for (let i = 0; i < 4; i += 1) {
      await sql(`update outbox_email set next_attempt_at = now() where status = 'pending'`);
      await dispatchOutbox(orm.em.fork(), transport, 50, { to });
    }
  }
  const digestOf = (m: Mail) => JSON.parse(m.text.split('\n').find((l) => l.startsWith('{"account"'))!) as {
    checkpoint: { seq: number; headHash: string; count: number; createdAt: string; keyId: number; signature: string };
    account: { id: string; name: string; eventCount: number; eventsHash: string };
    publicKey: { pem: string; fingerprint: string };
  };

  let optedIn: { id: string; name: string };
  let toAddress: { id: string; name: string };
  let notOptedIn: { id: string };
  let admins: string[];
  const address = `records-${Date.now()}@client.example`;
  let keptDigest: string;
  let keptAddressDigest: string;

  beforeAll(async () => {
    const em = orm.em.fork();
    const a = await makeAccount(em, 'Digest Opted In');
    const b = await makeAccount(em, 'Digest To Address');
    const c = await makeAccount(em, 'Digest Not Opted In');
    admins = [(await makeUser(em, 'client_admin', a)).email, (await makeUser(em, 'client_admin', a)).email].sort();
    await makeUser(em, 'client_member', a);
    await makeUser(em, 'client_admin', c);
    optedIn = { id: a.id, name: a.name };
    toAddress = { id: b.id, name: b.name };
    notOptedIn = { id: c.id };
    await sql(`update account set audit_digest_to = 'client_admins', audit_digest_since = now() where id = ?`, [a.id]);
    await sql(`update account set audit_digest_to = 'address', audit_digest_address = ?, audit_digest_since = now() where id = ?`, [address, b.id]);
  });

  it('mails each opted-in account exactly one digest per checkpoint, even when the step is retried; none to an account not opted in', async () => {
    const everyone = [...admins, address, ...(await sql<{ email: string }>('select email from app_user where account_id = ?', [notOptedIn.id])).map((u) => u.email)];
    await record(3, optedIn.id);
    await record(2, toAddress.id);
    await record(2, notOptedIn.id);
    const first = await round({ every: 7 });
    expect(first.checkpoint).not.toBeNull();
    expect(first.digests).toBe(2);
    // The sending step again, twice at once and once more (a retried round, two workers): nothing new.
    expect(await Promise.all([sendAuditDigests(orm.em.fork(), { spacingMs: 0 }), sendAuditDigests(orm.em.fork(), { spacingMs: 0 })])).toEqual([0, 0]);
    expect(await sendAuditDigests(orm.em.fork(), { spacingMs: 0 })).toBe(0);
    // The SMTP server refuses the first attempt; the outbox retries.
    failNext = 1;
    await deliverAll(everyone);
    expect(delivered.map((m) => m.to).sort()).toEqual([...admins, address].sort());

    const c = first.checkpoint!;
    for (const m of delivered) {
      expect(m.subject).toBe(`Audit checkpoint digest for ${m.to === address ? toAddress.name : optedIn.name}: event ${c.seq} · Portico`);
      const d = digestOf(m);
      expect(d.checkpoint).toEqual({ seq: c.seq, headHash: c.headHash, count: c.count, createdAt: c.createdAt, keyId: c.keyId, signature: c.signature });
      const account = m.to === address ? toAddress : optedIn;
      const part = await accountPart(account.id, c.seq);
      expect(d.account).toEqual({ id: account.id, name: account.name, eventCount: part.count, eventsHash: part.hash });
      expect(part.count).toBe(account === optedIn ? 3 : 2);
      // The block is what the checkpoint's signature covers, checkable with the key it carries.
      const key = (await auditSigningKey(orm.em.fork(), secret));
      expect(d.publicKey.pem).toBe(key.publicKeyPem);
      // Nothing secret: not the sealed private key, not the secret it is sealed under.
      const sealed = (await sql<{ private_key_sealed: string }>('select private_key_sealed from audit_signing_key'))[0]!.private_key_sealed;
      for (const part of [m.subject, m.text, m.html]) {
        expect(part).not.toContain(secret);
        expect(part).not.toContain(sealed.slice(0, 40));
        expect(part).not.toMatch(/PRIVATE KEY/);
      }
    }
    const block = (m: Mail) => m.text.split('\n').find((l) => l.startsWith('{"account"'))!;
    keptDigest = block(delivered.find((m) => m.to === admins[0])!);
    keptAddressDigest = block(delivered.find((m) => m.to === address)!);

    // The next checkpoint: one more digest each, of that checkpoint.
    await record(7, optedIn.id);
    const second = await round({ every: 7 });
    expect(second).toMatchObject({ digests: 2 });
    await deliverAll(everyone);
    expect(delivered).toHaveLength(6);
    const perRecipient = new Map<string, number[]>();
    for (const m of delivered) perRecipient.set(m.to, [...(perRecipient.get(m.to) ?? []), digestOf(m).checkpoint.seq]);
    for (const seqs of perRecipient.values()) expect(seqs).toEqual([c.seq, second.checkpoint!.seq]);
    expect(digestOf(delivered.at(-1)!).account.eventCount).toBe(delivered.at(-1)!.to === address ? 2 : 10);
  });

  it('mails at most one digest per spacing period, with the newest checkpoint', async () => {
    const before = (await sql<{ n: string }>(`select count(*) as n from outbox_email where kind = 'audit_digest'`))[0]!.n;
    await record(7, optedIn.id);
    expect((await runAuditCheckpointRound(orm.em.fork(), { secret, every: 7, intervalMs: 3_600_000, digestSpacingMs: 3_600_000 })).digests).toBe(0);
    expect((await sql<{ n: string }>(`select count(*) as n from outbox_email where kind = 'audit_digest'`))[0]!.n).toBe(before);
  });

  it('the digest the account kept catches a rewritten event of that account, even with the chain rehashed and the checkpoints re-signed', async () => {
    const file = join(dir, 'digest.json');
    const addressFile = join(dir, 'address-digest.json');
    writeFileSync(file, keptDigest);
    writeFileSync(addressFile, keptAddressDigest);
    const intact = await auditVerify('--digest', file, '--digest', addressFile);
    expect(intact.err).toBe('');
    expect(intact.code).toBe(0);
    expect(intact.out).toMatch(/audit chain intact/);
    expect(intact.out).toContain(`digest ${file} holds: ${optedIn.name} at event`);

    // The business, holding the key, rewrites one of the account's events before the kept checkpoint…
    const kept = JSON.parse(keptDigest) as { checkpoint: { seq: number } };
    const [victim] = await sql<{ seq: string }>('select seq from audit_event where account_id = ? and seq < ? order by seq limit 1', [optedIn.id, kept.checkpoint.seq]);
    const rows = await sql<{ seq: string; event_key: string; occurred_at: string; action: string; actor_id: string | null; actor_email: string | null; actor_role: string | null; account_id: string | null; target_type: string | null; target_id: string | null; ip: string | null; user_agent: string | null; data: string; prev_hash: string; hash: string }>(
      `select seq, event_key, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as occurred_at, action, actor_id::text as actor_id, actor_email, actor_role,
         account_id::text as account_id, target_type, target_id, ip, user_agent, data::text as data, prev_hash, hash from audit_event where seq >= ? order by seq`, [Number(victim!.seq)]);
    // …rehashes every event after it, so every link holds again…
    const updates: [string, unknown[]][] = [];
    const newHash = new Map<number, string>();
    let prev = rows[0]!.prev_hash;
    for (const [i, r] of rows.entries()) {
      const dataText = i === 0 ? '{"i": 999}' : r.data;
      const hash = hashAuditEvent({
        eventKey: r.event_key, occurredAt: r.occurred_at, action: r.action, actorId: r.actor_id, actorEmail: r.actor_email, actorRole: r.actor_role,
        accountId: r.account_id, targetType: r.target_type, targetId: r.target_id, ip: r.ip, userAgent: r.user_agent, dataText, prevHash: prev,
      });
      updates.push(['update audit_event set data = ?::jsonb, prev_hash = ?, hash = ? where seq = ?', [dataText, prev, hash, Number(r.seq)]]);
      newHash.set(Number(r.seq), hash);
      prev = hash;
    }
    await asAdministrator(updates);
    // …and signs its checkpoints again with its own key.
    const key = await auditSigningKey(orm.em.fork(), secret);
    for (const c of await sql<{ id: number; seq: string; count: string; created_at: string }>(
      `select id, seq, count, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at from audit_checkpoint`)) {
      const headHash = newHash.get(Number(c.seq));
      if (!headHash) continue;
      const signature = sign(null, checkpointSignedBytes({ seq: Number(c.seq), headHash, count: Number(c.count), createdAt: c.created_at }), key.privateKey).toString('base64');
      await sql('update audit_checkpoint set head_hash = ?, signature = ? where id = ?', [headHash, signature, c.id]);
    }
    // The chain alone now looks intact…
    expect((await verifyAuditChain(orm.em.fork())).ok).toBe(true);
    // …but the digests the accounts kept do not agree with it.
    const caught = await auditVerify('--digest', file, '--digest', addressFile);
    expect(caught.code).toBe(1);
    expect(caught.out).toMatch(/audit chain intact/);
    expect(caught.err).toContain(`digest ${file} DISAGREES (head): event ${kept.checkpoint.seq} no longer has the signed head hash`);
    expect(caught.err).toContain(`digest ${file} DISAGREES (account): the hash of ${optedIn.name}'s events up to event ${kept.checkpoint.seq} is`);
    // The other account's events were not edited, but each event's hash covers the chain before it:
    // its kept digest shows the rewritten head and its events' hashes changed by the rehash.
    expect(caught.err).toContain(`digest ${addressFile} DISAGREES (head)`);
    expect(caught.err).toContain(`digest ${addressFile} DISAGREES (account)`);
  });

  it('a deleted tail is reported by the chain and by a kept digest', async () => {
    const kept = JSON.parse(keptAddressDigest) as { checkpoint: { seq: number } };
    const file = join(dir, 'address-digest.json');
    // Delete everything from two events before the kept checkpoint's head on.
    await asAdministrator([['delete from audit_event where seq >= ?', [kept.checkpoint.seq - 1]]]);
    const v = await verifyAuditChain(orm.em.fork());
    expect(v.problems).toContainEqual(expect.objectContaining({ seq: kept.checkpoint.seq, kind: 'checkpoint', reason: expect.stringMatching(/is missing, named by the checkpoint .*: deleted$/) }));
    const caught = await auditVerify('--digest', file);
    expect(caught.code).toBe(1);
    expect(caught.err).toContain(`digest ${file} DISAGREES (head): event ${kept.checkpoint.seq}, the signed head, is missing: deleted`);
    expect(caught.err).toContain(`digest ${file} DISAGREES (count): the chain has`);
  });
});

describe('a deleted tail after an automatic checkpoint', () => {
  it('is reported by the verifier', async () => {
    const tail = await createTestDatabase('checkpoint_tail');
    const tailOrm = await initORM(tail.url);
    try {
      for (let i = 0; i < 8; i += 1) await recordAudit(tailOrm.em.fork(), { action: 'test.tail', data: { i } });
      const loop = startAuditCheckpointer(() => tailOrm.em.fork(), { secret, every: 8, intervalMs: 3_600_000, pollMs: 50, digestSpacingMs: 0 });
      let made: { seq: string; count: string; created_at: string };
      try {
        [made] = [await waitFor('an automatic checkpoint', async () => (await tailOrm.em.fork().getConnection().execute<{ seq: string; count: string; created_at: string }[]>(
          `select seq, count, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at from audit_checkpoint`))[0])];
      } finally {
        await loop.stop();
      }
      for (let i = 0; i < 3; i += 1) await recordAudit(tailOrm.em.fork(), { action: 'test.after', data: { i } });
      expect((await verifyAuditChain(tailOrm.em.fork())).ok).toBe(true);
      // A database administrator deletes the newest rows, the checkpointed head among them: every remaining link holds.
      await tailOrm.em.fork().transactional(async (tx) => {
        const conn = tx.getConnection();
        const ctx = tx.getTransactionContext();
        await conn.execute('alter table audit_event disable trigger audit_event_no_update_delete', [], 'run', ctx);
        await conn.execute('delete from audit_event where seq >= ?', [Number(made.seq) - 2], 'run', ctx);
        await conn.execute('alter table audit_event enable trigger audit_event_no_update_delete', [], 'run', ctx);
      });
      const v = await verifyAuditChain(tailOrm.em.fork());
      expect(v.ok).toBe(false);
      expect(v.problems).toEqual([{
        seq: Number(made.seq), kind: 'checkpoint',
        reason: `event ${made.seq} is missing, named by the checkpoint signed at ${made.created_at} (${made.count} events, head at event ${made.seq}): deleted`,
      }]);
    } finally {
      await tailOrm.close();
      await tail.drop();
    }
  });

  it('is reported when events before the checkpointed head are deleted and the head kept', async () => {
    const tail = await createTestDatabase('checkpoint_short');
    const tailOrm = await initORM(tail.url);
    try {
      for (let i = 0; i < 6; i += 1) await recordAudit(tailOrm.em.fork(), { action: 'test.short', data: { i } });
      const made = (await runAuditCheckpointRound(tailOrm.em.fork(), { secret, every: 6, intervalMs: 3_600_000, digestSpacingMs: 0 })).checkpoint!;
      expect(made).toMatchObject({ count: 6 });
      // The first two events go (the chain now starts later; the head's hash is unchanged).
      const seqs = (await tailOrm.em.fork().getConnection().execute<{ seq: string }[]>('select seq from audit_event order by seq limit 2')).map((r) => Number(r.seq));
      await tailOrm.em.fork().transactional(async (tx) => {
        const conn = tx.getConnection();
        const ctx = tx.getTransactionContext();
        await conn.execute('alter table audit_event disable trigger audit_event_no_update_delete', [], 'run', ctx);
        await conn.execute(`delete from audit_event where seq in (${seqs.join(', ')})`, [], 'run', ctx);
        await conn.execute('alter table audit_event enable trigger audit_event_no_update_delete', [], 'run', ctx);
      });
      const v = await verifyAuditChain(tailOrm.em.fork());
      expect(v.problems).toContainEqual(expect.objectContaining({ seq: made.seq, kind: 'checkpoint', reason: expect.stringMatching(/^2 events up to event \d+ are missing since the checkpoint/) }));
    } finally {
      await tailOrm.close();
      await tail.drop();
    }
  });
});
