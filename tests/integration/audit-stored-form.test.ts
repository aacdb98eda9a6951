import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { execFileSync } from 'node:child_process';
import { initORM } from '../../db/orm.ts';
import {
  AuditInputError, GENESIS_HASH, hashAuditEvent, hashAuditEventLegacy, recordAudit, verifyAuditChain, type AuditInput,
} from '../../db/audit.ts';
import { createTestDatabase } from '../support/db.ts';
import { auditPublicKeyPem, auditSigningKey, writeAuditCheckpoint } from '../../db/audit-checkpoint.ts';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeAccount, makeUser, PASSWORD } from '../support/fixtures.ts';
import { asDatabaseAdministrator } from '../support/audit.ts';

// A database of this file's own: the tests tamper with rows by hand.
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase('audit_form');
  orm = await initORM(db.url);
});
afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

const sql = <T>(q: string, params: unknown[] = []): Promise<T[]> => orm.em.getConnection().execute<T[]>(q, params);
const problemsAt = async (seqs: number[]) =>
  (await verifyAuditChain(orm.em.fork())).problems.filter((p) => seqs.includes(p.seq));

const asAdministrator = (statements: [string, unknown[]][]) => asDatabaseAdministrator(orm, statements);

/** The hash an attacker who knows the rule gives a row after changing its data. */
async function rehashed(seq: number, dataText: string): Promise<string> {
  const [row] = await sql<{ event_key: string; occurred_at: string; action: string; prev_hash: string }>(
    `select event_key, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as occurred_at, action, prev_hash
     from audit_event where seq = ?`, [seq]);
  return hashAuditEvent({
    eventKey: row!.event_key, occurredAt: row!.occurred_at, action: row!.action, actorId: null, actorEmail: null,
    actorRole: null, accountId: null, targetType: null, targetId: null, ip: null, userAgent: null, dataText, prevHash: row!.prev_hash,
  });
}

// Characters from every plane, now and then one PostgreSQL cannot store (NUL, a lone surrogate).
const anyChar = fc.oneof(
  { weight: 300, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF') },
);
const text = (maxLength = 12) => fc.string({ unit: anyChar, maxLength });
// Any letter case, as a client might send it in a URL.
const anyCaseUuid = fc.tuple(fc.uuid(), fc.array(fc.boolean(), { minLength: 36, maxLength: 36 }))
  .map(([u, up]) => [...u].map((ch, i) => (up[i] ? ch.toUpperCase() : ch)).join(''));
const number = fc.oneof(
  fc.double(), // -0, NaN, ±Infinity, subnormals, 1e308
  fc.integer(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 2 ** 64, 1e21, 1.0, 0.1 + 0.2, -0, 5e-324, 1.7976931348623157e308),
);
const { json } = fc.letrec((tie) => ({
  json: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    fc.constant(null), fc.boolean(), number, text(), fc.date({ noInvalidDate: false }),
    fc.array(tie('json'), { maxLength: 4 }),
    // Keys in whatever order they come: jsonb reorders them.
    fc.dictionary(text(6), tie('json'), { maxKeys: 5 })),
}));
const occurredAt = fc.oneof(
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }),
  fc.date({ noInvalidDate: false }),
  // Written with an offset, as a client in another zone would send it.
  fc.tuple(fc.date({ min: new Date('1970-01-01Z'), max: new Date('2100-01-01Z'), noInvalidDate: true }), fc.integer({ min: -14 * 60, max: 14 * 60 }))
    .map(([d, off]) => {
      const local = new Date(d.getTime() + off * 60_000).toISOString().slice(0, 23);
      const sign = off < 0 ? '-' : '+';
      const a = Math.abs(off);
      return new Date(`${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`);
    }),
);
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const input: fc.Arbitrary<AuditInput> = fc.record({
  eventKey: text(20),
  action: fc.oneof(fc.constant('test.property'), text(10)),
  actor: nullable(fc.record({ id: nullable(anyCaseUuid), email: nullable(text(20)), role: nullable(text(10)) })),
  accountId: nullable(anyCaseUuid),
  target: nullable(fc.record({ type: text(10), id: fc.oneof(anyCaseUuid, text(20)) })),
  ip: nullable(text(16)),
  userAgent: nullable(fc.oneof(text(30), text(30).map((t) => `${'🦊'.repeat(256)}${t}`))),
  data: fc.dictionary(text(6), json, { maxKeys: 6 }),
  occurredAt,
}, { requiredKeys: ['action', 'eventKey'] });

