import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestApp, type TestApp } from '../support/app.ts';
import { makeAccount, makeUser, assignStaff, PASSWORD } from '../support/fixtures.ts';
import type { Account } from '../../db/entities/account.ts';
import type { User } from '../../db/entities/user.ts';

let app: TestApp;
let account: Account;
let other: Account;
let staff: User;
let clientAdmin: User;
let member: User;

beforeAll(async () => {
  app = await startTestApp();
  const em = app.deps.orm.em.fork();
  account = await makeAccount(em);
  other = await makeAccount(em);
  staff = await makeUser(em, 'staff', null, { name: 'Sam Staff' });
  await assignStaff(em, account, staff);
  clientAdmin = await makeUser(em, 'client_admin', account);
  member = await makeUser(em, 'client_member', account);
});
afterAll(async () => app?.close());

/** The link in the newest outbox mail to an address (how a user receives it). */
async function mailedLink(to: string, path: 'invite' | 'reset-password'): Promise<string> {
  const rows = await app.deps.orm.em.getConnection().execute<{ text_body: string; subject: string }[]>(
    'select text_body, subject from outbox_email where to_address = ? order by created_at desc limit 1', [to]);
  expect(rows[0], `no mail to ${to}`).toBeDefined();
  const m = rows[0]!.text_body.match(new RegExp(`/${path}/([A-Za-z0-9_-]+)`));
  expect(m, rows[0]!.text_body).not.toBeNull();
  return m![1]!;
}

