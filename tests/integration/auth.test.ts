import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeAccount, makeUser, PASSWORD } from '../support/fixtures.ts';
import type { User } from '../../db/entities/user.ts';

let app: TestApp;
let member: User;

beforeAll(async () => {
  app = await startTestApp();
  const em = app.deps.orm.em.fork();
  member = await makeUser(em, 'client_member', await makeAccount(em));
});
afterAll(async () => app?.close());

const sessionRow = async (cookie: string) => {
  const sid = decodeURIComponent(cookie.split('=')[1]!).replace(/^s:/, '').split('.')[0];
  const rows = await app.deps.orm.em.getConnection().execute('select sid from session where sid = ?', [sid]);
  return rows.length;
};

describe('sign-in', () => {
  it('signs in with the right password and shows the user', async () => {
    const c = new ApiClient(app.url);
    const res = await c.login(member.email, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: member.email, role: 'client_member' });
    const me = await c.get('/api/session');
    expect(me.body.user.id).toBe(member.id);
  });

  it('accepts the email in any case and with spaces around it', async () => {
    const c = new ApiClient(app.url);
    expect((await c.login(`  ${member.email.toUpperCase()} `, PASSWORD)).status).toBe(200);
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const wrong = await new ApiClient(app.url, { 'x-forwarded-for': '10.0.0.1' }).login(member.email, 'not the password');
    const unknown = await new ApiClient(app.url).login('nobody-auth@example.test', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual(unknown.body.error);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('names the field when the body is wrong', async () => {
    const c = new ApiClient(app.url);
    await c.session();
    const res = await c.post('/api/auth/login', { email: 'not-an-email', password: '', role: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['email', 'password', 'role']);
  });

  it('answers invalid JSON with 400, not 500', async () => {
    const c = new ApiClient(app.url);
    await c.session();
    const res = await c.post('/api/auth/login', '{"email": ', { headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });
});

describe('sessions (ASVS 7.x)', () => {
  it('issues a new session id at sign-in and refuses the old one (fixation)', async () => {
    // Anonymous visitors have no session; a session in use before signing in (here an earlier
    // sign-in's) must not survive the next one.
    const c = new ApiClient(app.url);
    await c.login(member.email, PASSWORD);
    const before = c.cookie;
    expect(before).toMatch(/^portico\.sid=/);
    expect(await sessionRow(before)).toBe(1);
    await c.post('/api/auth/login', { email: member.email, password: PASSWORD });
    expect(c.cookie).not.toBe(before);
    expect(await sessionRow(before)).toBe(0);
    const attacker = new ApiClient(app.url);
    attacker.cookie = before;
    expect((await attacker.get('/api/session')).body.user).toBeNull();
  });

  it('deletes the session at sign-out: replaying the old cookie gets 401', async () => {
    const c = new ApiClient(app.url);
    await c.login(member.email, PASSWORD);
    const signedIn = c.cookie;
    expect((await c.get('/api/home')).status).toBe(200);
    expect((await c.post('/api/auth/logout')).status).toBe(200);
    expect(await sessionRow(signedIn)).toBe(0);
    const replay = new ApiClient(app.url);
    replay.cookie = signedIn;
    const res = await replay.get('/api/home');
    expect(res.status).toBe(401);
  });

  it('ends a session after the idle timeout', async () => {
    const c = new ApiClient(app.url);
    await c.login(member.email, PASSWORD);
    const sid = decodeURIComponent(c.cookie.split('=')[1]!).replace(/^s:/, '').split('.')[0];
    // Age the session as if the user had been away for longer than the idle limit.
    await app.deps.orm.em.getConnection().execute(
      `update session set sess = jsonb_set(sess, '{lastSeenAt}', to_jsonb((extract(epoch from now()) * 1000 - ?)::bigint)) where sid = ?`,
      [(app.config.sessionIdleMinutes + 1) * 60_000, sid]);
    expect((await c.get('/api/home')).status).toBe(401);
  });

  it('ends a session after the absolute timeout even when active', async () => {
    const c = new ApiClient(app.url);
    await c.login(member.email, PASSWORD);
    const sid = decodeURIComponent(c.cookie.split('=')[1]!).replace(/^s:/, '').split('.')[0];
    await app.deps.orm.em.getConnection().execute(
      `update session set sess = jsonb_set(sess, '{authenticatedAt}', to_jsonb((extract(epoch from now()) * 1000 - ?)::bigint)) where sid = ?`,
      [(app.config.sessionAbsoluteHours * 60 + 1) * 60_000, sid]);
    expect((await c.get('/api/home')).status).toBe(401);
  });

  it('sets HttpOnly, SameSite and no default cookie name', async () => {
    const c = new ApiClient(app.url);
    const anonymous = (await c.session()).headers.getSetCookie();
    const signedIn = (await c.post('/api/auth/login', { email: member.email, password: PASSWORD })).headers.getSetCookie();
    expect(anonymous.map((x) => x.split('=')[0])).toEqual(['portico.csrf']);
    expect(signedIn.map((x) => x.split('=')[0])).toEqual(['portico.sid']);
    for (const cookie of [...anonymous, ...signedIn]) {
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).not.toMatch(/connect\.sid/);
    }
  });
});

describe('production cookies', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await startTestApp({ env: { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), SMTP_URL: 'smtp://127.0.0.1:1', TRUST_PROXY: '1', PUBLIC_URL: 'https://portal.example.test' } });
  });
  afterAll(async () => prod?.close());

  it('uses __Host- cookies that are Secure, HttpOnly, SameSite and Path=/ without Domain', async () => {
    const c = new ApiClient(prod.url, { 'x-forwarded-proto': 'https' });
    const anonymous = (await c.session()).headers.getSetCookie()[0]!;
    const signedIn = (await c.post('/api/auth/login', { email: member.email, password: PASSWORD })).headers.getSetCookie()[0]!;
    expect(anonymous).toMatch(/^__Host-portico\.csrf=/);
    expect(signedIn).toMatch(/^__Host-portico\.sid=/);
    for (const cookie of [anonymous, signedIn]) {
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Domain=/i);
    }
  });

  it('sends HSTS for a year with subdomains', async () => {
    const res = await fetch(`${prod.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=31536000; includeSubDomains/);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the token, and with a wrong one', async () => {
    const c = new ApiClient(app.url);
    await c.login(member.email, PASSWORD);
    const none = await c.request('POST', '/api/auth/logout', {}, { headers: { 'x-csrf-token': '' } });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('csrf_invalid');
    const wrong = await c.request('POST', '/api/auth/logout', {}, { headers: { 'x-csrf-token': 'A'.repeat(43) } });
    expect(wrong.status).toBe(403);
    // Still signed in: the refused requests changed nothing.
    expect((await c.get('/api/home')).status).toBe(200);
  });

  it("refuses another session's token", async () => {
    const a = new ApiClient(app.url);
    const b = new ApiClient(app.url);
    await a.login(member.email, PASSWORD);
    await b.session();
    const res = await a.request('POST', '/api/auth/logout', {}, { headers: { 'x-csrf-token': b.csrf } });
    expect(res.status).toBe(403);
  });
});

describe('security headers', () => {
  it('sends a CSP without unsafe-inline, frame-ancestors none, nosniff and a referrer policy', async () => {
    const res = await fetch(`${app.url}/api/session`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('changes to access end sessions (ASVS 7.4.2)', () => {
  it('disabling a user signs them out everywhere and refuses their password', async () => {
    const em = app.deps.orm.em.fork();
    const admin = await makeUser(em, 'admin');
    const victim = await makeUser(em, 'client_member', await makeAccount(em));
    const v = new ApiClient(app.url);
    await v.login(victim.email, PASSWORD);
    expect((await v.get('/api/home')).status).toBe(200);
    const a = new ApiClient(app.url);
    await a.login(admin.email, PASSWORD);
    expect((await a.patch(`/api/admin/users/${victim.id}`, { disabled: true })).status).toBe(200);
    expect((await v.get('/api/home')).status).toBe(401);
    expect((await new ApiClient(app.url).login(victim.email, PASSWORD)).status).toBe(401);
  });

  it('a role change signs the user out, and the change is an audit event', async () => {
    const em = app.deps.orm.em.fork();
    const admin = await makeUser(em, 'admin');
    const account = await makeAccount(em);
    const user = await makeUser(em, 'client_member', account);
    const u = new ApiClient(app.url);
    await u.login(user.email, PASSWORD);
    const a = new ApiClient(app.url);
    await a.login(admin.email, PASSWORD);
    expect((await a.patch(`/api/admin/users/${user.id}`, { role: 'client_admin' })).status).toBe(200);
    expect((await u.get('/api/home')).status).toBe(401);
    const again = await new ApiClient(app.url).login(user.email, PASSWORD);
    expect(again.body.user.role).toBe('client_admin');
    const rows = await app.deps.orm.em.getConnection().execute<{ data: unknown; actor_id: string }[]>(
      `select data, actor_id from audit_event where action = 'user.role_changed' and target_id = ?`, [user.id]);
    expect(rows).toEqual([{ data: { from: 'client_member', to: 'client_admin' }, actor_id: admin.id }]);
  });

  it('refuses changing a client into an internal role', async () => {
    const em = app.deps.orm.em.fork();
    const admin = await makeUser(em, 'admin');
    const user = await makeUser(em, 'client_member', await makeAccount(em));
    const a = new ApiClient(app.url);
    await a.login(admin.email, PASSWORD);
    const res = await a.patch(`/api/admin/users/${user.id}`, { role: 'admin' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.role).toBeDefined();
  });
});