describe('the chain hashes what is stored', () => {
  it('verifies every input recordAudit accepts, and stores nothing it refuses', async () => {
    let accepted = 0;
    let refused = 0;
    let runs = 0;
    await fc.assert(fc.asyncProperty(input, async (generated) => {
      // A key of each run's own (shrinking replays values), with the generated characters after it.
      runs += 1;
      const event = { ...generated, eventKey: `prop:${runs}:${generated.eventKey}` };
      let seq: number;
      try {
        ({ seq } = await recordAudit(orm.em.fork(), event));
      } catch (err) {
        // A refusal is a clear AuditInputError, never a database error, and leaves no row behind.
        expect(err).toBeInstanceOf(AuditInputError);
        expect((err as Error).message).toMatch(/^recordAudit: /);
        // (A key PostgreSQL cannot even compare was certainly not stored.)
        if (!/[\u0000\p{Cs}]/u.test(event.eventKey!)) {
          expect(await sql('select 1 from audit_event where event_key = ?', [event.eventKey])).toHaveLength(0);
        }
        refused += 1;
        return;
      }
      accepted += 1;
      expect(await problemsAt([seq])).toEqual([]);
    }), { numRuns: 200 });
    // The generators reach both sides of the property.
    expect(accepted).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(5);
    const v = await verifyAuditChain(orm.em.fork());
    expect(v.ok).toBe(true);
    expect(v.legacy.count).toBe(0);
  });

  it('stores an uppercase account id in lowercase and the event verifies (the 404 refusal event)', async () => {
    const id = 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D';
    const r = await recordAudit(orm.em.fork(), {
      action: 'access.refused', accountId: id, actor: { id, email: 'm@example.test', role: 'client_member' },
      target: { type: 'account', id }, data: { reason: 'not_found', path: `/api/accounts/${id}` },
    });
    const [row] = await sql<{ account_id: string; actor_id: string; target_id: string }>(
      'select account_id, actor_id, target_id from audit_event where seq = ?', [r.seq]);
    expect(row).toEqual({ account_id: id.toLowerCase(), actor_id: id.toLowerCase(), target_id: id });
    expect(await problemsAt([r.seq])).toEqual([]);
  });

  it('hashes what jsonb and timestamptz(3) keep, whatever the session time zone', async () => {
    const seq = await orm.em.fork().transactional(async (tx: EntityManager) => {
      await tx.getConnection().execute(`set local time zone 'Asia/Kathmandu'`, [], 'run', tx.getTransactionContext());
      const r = await recordAudit(tx, {
        action: 'test.normalised',
        occurredAt: new Date('2026-03-29T01:30:00.123+05:45'),
        data: { z: 1.0, a: -0, big: 2 ** 64, n: { y: [1e21, 0.1 + 0.2], x: 'ǅ e\u0301 é 𝔘' } },
      });
      return r.seq;
    });
    const [row] = await sql<{ data: string; occurred_at: string }>(
      `select data::text as data, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as occurred_at
       from audit_event where seq = ?`, [seq]);
    expect(row!.data).toBe('{"a": 0, "n": {"x": "ǅ e\u0301 é 𝔘", "y": [1000000000000000000000, 0.30000000000000004]}, "z": 1, "big": 18446744073709552000}');
    expect(row!.occurred_at).toBe('2026-03-28T19:45:00.123Z');
    expect(await problemsAt([seq])).toEqual([]);
  });

  it('refuses with a clear error what PostgreSQL cannot store unchanged', async () => {
    const refusals: [AuditInput, RegExp][] = [
      [{ action: 'test.refused', data: { note: 'a\u0000b' } }, /data\.note holds a NUL or a lone surrogate/],
      [{ action: 'test.refused', data: { ['k\uD800']: 1 } }, /data key holds a NUL or a lone surrogate/],
      [{ action: 'test.refused', userAgent: 'UA\uDC00' }, /userAgent holds/],
      [{ action: 'test.refused', data: { n: Number.NaN } }, /data\.n is not a finite number/],
      [{ action: 'test.refused', data: { n: 10n } }, /data\.n is a bigint/],
      [{ action: 'test.refused', data: { m: new Map() } }, /data\.m is not a plain object/],
      [{ action: 'test.refused', accountId: 'not-a-uuid' }, /accountId is not a UUID/],
      [{ action: 'test.refused', occurredAt: new Date('+010000-01-01T00:00:00Z') }, /occurredAt must be a valid date/],
      [{ action: 'test.refused', occurredAt: new Date(Number.NaN) }, /occurredAt must be a valid date/],
      [{ action: 'x'.repeat(81) }, /action is longer than 80 characters/],
    ];
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    refusals.push([{ action: 'test.refused', data: cyclic }, /data\.self is circular/]);
    for (const [event, message] of refusals) {
      const eventKey = `refused:${String(message)}`;
      await expect(recordAudit(orm.em.fork(), { ...event, eventKey })).rejects.toThrow(message);
      expect(await sql('select 1 from audit_event where event_key = ?', [eventKey])).toHaveLength(0);
    }
  });

  it('cuts a long user agent by characters, never through a surrogate pair', async () => {
    const r = await recordAudit(orm.em.fork(), { action: 'test.ua', userAgent: `${'x'.repeat(511)}🦊🦊` });
    const [row] = await sql<{ user_agent: string }>('select user_agent from audit_event where seq = ?', [r.seq]);
    expect(row!.user_agent).toBe(`${'x'.repeat(511)}🦊`);
    expect(await problemsAt([r.seq])).toEqual([]);
  });
});