describe('invitations', () => {
  it('staff invite a client, who accepts with a password and lands signed in on their account', async () => {
    const s = new ApiClient(app.url);
    expect((await s.login(staff.email, PASSWORD)).status).toBe(200);
    const email = `new-${Date.now()}@client.test`;
    const inv = await s.post(`/api/accounts/${account.id}/invitations`, { email, name: 'Nia New', role: 'client_member' });
    expect(inv.status).toBe(201);
    const token = await mailedLink(email, 'invite');
    // Only the hash of the token is stored.
    const stored = await app.deps.orm.em.getConnection().execute<{ token_hash: string }[]>('select token_hash from invitation where id = ?', [inv.body.invitation.id]);
    expect(stored[0]!.token_hash).not.toContain(token);

    const guest = new ApiClient(app.url);
    const info = await guest.get(`/api/invitations/${token}`);
    expect(info.body).toMatchObject({ email, accountName: account.name, invitedBy: 'Sam Staff' });
    const accepted = await guest.post('/api/invitations/accept', { token, name: 'Nia New', password: 'a long and unusual passphrase' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.user).toMatchObject({ email, role: 'client_member', accountId: account.id });
    const home = await guest.get('/api/home');
    expect(home.status).toBe(200);
    expect(home.body.account.id).toBe(account.id);

    // Single use.
    const again = await new ApiClient(app.url).post('/api/invitations/accept', { token, name: 'Mallory', password: 'another long passphrase' });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('link_invalid');
    // And the new user can sign in normally.
    expect((await new ApiClient(app.url).login(email, 'a long and unusual passphrase')).status).toBe(200);
  });

  it('refuses an expired invitation', async () => {
    const s = new ApiClient(app.url);
    await s.login(staff.email, PASSWORD);
    const email = `late-${Date.now()}@client.test`;
    const inv = await s.post(`/api/accounts/${account.id}/invitations`, { email, role: 'client_member' });
    const token = await mailedLink(email, 'invite');
    await app.deps.orm.em.getConnection().execute(`update invitation set expires_at = now() - interval '1 minute' where id = ?`, [inv.body.invitation.id]);
    expect((await new ApiClient(app.url).get(`/api/invitations/${token}`)).status).toBe(404);
  });

  it('refuses weak passwords when accepting, naming the field', async () => {
    const s = new ApiClient(app.url);
    await s.login(staff.email, PASSWORD);
    const email = `weak-${Date.now()}@client.test`;
    await s.post(`/api/accounts/${account.id}/invitations`, { email, role: 'client_member' });
    const token = await mailedLink(email, 'invite');
    const guest = new ApiClient(app.url);
    const short = await guest.post('/api/invitations/accept', { token, name: 'W', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.fields.password).toMatch(/at least 8/);
    const common = await guest.post('/api/invitations/accept', { token, name: 'W', password: 'password123' });
    expect(common.status).toBe(400);
    expect(common.body.error.fields.password).toMatch(/too common/);
    // 64+ characters and no composition rules: a long lowercase passphrase is fine.
    const long = await guest.post('/api/invitations/accept', { token, name: 'W', password: 'the quick brown fox jumps over the lazy dog and keeps on running far away' });
    expect(long.status).toBe(200);
  });

  it('lets a client admin invite colleagues to their own account only', async () => {
    const c = new ApiClient(app.url);
    await c.login(clientAdmin.email, PASSWORD);
    const own = await c.post(`/api/accounts/${account.id}/invitations`, { email: `colleague-${Date.now()}@client.test`, role: 'client_member' });
    expect(own.status).toBe(201);
    const foreign = await c.post(`/api/accounts/${other.id}/invitations`, { email: `x-${Date.now()}@client.test`, role: 'client_member' });
    expect(foreign.status).toBe(404);
    const staffRole = await c.post(`/api/accounts/${account.id}/invitations`, { email: `y-${Date.now()}@client.test`, role: 'admin' });
    expect(staffRole.status).toBe(400);
    expect(staffRole.body.error.fields.role).toBeDefined();
  });

  it('does not let a client member invite anyone', async () => {
    const c = new ApiClient(app.url);
    await c.login(member.email, PASSWORD);
    const res = await c.post(`/api/accounts/${account.id}/invitations`, { email: `z-${Date.now()}@client.test`, role: 'client_member' });
    expect(res.status).toBe(403);
  });

  it('refuses mass assignment of accountId in the body', async () => {
    const s = new ApiClient(app.url);
    await s.login(staff.email, PASSWORD);
    const res = await s.post(`/api/accounts/${account.id}/invitations`, { email: `m-${Date.now()}@client.test`, role: 'client_member', accountId: other.id });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.accountId).toBe('Unknown field');
  });
});

describe('the business grows: an admin adds an account and a staff member', () => {
  it('creates the account, invites staff who accept, assigns them, and they see the account', async () => {
    const admin = await makeUser(app.deps.orm.em.fork(), 'admin', null, { name: 'Ada Admin' });
    const a = new ApiClient(app.url);
    await a.login(admin.email, PASSWORD);
    const created = await a.post('/api/admin/accounts', { name: 'Umbrella Corp' });
    expect(created.status).toBe(201);
    const accountId = created.body.account.id as string;

    const email = `new-staff-${Date.now()}@agency.test`;
    expect((await a.post('/api/admin/invitations', { email, name: 'Sid Staff', role: 'staff' })).status).toBe(201);
    const token = await mailedLink(email, 'invite');
    const s = new ApiClient(app.url);
    const info = await s.get(`/api/invitations/${token}`);
    expect(info.body).toMatchObject({ email, role: 'staff', accountName: null, invitedBy: 'Ada Admin' });
    const accepted = await s.post('/api/invitations/accept', { token, name: 'Sid Staff', password: 'staff member passphrase' });
    expect(accepted.body.user).toMatchObject({ role: 'staff', accountId: null });
    expect((await s.get('/api/accounts')).body.accounts).toEqual([]);
    expect((await s.get(`/api/accounts/${accountId}`)).status).toBe(404);

    const assigned = await a.put(`/api/accounts/${accountId}/team/${accepted.body.user.id}`, { teamRole: 'Account manager', isManager: true });
    expect(assigned.status).toBe(200);
    expect((await s.get('/api/accounts')).body.accounts.map((x: { name: string }) => x.name)).toEqual(['Umbrella Corp']);
    const page = await s.get(`/api/accounts/${accountId}`);
    expect(page.body.team).toEqual([expect.objectContaining({ name: 'Sid Staff', teamRole: 'Account manager', isManager: true })]);

    expect((await a.request('DELETE', `/api/accounts/${accountId}/team/${accepted.body.user.id}`)).status).toBe(204);
    expect((await s.get(`/api/accounts/${accountId}`)).status).toBe(404);
  });

  it('refuses to invite a client role through the business invitation', async () => {
    const admin = await makeUser(app.deps.orm.em.fork(), 'admin');
    const a = new ApiClient(app.url);
    await a.login(admin.email, PASSWORD);
    const res = await a.post('/api/admin/invitations', { email: `c-${Date.now()}@x.test`, role: 'client_admin' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.role).toMatch(/staff, admin or compliance reviewer/);
  });
});

describe('password reset', () => {
  it('mails a single-use link; the new password works, the old does not, other sessions end', async () => {
    const em = app.deps.orm.em.fork();
    const user = await makeUser(em, 'client_member', account);
    const elsewhere = new ApiClient(app.url);
    await elsewhere.login(user.email, PASSWORD);
    expect((await elsewhere.get('/api/home')).status).toBe(200);

    const c = new ApiClient(app.url);
    await c.session();
    expect((await c.post('/api/auth/password-reset/request', { email: user.email })).status).toBe(202);
    // The link is made and mailed after the answer (so known and unknown addresses take the same time).
    await expect.poll(async () => (await app.deps.orm.em.getConnection().execute('select 1 from outbox_email where to_address = ?', [user.email])).length, { timeout: 30_000 }).toBe(1);
    const token = await mailedLink(user.email, 'reset-password');
    const done = await c.post('/api/auth/password-reset/complete', { token, password: 'my brand new passphrase' });
    expect(done.status).toBe(200);
    expect(done.body.user.email).toBe(user.email);
    expect((await elsewhere.get('/api/home')).status).toBe(401);
    expect((await new ApiClient(app.url).login(user.email, PASSWORD)).status).toBe(401);
    expect((await new ApiClient(app.url).login(user.email, 'my brand new passphrase')).status).toBe(200);
    expect((await new ApiClient(app.url).post('/api/auth/password-reset/complete', { token, password: 'yet another passphrase' })).status).toBe(404);
  });

  it('answers an unknown address exactly like a known one and mails nothing', async () => {
    const c = new ApiClient(app.url);
    await c.session();
    const email = `ghost-${Date.now()}@nowhere.test`;
    const res = await c.post('/api/auth/password-reset/request', { email });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({});
    // The work after the answer: a known address asked next is mailed, the unknown one never.
    const known = await makeUser(app.deps.orm.em.fork(), 'client_member', account);
    const same = await c.post('/api/auth/password-reset/request', { email: known.email });
    expect([same.status, same.body]).toEqual([202, {}]);
    await expect.poll(async () => (await app.deps.orm.em.getConnection().execute('select 1 from outbox_email where to_address = ?', [known.email])).length, { timeout: 30_000 }).toBe(1);
    const rows = await app.deps.orm.em.getConnection().execute('select 1 from outbox_email where to_address = ?', [email]);
    expect(rows).toHaveLength(0);
  });
});
