import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { initORM } from '../../db/orm.ts';
import { recordAudit, verifyAuditChain, GENESIS_HASH } from '../../db/audit.ts';
import { execFileSync } from 'node:child_process';
import { createTestDatabase } from '../support/db.ts';

// A database of this file's own: the test tampers with rows by hand.
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase('audit');
  orm = await initORM(db.url);
});
afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

const actor = { id: null, email: 'reviewer@example.test', role: 'compliance_reviewer' };

describe('audit chain', () => {
  it('links each event to the previous one and verifies', async () => {
    const first = await recordAudit(orm.em.fork(), { action: 'test.one', actor, ip: '192.0.2.1', userAgent: 'UA', data: { n: 1 } });
    const second = await recordAudit(orm.em.fork(), { action: 'test.two', actor, data: { nested: { b: 2, a: [1, 'x'] } } });
    const rows = await orm.em.getConnection().execute<{ prev_hash: string; hash: string }[]>('select prev_hash, hash from audit_event order by seq');
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(first.hash);
    expect(rows[1]!.hash).toBe(second.hash);
    const v = await verifyAuditChain(orm.em.fork());
    expect(v).toMatchObject({ ok: true, count: 2, head: second.hash, firstBad: null, problems: [] });
  });

  it('records an event key once, even when recorded again (a retried activity)', async () => {
    const a = await recordAudit(orm.em.fork(), { eventKey: 'invoice:42:reminder:1', action: 'test.retry', data: {} });
    const b = await recordAudit(orm.em.fork(), { eventKey: 'invoice:42:reminder:1', action: 'test.retry', data: {} });
    expect(b).toEqual({ ...a, created: false });
    const n = await orm.em.getConnection().execute<{ n: string }[]>(`select count(*) as n from audit_event where event_key = 'invoice:42:reminder:1'`);
    expect(Number(n[0]!.n)).toBe(1);
  });

  it('keeps one chain under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => recordAudit(orm.em.fork(), { action: 'test.concurrent', data: { i } })));
    const v = await verifyAuditChain(orm.em.fork());
    expect(v.ok).toBe(true);
  });

  it('refuses secret-looking fields in event data', async () => {
    await expect(recordAudit(orm.em.fork(), { action: 'test.secret', data: { password: 'hunter2' } })).rejects.toThrow(/secret-looking/);
    await expect(recordAudit(orm.em.fork(), { action: 'test.secret', data: { nested: { resetToken: 'x' } } })).rejects.toThrow(/secret-looking/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    const conn = orm.em.getConnection();
    await expect(conn.execute(`update audit_event set action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(conn.execute('delete from audit_event')).rejects.toThrow(/append-only/);
    await expect(conn.execute('truncate audit_event')).rejects.toThrow(/append-only/);
  });

  it('names the first tampered event when a row is changed by hand', async () => {
    const rows = await orm.em.getConnection().execute<{ seq: string }[]>('select seq from audit_event order by seq limit 3');
    const victim = Number(rows[2]!.seq);
    // An attacker with database access disables the trigger and rewrites history.
    await orm.em.getConnection().execute(`alter table audit_event disable trigger audit_event_no_update_delete`);
    await orm.em.getConnection().execute(`update audit_event set data = '{"n": 999}' where seq = ?`, [victim]);
    await orm.em.getConnection().execute(`alter table audit_event enable trigger audit_event_no_update_delete`);
    const v = await verifyAuditChain(orm.em.fork());
    expect(v.ok).toBe(false);
    expect(v.firstBad).toEqual({ seq: victim, reason: 'content does not match its hash' });

    // The operator's command says the same, and fails.
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
    expect(out).toContain(`audit chain BROKEN at event ${victim}: content does not match its hash`);
  });
});
