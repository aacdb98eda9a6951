import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeAccount, makeUser, PASSWORD } from '../support/fixtures.ts';

let app: TestApp;

beforeAll(async () => {
  // Behind one proxy hop, so each test client can stand for a different address.
  app = await startTestApp({ env: { TRUST_PROXY: '1' } });
});
afterAll(async () => app?.close());

const from = (ip: string) => new ApiClient(app.url, { 'x-forwarded-for': ip });

describe('login throttling (ASVS 6.1.1, 6.3.1)', () => {
  it('throttles the sixth attempt after five wrong passwords, saying when to retry', async () => {
    const victim = await makeUser(app.deps.orm.em.fork(), 'client_member', await makeAccount(app.deps.orm.em.fork()));
    const attacker = from('203.0.113.7');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attacker.login(victim.email, `guess-${i}-wrong`)).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses[4]).toBe(429);
    const sixth = await attacker.login(victim.email, PASSWORD);
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.code).toBe('too_many_attempts');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(sixth.body.error.message).toMatch(/Try again in \d+ minute/);
  });

  it('does not let an attacker lock the real user out: the user signs in from their own address', async () => {
    const victim = await makeUser(app.deps.orm.em.fork(), 'client_member', await makeAccount(app.deps.orm.em.fork()));
    const attacker = from('198.51.100.23');
    for (let i = 0; i < 8; i++) await attacker.login(victim.email, `guess-${i}-wrong`);
    expect((await attacker.login(victim.email, PASSWORD)).status).toBe(429);
    const realUser = from('192.0.2.44');
    expect((await realUser.login(victim.email, PASSWORD)).status).toBe(200);
  });

  it('lifts the block once it has expired', async () => {
    const victim = await makeUser(app.deps.orm.em.fork(), 'client_member', await makeAccount(app.deps.orm.em.fork()));
    const c = from('203.0.113.99');
    for (let i = 0; i < 5; i++) await c.login(victim.email, `guess-${i}-wrong`);
    expect((await c.login(victim.email, PASSWORD)).status).toBe(429);
    await app.deps.orm.em.getConnection().execute(
      `update rate_limit set expire = (extract(epoch from now()) * 1000)::bigint - 1000 where key like ?`, [`login%203.0.113.99`]);
    expect((await c.login(victim.email, PASSWORD)).status).toBe(200);
  });

  it('records failed and successful sign-ins in the audit trail with IP and user agent, and no password', async () => {
    const user = await makeUser(app.deps.orm.em.fork(), 'client_member', await makeAccount(app.deps.orm.em.fork()));
    const c = new ApiClient(app.url, { 'x-forwarded-for': '192.0.2.80', 'user-agent': 'AuditProbe/1.0' });
    await c.login(user.email, 'a wrong password');
    await c.login(user.email, PASSWORD);
    const rows = await app.deps.orm.em.getConnection().execute<{ action: string; ip: string; user_agent: string; data: unknown; actor_id: string | null }[]>(
      `select action, ip, user_agent, data, actor_id from audit_event where ip = '192.0.2.80' order by seq`);
    expect(rows.map((r) => r.action)).toEqual(['login.failed', 'login.succeeded']);
    expect(rows[1]!.actor_id).toBe(user.id);
    expect(rows.every((r) => r.user_agent === 'AuditProbe/1.0')).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('wrong password');
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
  });
});