describe('rows written under the earlier hash rule', () => {
  it('still verify, are reported as legacy form, and are not rewritten', async () => {
    // Two rows as the earlier recordAudit wrote them: one plain, one with the uppercase id that broke it.
    const upper = 'F0E1D2C3-B4A5-4968-8778-695A4B3C2D1E';
    const legacySeqs: number[] = [];
    for (const accountId of [null, upper]) {
      const [head] = await sql<{ hash: string }>('select hash from audit_event order by seq desc limit 1');
      const event = {
        eventKey: `legacy:${accountId ?? 'plain'}`, occurredAt: new Date('2026-11-28T07:00:00.123Z'), action: 'test.legacy',
        actorId: null, actorEmail: null, actorRole: null, accountId, targetType: null, targetId: null, ip: null,
        userAgent: null, data: { n: 1, nested: { b: 2, a: 'x' } }, prevHash: head?.hash ?? GENESIS_HASH,
      };
      const hash = hashAuditEventLegacy(event);
      const [row] = await sql<{ seq: string }>(
        `insert into audit_event (event_key, occurred_at, action, account_id, data, prev_hash, hash)
         values (?, ?, ?, ?, ?, ?, ?) returning seq`,
        [event.eventKey, event.occurredAt, event.action, accountId, JSON.stringify(event.data), event.prevHash, hash]);
      legacySeqs.push(Number(row!.seq));
    }
    const after = await recordAudit(orm.em.fork(), { action: 'test.after-legacy', data: {} });
    const hashesOf = () => sql<{ hash: string }>('select hash from audit_event where seq in (?, ?) order by seq', legacySeqs);
    const before = await hashesOf();

    const v = await verifyAuditChain(orm.em.fork());
    expect(v.problems.filter((p) => [...legacySeqs, after.seq].includes(p.seq))).toEqual([]);
    expect(v.legacy.count).toBeGreaterThanOrEqual(2);
    expect(v.legacy.firstSeq).toBeLessThanOrEqual(legacySeqs[0]!);
    expect(v.legacy.lastSeq).toBeGreaterThanOrEqual(legacySeqs[1]!);
    expect(before).toHaveLength(2);
    expect(await hashesOf()).toEqual(before);
  });
});

