/**
 * The session store reads through a cache in each API process. What a user would check: a session
 * ended anywhere (sign-out in another process, a password reset, by hand in SQL) stops working in
 * every process, including while the process's change listener is down; and a busy session is
 * not read from the database on every request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeAccount, makeUser, PASSWORD } from '../support/fixtures.ts';
import type { User } from '../../db/entities/user.ts';
import { SESSION_CHANGED_CHANNEL } from '../../web-api/auth/session-store.ts';

let a: TestApp;
let b: TestApp;
let member: User;

beforeAll(async () => {
  // Two API processes over one database, as behind a load balancer.
  [a, b] = await Promise.all([startTestApp(), startTestApp()]);
  const em = a.deps.orm.em.fork();
  member = await makeUser(em, 'client_member', await makeAccount(em));
});
afterAll(async () => Promise.all([a?.close(), b?.close()]));

/** The same browser session, sent to the other process. */
function sameSessionOn(app: TestApp, c: ApiClient): ApiClient {
  const other = new ApiClient(app.url);
  other.cookie = c.cookie;
  other.csrf = c.csrf;
  return other;
}

const sidOf = (cookie: string) => decodeURIComponent(cookie.split('=')[1]!).replace(/^s:/, '').split('.')[0]!;

/** Counts the session store's reads of the `session` table on an app's pool while `fn` runs. */
async function sessionReads(app: TestApp, fn: () => Promise<void>): Promise<number> {
  const pool = app.deps.sessionPool;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  let n = 0;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && /^SELECT sess FROM "session"/i.test(args[0])) n++;
    return query(...args);
  };
  try {
    await fn();
  } finally {
    (pool as unknown as { query: unknown }).query = query;
  }
  return n;
}

async function signedIn(): Promise<ApiClient> {
  const c = new ApiClient(a.url);
  expect((await c.login(member.email, PASSWORD)).status).toBe(200);
  return c;
}

const userOf = async (c: ApiClient) => (await c.get('/api/session')).body.user?.id ?? null;

describe('sessions read through each process\'s cache', () => {
  it('reads a busy session from the database once, not on every request', async () => {
    const onB = sameSessionOn(b, await signedIn());
    const reads = await sessionReads(b, async () => {
      for (let i = 0; i < 20; i++) expect(await userOf(onB)).toBe(member.id);
    });
    expect(reads).toBeLessThanOrEqual(2);
  });

  it('ends a session in every process when the user signs out in one', async () => {
    const c = await signedIn();
    const onB = sameSessionOn(b, c);
    expect(await userOf(onB)).toBe(member.id);
    expect(await userOf(onB)).toBe(member.id);
    expect((await c.post('/api/auth/logout')).status).toBeLessThan(300);
    await expect.poll(() => userOf(onB), { timeout: 2000, interval: 20 }).toBeNull();
    expect((await onB.get('/api/home')).status).toBe(401);
  });

  it('honours a session ended or changed by hand in SQL', async () => {
    const c = await signedIn();
    const onB = sameSessionOn(b, c);
    expect(await userOf(onB)).toBe(member.id);
    // The idle clock pushed back by hand: the next request is refused as idle.
    await a.deps.orm.em.getConnection().execute(
      `update session set sess = jsonb_set(sess, '{lastSeenAt}', to_jsonb((extract(epoch from now()) * 1000 - 10 * 3600 * 1000)::bigint)) where sid = ?`, [sidOf(c.cookie)]);
    await expect.poll(async () => (await onB.get('/api/home')).status, { timeout: 2000, interval: 20 }).toBe(401);

    const d = await signedIn();
    const dOnB = sameSessionOn(b, d);
    expect(await userOf(dOnB)).toBe(member.id);
    await a.deps.orm.em.getConnection().execute('delete from session where sid = ?', [sidOf(d.cookie)]);
    await expect.poll(() => userOf(dOnB), { timeout: 2000, interval: 20 }).toBeNull();
  });

  it('ends all of a user\'s sessions everywhere when a password reset or an admin ends them', async () => {
    const sessions = [await signedIn(), await signedIn(), await signedIn()].map((c) => sameSessionOn(b, c));
    for (const s of sessions) expect(await userOf(s)).toBe(member.id);
    await a.deps.orm.em.getConnection().execute(`delete from session where sess->'passport'->'user'->>'id' = ?`, [member.id]);
    for (const s of sessions) await expect.poll(() => userOf(s), { timeout: 2000, interval: 20 }).toBeNull();
  });

  it('reads from the database while its change listener is down, and caches again once it is back', async () => {
    const c = await signedIn();
    const onB = sameSessionOn(b, c);
    expect(await userOf(onB)).toBe(member.id);
    // Cut every listener's connection (both processes'): a notification sent now would be lost.
    const conn = a.deps.orm.em.getConnection();
    const cut = await conn.execute<{ pid: number }[]>(
      `select pg_terminate_backend(pid) as cut, pid from pg_stat_activity where datname = current_database() and query = ?`, [`listen ${SESSION_CHANGED_CHANNEL}`]);
    expect(cut.length).toBeGreaterThanOrEqual(2);
    // Until it is back every request reads the row, so nothing a lost notification said is missed.
    await expect.poll(async () => sessionReads(b, async () => { await userOf(onB); }), { timeout: 2000, interval: 20 }).toBe(1);
    // The listener comes back within seconds and the cache serves again, and is told of changes again.
    await expect.poll(async () => (await conn.execute<unknown[]>(
      `select 1 from pg_stat_activity where datname = current_database() and query = ?`, [`listen ${SESSION_CHANGED_CHANNEL}`])).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => sessionReads(b, async () => { await userOf(onB); await userOf(onB); await userOf(onB); }), { timeout: 5000, interval: 50 }).toBeLessThanOrEqual(1);
    const d = await signedIn();
    const dOnB = sameSessionOn(b, d);
    expect(await userOf(dOnB)).toBe(member.id);
    expect(await userOf(dOnB)).toBe(member.id);
    await conn.execute('delete from session where sid = ?', [sidOf(d.cookie)]);
    await expect.poll(() => userOf(dOnB), { timeout: 2000, interval: 20 }).toBeNull();
  });
});