describe('the verifier reports every problem', () => {
  it('names two changed rows, a rewritten row and a deleted one, not only the first', async () => {
    const seqs: number[] = [];
    for (let i = 0; i < 9; i += 1) seqs.push((await recordAudit(orm.em.fork(), { action: 'test.tamper', data: { i } })).seq);
    const [s0, , s2, , s4, s5, s6, s7] = seqs as [number, number, number, number, number, number, number, number, number];
    await asAdministrator([
      // Two rows changed in place: their hashes no longer hold.
      [`update audit_event set data = '{"i": 999}' where seq = ?`, [s2]],
      [`update audit_event set actor_email = 'someone-else@example.test' where seq = ?`, [s4]],
      // A row rewritten whole, with a hash that holds for its new content: the next link does not.
      [`update audit_event set data = '{"i": 666}', hash = ? where seq = ?`, [await rehashed(s6, '{"i": 666}'), s6]],
      // A row deleted in the middle.
      ['delete from audit_event where seq = ?', [s0 + 1]],
    ]);
    const v = await verifyAuditChain(orm.em.fork());
    expect(v.ok).toBe(false);
    const mine = v.problems.filter((p) => p.seq >= s0 && p.seq <= seqs[8]!);
    expect(mine).toEqual([
      { seq: s2, kind: 'gap', reason: `events ${s0 + 1}–${s0 + 1} are missing: previous hash does not match the event before them`, missing: { from: s0 + 1, to: s0 + 1 } },
      { seq: s2, kind: 'content', reason: 'content does not match its hash' },
      { seq: s4, kind: 'content', reason: 'content does not match its hash' },
      { seq: s7, kind: 'link', reason: 'previous hash does not match the event before it' },
    ]);
    expect(v.problems).not.toContainEqual(expect.objectContaining({ seq: s5 }));
    expect(v.problems).not.toContainEqual(expect.objectContaining({ seq: s6 }));

    // The operator's command lists them all and fails.
    let out = '';
    let code = 0;
    try {
      execFileSync(process.execPath, ['scripts/audit-verify.ts'], { env: { ...process.env, DATABASE_URL: db.url }, stdio: 'pipe' });
    } catch (err) {
      const e = err as { status: number; stderr: Buffer };
      code = e.status;
      out = e.stderr.toString();
    }
    expect(code).toBe(1);
    for (const seq of [s2, s4, s7]) expect(out).toContain(`audit chain BROKEN at event ${seq}: `);
    expect(out).toContain(`audit chain BROKEN at event ${s2}: events ${s0 + 1}–${s0 + 1} are missing`);
  });

  it('does not count a sequence number left unused by a rolled-back append as a problem', async () => {
    const a = await recordAudit(orm.em.fork(), { action: 'test.before-rollback' });
    await expect(orm.em.fork().transactional(async (tx) => {
      await recordAudit(tx, { action: 'test.rolled-back' });
      throw new Error('the change this event describes failed');
    })).rejects.toThrow(/failed/);
    const b = await recordAudit(orm.em.fork(), { action: 'test.after-rollback' });
    expect(b.seq).toBeGreaterThan(a.seq + 1);
    const v = await verifyAuditChain(orm.em.fork());
    expect(v.problems.filter((p) => p.seq === b.seq)).toEqual([]);
    expect(v.skippedSeqs).toBeGreaterThanOrEqual(1);
  });
});

describe('signed checkpoints', () => {
  const secret = 'checkpoint-test-secret-of-at-least-32-characters';

  it('sign the head, verify, and report a deleted tail after them', async () => {
    for (let i = 0; i < 3; i += 1) await recordAudit(orm.em.fork(), { action: 'test.before-checkpoint', data: { i } });
    const kept = await writeAuditCheckpoint(orm.em.fork(), secret);
    const [{ n }] = (await sql<{ n: string }>('select count(*) as n from audit_event')) as [{ n: string }];
    expect(kept).toMatchObject({ count: Number(n) });
    let v = await verifyAuditChain(orm.em.fork());
    expect(v.problems.filter((p) => p.kind === 'checkpoint')).toEqual([]);
    expect(v.checkpoints.last).toEqual({ seq: kept!.seq, count: kept!.count, createdAt: kept!.createdAt });

    const tail = [
      (await recordAudit(orm.em.fork(), { action: 'test.tail', data: { i: 1 } })).seq,
      (await recordAudit(orm.em.fork(), { action: 'test.tail', data: { i: 2 } })).seq,
    ];
    const signed = (await writeAuditCheckpoint(orm.em.fork(), secret))!;
    expect(signed.seq).toBe(tail[1]);
    // Without checkpoints a deleted tail leaves a chain whose every link holds.
    await asAdministrator([['delete from audit_event where seq in (?, ?)', tail]]);
    v = await verifyAuditChain(orm.em.fork());
    expect(v.ok).toBe(false);
    expect(v.problems.filter((p) => p.seq >= tail[0]!)).toEqual([{
      seq: signed.seq, kind: 'checkpoint',
      reason: `event ${signed.seq} is missing, named by the checkpoint signed at ${signed.createdAt} (${signed.count} events, head at event ${signed.seq}): deleted`,
    }]);
    // The earlier checkpoint still holds.
    expect(v.problems).not.toContainEqual(expect.objectContaining({ seq: kept!.seq }));
  });

  it('reports a checkpoint whose signed statement was changed', async () => {
    const c = (await writeAuditCheckpoint(orm.em.fork(), secret))!;
    await sql('update audit_checkpoint set count = count - 1 where seq = ? and count = ?', [c.seq, c.count]);
    const v = await verifyAuditChain(orm.em.fork());
    expect(v.problems).toContainEqual(expect.objectContaining({ seq: c.seq, kind: 'checkpoint', reason: expect.stringMatching(/has no valid signature$/) }));
  });

  it('keeps the private key sealed under the secret', async () => {
    const [row] = await sql<{ private_key_sealed: string; public_key_pem: string }>('select private_key_sealed, public_key_pem from audit_signing_key');
    expect(row!.public_key_pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(row!.private_key_sealed).not.toMatch(/PRIVATE KEY/);
    await expect(auditSigningKey(orm.em.fork(), 'another-secret-of-at-least-32-characters!')).rejects.toThrow(/cannot be opened/);
    expect((await auditSigningKey(orm.em.fork(), secret)).publicKeyPem).toBe(row!.public_key_pem);
  });
});

describe('over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp(); });
  afterAll(async () => app?.close());

  it('account ids in uppercase leave refusal events that verify', async () => {
    const em = app.deps.orm.em.fork();
    const account = await makeAccount(em);
    const member = await makeUser(em, 'client_member', account);
    const c = new ApiClient(app.url);
    expect((await c.login(member.email, PASSWORD)).status).toBe(200);
    // Their own account in uppercase (the request that once broke the chain) is now found…
    expect((await c.get(`/api/accounts/${account.id.toUpperCase()}`)).status).toBe(200);
    // …and another account's id in uppercase is refused, the refusal recorded after the answer.
    const other = await makeAccount(em);
    expect((await c.get(`/api/accounts/${other.id.toUpperCase()}`)).status).toBe(404);
    const refusals = async () => app.deps.orm.em.getConnection().execute<{ seq: string; account_id: string }[]>(
      `select seq, account_id from audit_event where actor_id = ? and action = 'permission.denied'`, [member.id]);
    await expect.poll(async () => (await refusals()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const rows = await refusals();
    expect(rows[0]!.account_id).toBe(other.id);
    const seqs = rows.map((r) => Number(r.seq));
    const v = await verifyAuditChain(app.deps.orm.em.fork());
    expect(v.problems.filter((p) => seqs.includes(p.seq))).toEqual([]);
  });

  it('serves the public checkpoint key as PEM at a well-known address', async () => {
    await auditSigningKey(app.deps.orm.em.fork(), app.deps.config.auditSigningSecret);
    const res = await fetch(`${app.url}/.well-known/portico-audit-key`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-pem-file/);
    expect(await res.text()).toBe(await auditPublicKeyPem(app.deps.orm.em.fork()));
  });
});
